"""The checks of deploy/check.py that concern the database side (deploy/cluster.py): reads
served by the streaming standby, read-your-writes, its lag measured and kept within the
limit, a stopped standby; and PgBouncer in transaction mode: every page, export, import
and API call through it, the role's timeouts, no session state left behind, and 200
clients on 20 server connections.

Each check takes the Site (deploy/check.py), a logged-in Client through the proxy, and
Checks, which records the result."""

import re
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html import escape
from html.parser import HTMLParser

import psycopg2
from browser import Client, save
from cluster import DATABASE, POOLER_PORT, PRIMARY_PORT, STANDBY_DATABASE, STANDBY_PORT

READS = {
    "list": "/projects/?theme=health",
    "record": "/projects/solar-lanterns-somalia/",
    "API": "/api/projects/?page_size=5",
    "export": "/projects/export.csv?theme=health",
}
# The parameters PgBouncer itself keeps per client and sets on the server connection.
TRACKED = (
    "client_encoding",
    "DateStyle",
    "TimeZone",
    "IntervalStyle",
    "standard_conforming_strings",
    "application_name",
)
SESSION_STATE = f"""
SELECT pg_backend_pid(),
       (SELECT string_agg(name, ', ') FROM pg_settings WHERE source = 'session' AND name NOT IN {TRACKED}),
       (SELECT count(*) FROM pg_prepared_statements),
       (SELECT count(*) FROM pg_cursors),
       (SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()),
       (SELECT count(*) FROM pg_listening_channels())
"""


def statements(site) -> Counter:
    """SQL statements run so far by both app servers, by database alias (/metrics)."""
    total = Counter()
    for port in site.app_servers:
        _, text = Client("127.0.0.1", port, None).request("GET", "/metrics")
        for alias, value in re.findall(r'portal_sql_queries_total\{alias="(\w+)"\} ([\d.e+]+)', text):
            total[alias] += float(value)
    return total


def _read(proxy: Client, path: str, site) -> tuple[int, float, float, str]:
    """Status, statements on the standby and on the primary, and the page."""
    before = statements(site)
    response, page = proxy.request("GET", path)
    after = statements(site)
    return response.status, after["replica"] - before["replica"], after["default"] - before["default"], page


def check_reads_on_the_standby(site, proxy: Client, check) -> None:
    results = {name: _read(proxy, path, site) for name, path in READS.items()}
    check(
        "list, record, API and export reads are served by the standby",
        all(status == 200 and on_standby > 0 for status, on_standby, _, _ in results.values()),
        "; ".join(
            f"{name}: {status}, {on_standby:.0f} statements on the standby, {on_primary:.0f} on the primary"
            for name, (status, on_standby, on_primary, _) in results.items()
        )
        + " (the primary's: the session, the user and the shared cache)",
    )


def _theme(site) -> tuple[int, str, str]:
    _, rows = site.cluster.execute(PRIMARY_PORT, "SELECT id, name FROM partnerships_theme ORDER BY id LIMIT 1")
    pk, name = rows[0]
    return pk, name, f"/admin/partnerships/theme/{pk}/change/"


def _working_group(site) -> tuple[int, str, str]:
    """A GMG working group: cheap to rename (no facet rows follow), shown on GROUPS."""
    _, rows = site.cluster.execute(PRIMARY_PORT, "SELECT id, name FROM gmg_workinggroup ORDER BY id LIMIT 1")
    pk, name = rows[0]
    return pk, name, f"/admin/gmg/workinggroup/{pk}/change/"


GROUPS = "/gmg/groups/"


def _on_standby(site, pk: int) -> str:
    return site.cluster.value(STANDBY_PORT, "SELECT name FROM gmg_workinggroup WHERE id = %s", [pk])


