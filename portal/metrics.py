"""/metrics in Prometheus's text format: requests (count and latency, by view, method
and status), the time each request spent in SQL, the shared cache's lookups and, with a
standby, its replication lag as the portal measures it (portal/replica.py).

With several gunicorn workers each keeps its own numbers; PROMETHEUS_MULTIPROC_DIR (set
by deploy/gunicorn.conf.py) makes them write to files that /metrics adds up. Reachable
from settings.METRICS_ALLOWED_IPS or with "Authorization: Bearer <METRICS_TOKEN>".
"""

import hmac
import os
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_safe
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from . import replica
from .security_log import client_ip

REQUESTS = Counter("portal_requests_total", "Requests answered", ["view", "method", "status"])
LATENCY = Histogram(
    "portal_request_seconds",
    "Time to answer a request",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
SQL = Histogram(
    "portal_request_sql_seconds",
    "Time a request spent in SQL statements",
    ["view"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
QUERIES = Counter("portal_sql_queries_total", "SQL statements run", ["alias"])
CACHE = Histogram(
    "portal_cache_seconds", "Time of a lookup in the shared cache", ["result"], buckets=(0.001, 0.005, 0.01, 0.05, 0.1)
)


def observe_cache(seconds: float, hit: bool) -> None:
    CACHE.labels("hit" if hit else "miss").observe(seconds)


def middleware(get_response):
    def middleware(request):
        spent = [0.0]

        def timed(alias):
            def wrapper(execute, sql, params, many, context):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    spent[0] += time.perf_counter() - started
                    QUERIES.labels(alias).inc()

            return wrapper

        started = time.perf_counter()
        wrappers = [connections[alias].execute_wrapper(timed(alias)) for alias in settings.DATABASES]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match and match.view_name else "unmatched"
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(time.perf_counter() - started)
        SQL.labels(view).observe(spent[0])
        return response

    return middleware


class StandbyCollector:
    """The standby's state, read when /metrics is asked: whether it streams, and its lag
    (0 when it has replayed all it received; see portal/replica.py)."""

    def collect(self):
        lag = replica.replication_lag()
        up = GaugeMetricFamily("portal_replica_up", "1 when the standby answers and streams from the primary")
        up.add_metric([], 0 if lag is None else 1)
        yield up
        if lag is not None:
            yield GaugeMetricFamily("portal_replica_lag_seconds", "How old the standby's data may be", value=lag)


def _allowed(request) -> bool:
    if settings.METRICS_TOKEN:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {settings.METRICS_TOKEN}".encode()):
            return True
    # Behind the proxy, a request it forwarded comes from the proxy's address: the
    # client's own is the one that counts (a probe of the app server has none).
    return client_ip(request) in settings.METRICS_ALLOWED_IPS


@login_not_required
@require_safe
def metrics(request):
    if not _allowed(request):
        return HttpResponseNotFound("Not found", content_type="text/plain")
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    text = generate_latest(registry)
    if settings.READ_REPLICA is not None:
        standby = CollectorRegistry()
        standby.register(StandbyCollector())
        text += generate_latest(standby)
    return HttpResponse(text, content_type=CONTENT_TYPE_LATEST)
