"""The fault test: serve the portal with gunicorn, keep readers and an admin writer busy,
stop PostgreSQL for 5 seconds and start it again. Run with `make faults` (not part of
`make test`); it needs the embedded PostgreSQL, which it can stop and start.

It reports the answers given during the outage (all should be 503, none 500), how
long after the database was back the first request succeeded, the slowest answer
during the outage, and whether every edit the writer saw succeed is in the database
afterwards with its history row. Results go to bench/results/faults-<date>.md.
"""

import datetime
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from run import BASE, ROOT, ensure_users, login, machine, start_server  # also sets Django up

from partnerships.models import Theme
from portal import embedded_pg

READERS = 4
READ_PATHS = ["/", "/projects/", "/partners/?kind=company", "/gmg/", "/projects/chevron-cyclone-myanmar/"]
BEFORE, OUTAGE, AFTER = 5.0, 5.0, 8.0


@dataclass
class Answer:
    kind: str
    started: float
    finished: float
    status: int


def request(path: str, cookie: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(BASE + path, body, headers={"Cookie": cookie, "Referer": BASE + path})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError:
        return 0, ""  # no answer at all (connection refused or timed out)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


urllib.request.install_opener(urllib.request.build_opener(NoRedirect))


def reader(cookie: str, stop: threading.Event, answers: list, index: int) -> None:
    i = index
    while not stop.is_set():
        started = time.monotonic()
        status, _ = request(READ_PATHS[i % len(READ_PATHS)], cookie)
        answers.append(Answer("read", started, time.monotonic(), status))
        i += 1


def writer(cookie: str, theme_id: int, stop: threading.Event, answers: list, acknowledged: list) -> None:
    url = f"/admin/partnerships/theme/{theme_id}/change/"
    n = 0
    while not stop.is_set():
        started = time.monotonic()
        status, page = request(url, cookie)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status == 200 and token:
            n += 1
            description = f"Fault-test edit {n}"
            form = {"name": "Fault test", "slug": "fault-test", "description": description}
            status, _ = request(url, cookie, {**form, "csrfmiddlewaretoken": token.group(1)})
            if status == 302:  # the admin redirects after a saved change
                acknowledged.append(description)
        answers.append(Answer("write", started, time.monotonic(), status))
        time.sleep(0.05)


def main() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "portal.db_backend":
        sys.exit("The fault test stops and starts PostgreSQL: it needs the embedded server (unset DATABASE_URL).")
    pgdata = settings.EMBEDDED_PGDATA
    users = ensure_users()
    theme, _ = Theme.objects.update_or_create(slug="fault-test", defaults={"name": "Fault test"})
    server = start_server(workers=4)
    answers: list[Answer] = []
    acknowledged: list[str] = []
    stop = threading.Event()
    try:
        viewer, editor = login(*users["viewer"]), login(*users["editor"])
        threads = [threading.Thread(target=reader, args=(viewer, stop, answers, i)) for i in range(READERS)]
        threads.append(threading.Thread(target=writer, args=(editor, theme.pk, stop, answers, acknowledged)))
        t0 = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(BEFORE)
        down_from = time.monotonic()
        embedded_pg.stop(pgdata)
        down = time.monotonic()
        time.sleep(OUTAGE)
        embedded_pg.start(pgdata)
        back = time.monotonic()
        time.sleep(AFTER)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
        embedded_pg.start(pgdata)
        connection.close()  # this process's connection died with the server

    during = [a for a in answers if a.started >= down and a.finished <= back]
    after = sorted((a for a in answers if a.started >= back and 200 <= a.status < 400), key=lambda a: a.finished)
    first_success = after[0].finished - back if after else float("nan")
    failed_after = [a for a in answers if a.started >= back + first_success and a.status >= 500]
    theme.refresh_from_db()
    saved = set(theme.history.values_list("description", flat=True))
    lost = [d for d in acknowledged if d not in saved]
    statuses = Counter(a.status for a in during)
    slowest = max((a.finished - a.started for a in during), default=0.0)
    theme.delete()

    lines = [
        f"# Fault test, {datetime.date.today():%Y-%m-%d}",
        "",
        f"- Machine: {machine()}",
        f"- gunicorn, 4 sync workers; {READERS} reader threads over {len(READ_PATHS)} pages and one writer "
        "editing a theme through the admin (GET the form, POST it)",
        f"- Timeline: {BEFORE:.0f} s of load, then PostgreSQL stopped (`pg_ctl stop -m fast`, took "
        f"{down - down_from:.1f} s), down for {OUTAGE:.0f} s, started again (took {back - down - OUTAGE:.1f} s), "
        f"{AFTER:.0f} s more load",
        "",
        "| measure | result |",
        "|---|---|",
        f"| requests in all | {len(answers):,} |",
        f"| requests during the outage | {len(during):,} |",
        f"| their statuses (0: no answer) | {', '.join(f'{s}: {n}' for s, n in sorted(statuses.items()))} |",
        f"| 500s during the outage | {statuses.get(500, 0)} |",
        f"| slowest answer during the outage | {slowest * 1000:.0f} ms |",
        f"| first success after PostgreSQL was back | {first_success:.2f} s |",
        f"| 5xx after that first success | {len(failed_after)} |",
        f"| edits acknowledged to the writer | {len(acknowledged)} |",
        f"| acknowledged edits lost (missing, or without a history row) | {len(lost)} |",
        "",
        f"Total run {time.monotonic() - t0:.1f} s.",
    ]
    report = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results" / f"faults-{datetime.date.today():%Y-%m-%d}.md"
    out.write_text(report)
    print(report)
    print(f"Written to {out.relative_to(ROOT)}")
    unanswered_or_500 = statuses.get(0, 0) + statuses.get(500, 0)
    ok = unanswered_or_500 == 0 and not lost and not failed_after and first_success <= 2
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