def _each_app_server(site, proxy: Client) -> list[Client]:
    """The proxy's browser (its cookies), asking each app server directly."""
    forwarded = {"X-Forwarded-Proto": "https", "Host": f"localhost:{site.port}"}
    clients = [Client("127.0.0.1", port, None, forwarded) for port in site.app_servers]
    for client in clients:
        client.cookies, client.expires = proxy.cookies, proxy.expires
    return clients


def _replayed_at(site) -> float:
    """How long ago the standby's last replayed transaction committed, in seconds."""
    return float(site.cluster.value(STANDBY_PORT, "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())"))


def check_lagging_standby(site, proxy: Client, reader: Client, check, limit: int) -> None:
    """Replay paused: the writer sees its write at once; another browser sees the
    standby's older data only while it is at most `limit` seconds old, then the primary's;
    after the standby catches up, the new data from the standby (never an older page
    kept in the cache). Then how fast a write reaches the standby."""
    pk, old, change_url = _working_group(site)
    new = f"{old} (paused standby)"
    site.cluster.value(PRIMARY_PORT, "SELECT txid_current()")  # a commit for the lag to count from
    _wait(lambda: site.cluster.value(PRIMARY_PORT, "SELECT pg_current_wal_lsn()::text") == _replayed_lsn(site))
    site.cluster.pause_replay()
    try:
        one, two = _each_app_server(site, proxy)
        status = save(one, site.origin, change_url, {"name": new}).status
        _, writer_page = two.request("GET", GROUPS)
        check(
            "read-your-writes: an admin edit through app server 1 is seen at once by the same browser on app "
            "server 2 (standby paused)",
            status == 302 and escape(new) in writer_page and _on_standby(site, pk) == old,
            f"saved ({status}); the standby still has “{old}”; the browser's cookie: the primary's WAL position "
            f"{one.cookies.get('portal_wrote')}",
        )
        seen = []  # (data age on the standby when asked, old data shown?)
        deadline = time.monotonic() + limit + 4
        while time.monotonic() < deadline:
            age = _replayed_at(site)
            _, page = reader.request("GET", GROUPS)
            seen.append((age, escape(old) in page and escape(new) not in page))
            time.sleep(0.4)
        old_ages = [age for age, shown_old in seen if shown_old]
        new_ages = [age for age, shown_old in seen if not shown_old]
        check(
            f"a standby lagging (replay paused) serves no page older than {limit} s; then the primary does",
            old_ages and new_ages and max(old_ages) <= limit + 0.5 and min(new_ages) > limit - 0.5,
            f"the standby's page, with the old name, while its data was {min(old_ages, default=0):.1f}–"
            f"{max(old_ages, default=0):.1f} s old; the primary's, with the new name, from "
            f"{min(new_ages, default=0):.1f} s ({len(seen)} requests)",
        )
        metrics = Client("127.0.0.1", next(iter(site.app_servers)), None).request("GET", "/metrics")[1]
        lag_line = re.search(r"portal_replica_lag_seconds ([\d.e+]+)", metrics)
    finally:
        site.cluster.resume_replay()
    started = time.monotonic()
    _wait(lambda: _on_standby(site, pk) == new)
    caught_up = time.monotonic() - started
    status, on_standby, _, page = _read(reader, GROUPS, site)
    check(
        "once the standby has replayed, its pages show the new data (no older page kept in the cache)",
        status == 200 and on_standby > 0 and escape(new) in page,
        f"/metrics said the standby lagged {float(lag_line.group(1)) if lag_line else float('nan'):.1f} s while "
        f"paused; it replayed the edit {caught_up * 1000:.0f} ms after replay resumed",
    )
    # A write while the standby streams: how long until the standby has it.
    started = time.monotonic()
    save(proxy, site.origin, change_url, {"name": old})
    committed = time.monotonic()
    _wait(lambda: _on_standby(site, pk) == old)
    reached = time.monotonic() - committed
    lag = site.cluster.value(
        PRIMARY_PORT, "SELECT coalesce(extract(epoch FROM replay_lag), 0) FROM pg_stat_replication LIMIT 1"
    )
    check(
        "a write reaches the standby within the lag measured",
        reached < limit,
        f"on the standby {reached * 1000:.0f} ms after the admin's answer (the save took "
        f"{(committed - started) * 1000:.0f} ms); pg_stat_replication.replay_lag {float(lag) * 1000:.1f} ms",
    )


