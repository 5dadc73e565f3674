"""`make deploy-check`: the production set-up of deploy/, tried for real on this machine.

As root, it installs Debian's nginx, PostgreSQL and PgBouncer if missing, makes a
throwaway self-signed certificate, and starts on ports of its own (deploy/cluster.py) a
PostgreSQL primary with the seed and 100,000 synthetic projects, a streaming standby of
it, and PgBouncer in transaction mode in front of both; then two gunicorn app servers
(deploy/gunicorn.conf.py) with the production settings (DJANGO_DEBUG off, DJANGO_HTTPS
on, DJANGO_BEHIND_PROXY on) reaching both through PgBouncer. nginx, configured from
deploy/nginx-portal.conf, serves HTTPS on a high local port in front of them and
reaches them from 127.0.0.2, so that the client's address (127.0.0.1) and the proxy's
differ. Then it checks, through the proxy unless said otherwise:

- the login over HTTPS, with Secure, HttpOnly, __Host- cookies and HSTS;
- a list page;
- an admin edit made on app server 1 seen at once on app server 2 (one shared cache);
- static files served by nginx itself, cached for a year;
- /healthz and /readyz over plain HTTP on each app server: answered, not redirected;
- the client's real address in the security log (not the proxy's, not a forged one);
- the standby and PgBouncer (deploy/check_cluster.py): reads served by the standby,
  read-your-writes, a paused standby routed around past the lag limit, a stopped one
  falling back to the primary; the role's timeouts through PgBouncer, every page, a
  streamed export of 100,000 rows, an import, 200 clients on 20 server connections, and
  no session state left on any server connection;
- a follower's email digest, sent by `manage.py send_digests` to a real SMTP server on
  127.0.0.1 (aiosmtpd): it arrives, in the follower's language, with absolute links;
- app server 1 stopped: the site still answers, through app server 2.

It stops everything it started, prints a short report and writes it to
bench/results/deploy-check.md. Exit status 0 when every check passed. --quick (CI)
loads no synthetic projects and crawls 300 URLs.

    .venv/bin/python deploy/check.py [--port 8443] [--quick]
"""

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from email import message_from_bytes, policy
from pathlib import Path

import check_cluster
from browser import Client, FormFields, save
from cluster import POOLER_PORT, PRIMARY_PORT, STANDBY_PORT, Cluster, Failed

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
APP_PORTS = (8791, 8792)
PROXY_ADDRESS = "127.0.0.2"  # nginx's side of its connections to the app servers
FORGED = "203.0.113.66"  # an address a client claims in X-Forwarded-For
SMTP_PORT = 8725
CHECK_EMAIL = "deploy-check@example.org"
MAX_LAG = 5  # DATABASE_REPLICA_MAX_LAG: the oldest data a page may show, in seconds
SYNTHETIC_PROJECTS = 100_000  # for a streamed export of that many rows


class Mailbox:
    """aiosmtpd's handler: the messages the SMTP server accepted."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def run(*args, env=None, check=True, quiet=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=ROOT,
        env=env,
        check=check,
        text=True,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
    )


def ensure_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Failed("nginx is needed: sudo apt-get install nginx (or run make deploy-check as root)")
    print("Installing Debian's nginx...", flush=True)
    run("apt-get", "update", "-qq")
    run("apt-get", "install", "-y", "-qq", "nginx", env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("nginx") or "/usr/sbin/nginx"


def certificate(folder: Path) -> tuple[Path, Path]:
    key, cert = folder / "portal.key", folder / "portal.pem"
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost",
        "-keyout",
        key,
        "-out",
        cert,
    )
    return key, cert


def nginx_conf(folder: Path, port: int, key: Path, cert: Path) -> Path:
    """deploy/nginx-portal.conf for this machine: the check's ports, certificate, static
    folder and temporary paths, inside a complete nginx.conf."""
    site = (ROOT / "deploy" / "nginx-portal.conf").read_text()
    site = re.sub(r"server 127\.0\.0\.1:8001", f"server 127.0.0.1:{APP_PORTS[0]}", site)
    site = re.sub(r"server 127\.0\.0\.1:8002", f"server 127.0.0.1:{APP_PORTS[1]}", site)
    site = site.replace("listen 80;", "listen 127.0.0.1:" + str(port + 1) + ";").replace("listen [::]:80;", "")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;")
    site = site.replace("listen [::]:443 ssl http2;", "")
    site = site.replace("portal.example.org", "localhost")
    site = site.replace("/etc/ssl/certs/localhost.pem", str(cert)).replace("/etc/ssl/private/localhost.key", str(key))
    site = site.replace("/srv/portal/staticfiles/", f"{ROOT / 'staticfiles'}/")
    bind = f"proxy_pass http://portal_app;\n        proxy_bind {PROXY_ADDRESS};"
    site = site.replace("proxy_pass http://portal_app;", bind)
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""user root;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    sendfile on;
{site}
}}
"""
    )
    return conf


def wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(120):
        if process.poll() is not None:
            raise Failed(f"app server on {port} stopped: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise Failed(f"app server on {port} did not answer /healthz")


class Checks(list):
    """The results, (name, passed, detail), printed as they come."""

    def __call__(self, name: str, passed: bool, detail: str = "") -> None:
        self.append((name, bool(passed), detail))
        print(f"{'PASS' if passed else 'FAIL'}  {name}{f'  ({detail})' if detail else ''}", flush=True)


class Site:
    """What the check starts: nginx in front of two app servers on one database."""

    def __init__(self, port: int, synthetic: int = SYNTHETIC_PROJECTS):
        self.port = port
        self.synthetic = synthetic
        self.origin = f"https://localhost:{port}"
        self.folder = Path(tempfile.mkdtemp(prefix="portal-deploy-check-"))
        self.password = secrets.token_urlsafe(18)
        self.secret_key = secrets.token_urlsafe(50)  # one for all app servers
        self.processes: list[subprocess.Popen] = []
        self.logs: dict[int, Path] = {}
        self.app_servers: dict[int, subprocess.Popen] = {}
        self.cluster: Cluster | None = None
        self.facts: dict[str, str] = {}
        self.cert = Path()
        self.mailbox = Mailbox()
        self.smtp = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.smtp = Controller(self.mailbox, hostname="127.0.0.1", port=SMTP_PORT)
        self.smtp.start()
        nginx = ensure_nginx()
        self.facts["nginx"] = run(nginx, "-v").stdout.strip().removeprefix("nginx version: ")
        key, self.cert = certificate(self.folder)
        self.cluster = Cluster()
        self.facts.update(self.cluster.facts())
        print(f"Starting PostgreSQL {self.facts['postgresql']} and loading the data...", flush=True)
        self.cluster.start_primary()
        direct = {**self._environment(), "DATABASE_URL": self.cluster.direct_url()}
        del direct["DATABASE_REPLICA_URL"]
        self._prepare_database(direct)
        print("Starting the standby and PgBouncer...", flush=True)
        self.cluster.start_standby()
        self.cluster.start_pooler()
        for port in APP_PORTS:
            self.start_app_server(port)
        for port, process in self.app_servers.items():
            wait_for(port, process, self.logs[port])
        conf = nginx_conf(self.folder, self.port, key, self.cert)
        run(nginx, "-t", "-c", conf, "-p", self.folder)
        command = [nginx, "-c", conf, "-p", self.folder, "-g", "daemon off;"]
        self.processes.append(subprocess.Popen(command, cwd=self.folder))
        time.sleep(1)

    def start_app_server(self, port: int) -> None:
        self.logs[port] = self.folder / f"app-{port}.log"
        app_env = {**self._environment(), "GUNICORN_BIND": f"127.0.0.1:{port}"}
        app_env["PROMETHEUS_MULTIPROC_DIR"] = str(self.folder / f"metrics-{port}")
        with open(self.logs[port], "a") as log:
            command = [GUNICORN, "-c", "deploy/gunicorn.conf.py"]
            self.app_servers[port] = subprocess.Popen(command, cwd=ROOT, env=app_env, stdout=log, stderr=log)
        self.processes.append(self.app_servers[port])

    def _environment(self) -> dict:
        """The production settings, with none of this shell's own."""
        prefixes = ("DJANGO_", "DATABASE_", "PORTAL_", "GUNICORN_", "PROMETHEUS_")
        return {
            **{key: value for key, value in os.environ.items() if not key.startswith(prefixes)},
            **(self.cluster.urls() if self.cluster else {}),
            "DATABASE_REPLICA_MAX_LAG": str(MAX_LAG),
            "DATABASE_REPLICA_RETRY": "2",
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "true",
            "DJANGO_BEHIND_PROXY": "true",
            "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
            "DJANGO_SECRET_KEY": self.secret_key,
            "GUNICORN_WORKERS": "2",
            "GUNICORN_FORWARDED_ALLOW_IPS": PROXY_ADDRESS,
            "LOG_FORMAT": "json",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(SMTP_PORT),
            "EMAIL_USE_TLS": "false",
            "PORTAL_BASE_URL": self.origin,
        }

    def _prepare_database(self, env: dict) -> None:
        manage = [PYTHON, "manage.py"]
        for command in (
            ["migrate", "--noinput"],
            ["configure_database"],
            ["createcachetable"],
            ["load_seed"],
            ["generate_synthetic", "--projects", str(self.synthetic), "--organisations", str(self.synthetic // 10)],
            ["collectstatic", "--noinput"],
        ):
            if command[0] == "generate_synthetic" and not self.synthetic:
                continue
            run(*manage, *command, env=env)
        user = (
            "from django.contrib.auth.models import User; User.objects.filter(username='deploy-check').delete(); "
            f"User.objects.create_superuser('deploy-check', '{CHECK_EMAIL}', password='{self.password}')"
        )
        run(*manage, "shell", "-c", user, env=env)

    def proxy(self) -> Client:
        return Client("localhost", self.port, ssl.create_default_context(cafile=str(self.cert)))

    def manage(self, *args, check: bool = True) -> subprocess.CompletedProcess:
        """A management command with the app servers' settings (through PgBouncer)."""
        return run(PYTHON, "manage.py", *args, env=self._environment(), check=check)

    def show_logs(self, lines: int = 40) -> None:
        """The end of each app server's log and of PgBouncer's, for a failed check."""
        logs = [*self.logs.values(), self.folder / "nginx-error.log"]
        logs += [self.cluster.folder / "pgbouncer.log"] if self.cluster else []
        for log in logs:
            if log.exists():
                print(f"--- {log.name}", *log.read_text(errors="replace").splitlines()[-lines:], sep="\n")

    def stop(self) -> None:
        if self.smtp is not None:
            self.smtp.stop()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        if self.cluster is not None:
            self.cluster.stop_all()
        shutil.rmtree(self.folder, ignore_errors=True)


def log_in(site: Site, client: Client, headers: dict | None = None):
    """Logs the check's user in; the login page's response and the login's."""
    page_response, page = client.request("GET", "/accounts/login/")
    token = FormFields()
    token.feed(page)
    response, _ = client.request(
        "POST",
        "/accounts/login/",
        {**token.fields, "username": "deploy-check", "password": site.password},
        {"Referer": site.origin + "/accounts/login/", "Origin": site.origin, **(headers or {})},
    )
    return page_response, response


def check_login(site: Site, proxy: Client, check: Checks) -> None:
    """Logging in over HTTPS: HSTS, and cookies that stay on this host and on HTTPS."""
    response, login = log_in(site, proxy, {"X-Forwarded-For": FORGED})
    csrf = next((c for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("__Host-csrftoken=")), "")
    hsts = response.headers.get("Strict-Transport-Security", "")
    check("login page over HTTPS, with HSTS", response.status == 200 and "max-age=31536000" in hsts, hsts)
    response = login
    cookies = response.headers.get_all("Set-Cookie") or []
    session = next((c for c in cookies if c.startswith("__Host-sessionid=")), "")
    check(
        "login over HTTPS",
        response.status == 302 and response.headers.get("Location") == "/",
        f"{response.status} to {response.headers.get('Location')}",
    )
    check(
        "session cookie is __Host-, Secure, HttpOnly",
        all(part in session for part in ("Secure", "HttpOnly", "Path=/")) and "Domain" not in session,
        session.split(";", 1)[1].strip() if session else "no __Host-sessionid cookie",
    )
    check("CSRF cookie is __Host- and Secure", "Secure" in csrf, csrf.split(";", 1)[1].strip() if csrf else "none")


def check_http2(site: Site, check: Checks) -> None:
    alpn = ssl.create_default_context(cafile=str(site.cert))
    alpn.set_alpn_protocols(["h2", "http/1.1"])
    raw = socket.create_connection(("localhost", site.port))
    with alpn.wrap_socket(raw, server_hostname="localhost") as tls_socket:
        protocol, version = tls_socket.selected_alpn_protocol(), tls_socket.version()
    check("HTTP/2 offered (TLS ALPN)", protocol == "h2", f"{protocol}, {version}")


def check_edit_seen_on_both_servers(site: Site, proxy: Client, check: Checks) -> str:
    """A theme renamed through app server 1 shows at once on app server 2 (one shared
    cache), then gets its name back. Returns server 2's page after the edit."""
    forwarded = {"X-Forwarded-Proto": "https", "Host": f"localhost:{site.port}"}
    one = Client("127.0.0.1", APP_PORTS[0], None, forwarded)
    two = Client("127.0.0.1", APP_PORTS[1], None, forwarded)
    one.cookies = two.cookies = dict(proxy.cookies)
    _, before = two.request("GET", "/projects/")  # now in the shared cache
    _, form_page = one.request("GET", "/admin/partnerships/theme/")
    first = re.search(r'href="(/admin/partnerships/theme/(\d+)/change/)[^"]*">([^<]+)</a>', form_page)
    if not first:
        raise Failed("no theme in the admin list")
    change_url, old_name = first.group(1), first.group(3)
    new_name = f"{old_name} (checked {datetime.datetime.now():%H%M%S})"
    response = save(one, site.origin, change_url, {"name": new_name})
    edited = response.status == 302
    _, after = two.request("GET", "/projects/")
    check(
        "an admin edit on app server 1 shows at once on app server 2",
        edited and old_name in before and new_name in after,
        f"theme renamed to “{new_name}”" if edited else f"the edit answered {response.status}",
    )
    save(one, site.origin, change_url, {"name": old_name})
    return after


def check_static_files(proxy: Client, page: str, check: Checks) -> None:
    name = "static files served by nginx, kept for a year"
    css = re.search(r'href="(/static/css/portal\.[0-9a-f]+\.css)"', page)
    if not css:
        check(name, False, "no hashed stylesheet on the page")
        return
    response, _ = proxy.request("GET", css.group(1))
    cache = response.headers.get("Cache-Control", "")
    by_nginx = "X-Request-ID" not in response.headers and response.headers.get("Server", "").startswith("nginx")
    check(name, response.status == 200 and by_nginx and "immutable" in cache, f"{css.group(1)}: {cache}")


def check_security_log(site: Site, check: Checks) -> None:
    """The client's real address in the security log, in JSON lines."""
    time.sleep(0.5)
    log_lines = "".join(site.logs[port].read_text() for port in APP_PORTS)
    logins = [json.loads(line) for line in log_lines.splitlines() if '"logger": "portal.security"' in line]
    login = next((line for line in logins if line["message"].startswith("login user=deploy-check")), None)
    check(
        "the security log has the client's address, not the proxy's or a forged one",
        login is not None and "ip=127.0.0.1" in login["message"],
        login["message"] if login else "no login line",
    )
    check(
        "log lines are JSON with time, level, logger, request id and user",
        login is not None and {"time", "level", "logger", "request_id", "user"} <= set(login),
        ", ".join(sorted(login)) if login else "",
    )


def check_digest(site: Site, proxy: Client, check: Checks) -> None:
    """Follow the GMG in French through the proxy; someone else changes a member from a
    command; the digest command mails it through the SMTP server on 127.0.0.1."""
    _, page = proxy.request("GET", "/gmg/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    headers = {"Referer": site.origin + "/gmg/", "Origin": site.origin, "Accept-Language": "fr"}
    body = {"csrfmiddlewaretoken": token.group(1) if token else "", "kind": "gmg", "next": "/gmg/"}
    response, _ = proxy.request("POST", "/following/follow/", body, headers)
    if response.status != 302:
        check("an email digest through a real SMTP server", False, f"following answered {response.status}")
        return
    site.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from gmg.models import Membership; "
        "m = Membership.objects.order_by('pk').first(); m.note = 'Confirmed by the secretariat'; "
        "m._history_user = User.objects.get_or_create(username='deploy-check-editor')[0]; m.save()",
    )
    site.manage("send_digests")
    deadline = time.monotonic() + 10
    while not site.mailbox.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    if not site.mailbox.messages:
        check("an email digest through a real SMTP server", False, "no message arrived")
        return
    envelope = site.mailbox.messages[0]
    message = message_from_bytes(envelope.content, policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    links = [site.origin + "/gmg/", site.origin + "/notifications/", site.origin + "/following/"]
    check(
        "an email digest through a real SMTP server, in the follower's language, with absolute links",
        envelope.rcpt_tos == [CHECK_EMAIL]
        and "résumé quotidien" in message["Subject"]
        and all(link in text for link in links),
        f"to {', '.join(envelope.rcpt_tos)}: “{message['Subject'].strip()}”, links to {', '.join(links)}",
    )


def run_checks(site: Site, check: Checks) -> None:
    proxy = site.proxy()
    check_login(site, proxy, check)
    check_http2(site, check)
    response, page = proxy.request("GET", "/projects/?theme=health")
    check("a list page through the proxy", response.status == 200 and "Projects" in page, f"{len(page):,} bytes")
    page = check_edit_seen_on_both_servers(site, proxy, check)
    check_static_files(proxy, page, check)
    for port in APP_PORTS:  # probes over plain HTTP, straight to the app servers
        plain = Client("127.0.0.1", port, None)
        answers = [plain.request("GET", path)[0].status for path in ("/healthz", "/readyz")]
        check(f"/healthz and /readyz over plain HTTP on app server :{port}", answers == [200, 200], str(answers))
    check_security_log(site, check)
    check_cluster.check_reads_on_the_standby(site, proxy, check)
    reader = site.proxy()  # another browser, which has not written
    log_in(site, reader)
    check_cluster.check_lagging_standby(site, proxy, reader, check, MAX_LAG)
    check_cluster.check_stopped_standby(site, reader, check)
    check_cluster.check_timeouts_through_the_pooler(site, check)
    check_cluster.check_every_page(site, proxy, check, most=700 if site.synthetic else 300)
    check_cluster.check_large_export(site, proxy, check, site.synthetic)
    check_cluster.check_import(site, check, ROOT / "tests" / "data" / "iati" / "every-element.xml")
    check_cluster.check_many_clients(site, check)
    check_cluster.check_no_session_state(site, check)
    check_digest(site, proxy, check)
    site.app_servers[APP_PORTS[0]].send_signal(signal.SIGTERM)  # app server 1 stops; the site stays up
    site.app_servers[APP_PORTS[0]].wait(timeout=80)
    statuses = [proxy.request("GET", "/projects/")[0].status for _ in range(6)]
    check("app server 1 stopped: the site still answers", statuses == [200] * 6, str(statuses))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8443, help="nginx's HTTPS port (127.0.0.1)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="CI's run: the seed only (no 100,000 synthetic projects to load and export), 300 URLs crawled",
    )
    args = parser.parse_args()
    started = time.monotonic()
    check = Checks()
    site = Site(args.port, synthetic=0 if args.quick else SYNTHETIC_PROJECTS)
    try:
        site.start()
        run_checks(site, check)
    except Failed as error:
        check("set-up", False, str(error))
    except (OSError, subprocess.CalledProcessError, ssl.SSLError) as error:
        output = getattr(error, "stdout", "") or ""
        check("set-up", False, f"{error} {output[-1500:]}")
    finally:
        if not all(passed for _, passed, _ in check):
            site.show_logs()
        site.stop()
    report(check, site, time.monotonic() - started)
    return 0 if check and all(passed for _, passed, _ in check) else 1


def report(results, site: Site, seconds: float) -> None:
    facts, port = site.facts, site.port
    data = f"the seed and {site.synthetic:,} synthetic projects" if site.synthetic else "the seed (--quick)"
    passed = sum(1 for _, ok, _ in results if ok)
    lines = [
        f"# Deploy check, {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"`make deploy-check`: nginx {facts.get('nginx', '?')} with TLS on 127.0.0.1:{port} in front of two gunicorn "
        f"app servers (127.0.0.1:{APP_PORTS[0]} and :{APP_PORTS[1]}, production settings), through PgBouncer "
        f"{facts.get('pgbouncer', '?')} (transaction mode, :{POOLER_PORT}) to a PostgreSQL "
        f"{facts.get('postgresql', '?')} primary (:{PRIMARY_PORT}) and its streaming standby (:{STANDBY_PORT}), "
        f"with {data}. "
        f"{passed} of {len(results)} checks passed in {seconds:.0f} s.",
        "",
        "| check | result | detail |",
        "|---|---|---|",
        *(f"| {name} | {'pass' if ok else 'FAIL'} | {detail.replace('|', '/')} |" for name, ok, detail in results),
        "",
    ]
    text = "\n".join(lines)
    print("\n" + text)
    (ROOT / "bench" / "results" / "deploy-check.md").write_text(text)


if __name__ == "__main__":
    sys.exit(main())
