"""gunicorn settings for one Partnership Portal app server (`gunicorn -c deploy/gunicorn.conf.py`).

Values come from the environment (deploy/portal.env.sample lists them); the defaults
suit a 2-4 core machine behind nginx on the same host.
"""

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

wsgi_app = "portal.wsgi:application"
# One address per app server: "127.0.0.1:8001", or "unix:/run/portal/portal.sock".
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers, two per core plus one (gunicorn's advice), at most 12: each holds a
# database connection, and PostgreSQL's max_connections is shared by every app server.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 12)))
worker_class = "sync"
# The largest answer is a full CSV export of a million projects (about a minute here,
# bench/results); a worker is stopped only well after that.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 180))
# On SIGHUP or SIGTERM, workers finish the requests they have before stopping: a reload
# (`systemctl reload portal`) starts new workers first and drops no request.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 60))
keepalive = 5  # nginx keeps connections to the app server open (upstream keepalive)
# Recycle workers now and then, a little apart, so that memory never creeps.
max_requests = 2000
max_requests_jitter = 200
# Who asked what, how it went and how long it took (%(M)s: milliseconds); the request id
# ties the line to the application's own log lines.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}i)s'
# nginx on the same host is the only client; it passes the client's address in
# X-Forwarded-For (DJANGO_BEHIND_PROXY makes the portal read it).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "partnership-portal"

# Metrics of all workers in one /metrics: each worker writes its numbers to files here.
_metrics = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix=f"portal-metrics-{bind.replace('/', '_')}-")
)


def on_starting(server):
    """A fresh start counts from zero: the files of an earlier run are removed."""
    shutil.rmtree(_metrics, ignore_errors=True)
    Path(_metrics).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