def _replayed_lsn(site) -> str:
    return site.cluster.value(STANDBY_PORT, "SELECT pg_last_wal_replay_lsn()::text")


def _wait(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("waited 30 s")
        time.sleep(0.1)


def check_stopped_standby(site, reader: Client, check) -> None:
    """The standby stopped: every read still answered (from the primary), and logged; back
    on the standby once it runs again."""
    site.cluster.stop(site.cluster.standby)
    try:
        statuses = [reader.request("GET", path)[0].status for _ in range(3) for path in READS.values()]
        time.sleep(0.5)
        logged = any("Standby unreachable" in log.read_text() for log in site.logs.values())
    finally:
        site.cluster.start(site.cluster.standby)
        site.cluster.wait_streaming()
    check(
        "with the standby stopped, reads fall back to the primary without an error page, and it is logged",
        statuses == [200] * len(statuses) and logged,
        f"{len(statuses)} reads: {dict(Counter(statuses))}; “Standby unreachable” in the log: {logged}",
    )
    time.sleep(2.5)  # DATABASE_REPLICA_RETRY
    results = [_read(reader, path, site) for path in READS.values()]
    check(
        "once the standby runs again, reads go back to it",
        all(status == 200 and on_standby > 0 for status, on_standby, _, _ in results),
        ", ".join(f"{on_standby:.0f}" for _, on_standby, _, _ in results) + " statements on the standby",
    )


# --- PgBouncer


def check_timeouts_through_the_pooler(site, check) -> None:
    """The role's statement and lock timeouts hold on connections through PgBouncer."""
    pooled = site.cluster.connect(POOLER_PORT)
    pooled.autocommit = True
    holder = site.cluster.connect(PRIMARY_PORT)
    try:
        cursor = pooled.cursor()
        cursor.execute("SELECT current_setting('statement_timeout'), current_setting('lock_timeout')")
        limits = cursor.fetchone()
        started = time.monotonic()
        try:
            cursor.execute("SELECT pg_sleep(30)")
            slept = "not cancelled"
        except psycopg2.errors.QueryCanceled:
            slept = f"cancelled after {time.monotonic() - started:.1f} s"
        pk, _, _ = _theme(site)
        holder.cursor().execute("SELECT 1 FROM partnerships_theme WHERE id = %s FOR UPDATE", [pk])
        started = time.monotonic()
        try:
            cursor.execute("UPDATE partnerships_theme SET name = name WHERE id = %s", [pk])
            waited = "not stopped"
        except psycopg2.errors.LockNotAvailable:
            waited = f"gave up after {time.monotonic() - started:.1f} s"
        show = "SELECT current_setting('statement_timeout')"
        standby = site.cluster.value(POOLER_PORT, show, dbname=STANDBY_DATABASE)
    finally:
        holder.rollback()
        holder.close()
        pooled.close()
    check(
        "the role's statement and lock timeouts hold through PgBouncer",
        limits == ("5s", "3s") and standby == "5s" and slept.startswith("cancelled") and waited.startswith("gave up"),
        f"statement_timeout {limits[0]} (standby {standby}), lock_timeout {limits[1]}; pg_sleep(30) {slept}; "
        f"an update of a locked row {waited}",
    )


def session_state(site, dbname: str, clients: int = 20) -> list[tuple]:
    """SESSION_STATE on `clients` server connections at once: each client holds a
    transaction open until all have one, so that each is on a server connection of its own."""
    barrier = threading.Barrier(clients, timeout=60)

    def probe(_index):
        connection = site.cluster.connect(POOLER_PORT, dbname)
        try:
            cursor = connection.cursor()  # not autocommit: a transaction, held until all have theirs
            cursor.execute(SESSION_STATE)
            row = cursor.fetchone()
            barrier.wait()
            return row
        finally:
            connection.rollback()
            connection.close()

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(probe, range(clients)))


def check_no_session_state(site, check) -> None:
    """After everything the check did through PgBouncer: no server connection holds
    session state (SET, prepared statements, cursors, temporary tables, LISTEN), and no
    advisory lock is held. The same probe finds a plain SET left behind on purpose."""
    rows = {dbname: session_state(site, dbname) for dbname in (DATABASE, STANDBY_DATABASE)}
    advisory = site.cluster.value(PRIMARY_PORT, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
    leaks = [row for found in rows.values() for row in found if row[1] or any(row[2:])]
    servers = {dbname: len({row[0] for row in found}) for dbname, found in rows.items()}
    site.cluster.value(POOLER_PORT, "SELECT set_config('work_mem', '77MB', false)")  # a plain SET, on purpose
    planted = [row for row in session_state(site, DATABASE) if row[1]]
    site.cluster.execute(POOLER_PORT, f"RECONNECT {DATABASE}", dbname="pgbouncer")  # gone again
    check(
        "no session state leaks between requests through PgBouncer",
        not leaks and not advisory and len(planted) == 1 and "work_mem" in planted[0][1],
        f"{servers[DATABASE]} primary and {servers[STANDBY_DATABASE]} standby server connections: session settings, "
        f"prepared statements, cursors, temporary tables, LISTEN: {leaks or 'none'}; advisory locks: {advisory}; "
        f"a plain SET planted on purpose was found ({planted[0][1] if planted else 'not found'})",
    )


def check_many_clients(site, check, clients: int = 200, rounds: int = 10) -> None:
    """`clients` connections to PgBouncer at once, each running `rounds` transactions:
    served by at most default_pool_size server connections, none refused."""
    barrier = threading.Barrier(clients, timeout=60)
    errors: list[str] = []
    peak = Counter()
    done = threading.Event()

    def client(_index):
        try:
            connection = site.cluster.connect(POOLER_PORT)
            connection.autocommit = True
            barrier.wait()
            with connection.cursor() as cursor:
                for _ in range(rounds):
                    cursor.execute("SELECT pg_sleep(0.01), count(*) FROM partnerships_theme")
            connection.close()
        except Exception as error:  # counted and shown
            errors.append(f"{type(error).__name__}: {error}".strip())

    def watch():
        while not done.is_set():
            pool = site.cluster.pools()[DATABASE]
            servers = sum(pool[key] for key in ("sv_active", "sv_idle", "sv_used", "sv_tested", "sv_login"))
            peak["servers"] = max(peak["servers"], servers)
            peak["clients"] = max(peak["clients"], pool["cl_active"] + pool["cl_waiting"])
            peak["waiting"] = max(peak["waiting"], pool["cl_waiting"])
            backends = site.cluster.value(
                PRIMARY_PORT,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
                [DATABASE],
            )
            peak["backends"] = max(peak["backends"], backends)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    seconds = time.monotonic() - started
    done.set()
    watcher.join()
    check(
        f"{clients} concurrent clients served by 20 server connections through PgBouncer, with no error",
        not errors and peak["clients"] >= clients and peak["servers"] <= 20,
        f"{clients * rounds:,} transactions in {seconds:.1f} s; at most {peak['clients']} clients, "
        f"{peak['waiting']} of them waiting, on {peak['servers']} server connections "
        f"({peak['backends']} backends on the primary, the check's own included); errors: {errors[:3] or 'none'}",
    )


class Links(HTMLParser):
    """The href of every link and the action of every GET form on a page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


SKIP = re.compile(r"^/(accounts/logout|admin/logout|static/|media/)|/delete/|/history/\d+/|^/language/")
EXPORT = re.compile(r"\.(csv|xlsx|xml|json)(\?|$)|/export")


def crawl(site, proxy: Client, start: list[str], per_shape: int = 3, most: int = 700) -> dict:
    """GET every page reachable from `start` on this origin, up to `per_shape` URLs of
    each shape (digits and query values set aside) and `most` in all: status by URL."""
    seen, shapes, answers = set(), Counter(), {}
    queue = list(start)
    while queue and len(answers) < most:
        url = queue.pop(0)
        parts = urllib.parse.urlsplit(url)
        if parts.netloc and parts.netloc != f"localhost:{site.port}":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith("/") or path in seen or SKIP.search(parts.path):
            continue
        seen.add(path)
        shape = re.sub(r"\d+", "N", parts.path) + "?" + ",".join(sorted(urllib.parse.parse_qs(parts.query)))
        limit = 1 if EXPORT.search(path) else per_shape
        if shapes[shape] >= limit:
            continue
        shapes[shape] += 1
        response, text = proxy.request("GET", path, headers={"Accept": "text/html,application/json"})
        answers[path] = response.status
        kind = response.headers.get("Content-Type", "")
        if "text/html" in kind:
            links = Links()
            links.feed(text)
            queue += [urllib.parse.urljoin(path, link.split("#")[0]) for link in links.links]
        elif "json" in kind:
            queue += re.findall(rf'"(https://localhost:{site.port}/api/[^"]+)"', text)
    return answers


def check_every_page(site, proxy: Client, check, most: int) -> None:
    answers = crawl(site, proxy, ["/", "/admin/", "/api/", "/quality/"], most=most)
    by_status = Counter(answers.values())
    failed = sorted(path for path, status in answers.items() if status >= 500)
    refused = sorted(f"{path} ({status})" for path, status in answers.items() if 400 <= status < 500)
    kinds = Counter(
        "admin"
        if path.startswith("/admin/")
        else "API"
        if path.startswith("/api/")
        else "export"
        if EXPORT.search(path)
        else "page"
        for path in answers
    )
    check(
        "every page, export, admin page and API call answers through PgBouncer (and the standby)",
        len(answers) >= min(most, 150) and not failed,
        f"{len(answers)} URLs ({', '.join(f'{n} {kind}' for kind, n in kinds.items())}): "
        f"{dict(sorted(by_status.items()))}; errors: {failed[:5] or 'none'}; refused: {', '.join(refused) or 'none'}",
    )


def check_large_export(site, proxy: Client, check, rows: int) -> None:
    """The list's CSV export of every project, streamed from the standby."""
    started = time.monotonic()
    before = statements(site)
    response, text = proxy.request("GET", "/projects/export.csv")
    seconds = time.monotonic() - started
    on_standby = statements(site)["replica"] - before["replica"]
    lines = text.count("\n") - 1
    check(
        f"a streamed CSV export of every project ({rows:,} and more) through PgBouncer, from the standby"
        if rows
        else "a streamed CSV export of every project through PgBouncer, from the standby",
        response.status == 200 and lines >= rows and on_standby > 0,
        f"{lines:,} rows, {len(text.encode()) / 1e6:.1f} MB in {seconds:.1f} s; {on_standby:.0f} statements on the "
        "standby (no server-side cursor outlives its transaction)",
    )


def check_import(site, check, iati_file) -> None:
    """An import through PgBouncer, twice: the second changes nothing."""
    first = site.manage("import_iati", iati_file, check=False)
    second = site.manage("import_iati", iati_file, check=False)
    created = re.search(r"(\d+) projects created", first.stdout)
    check(
        "an import through PgBouncer, all or nothing, and again without a change",
        first.returncode == 0
        and created
        and int(created.group(1)) > 0
        and "0 projects created, 0 updated" in second.stdout,
        f"{first.stdout.strip().splitlines()[-1]} / again: {second.stdout.strip().splitlines()[-1]}",
    )
