"""`make faults`, second half: faults through the whole production topology of
`make deploy-check` (nginx, two app servers, PgBouncer, a primary and its streaming
standby; deploy/check.py starts it), under load. As root.

Readers (list, record and API pages) and an editor saving a theme through the admin
keep the site busy while, one after the other:

1. the primary crashes and restarts (`pg_ctl restart -m immediate`);
2. app server 1 is killed (SIGKILL, its workers mid-request), then started again;
3. PgBouncer is stopped (SIGTERM: immediate shutdown) and started again;
4. an IATI import of about 200 new activities runs through PgBouncer, and the primary
   restarts while it writes: it must leave nothing or everything, and run again to completion, then
   once more changing nothing; `tell_followers` runs twice after, the second adding
   nothing.

For each fault: the answers given (none may be a 500), the error window (first to last
failed answer), and after all of them, whether every save the editor saw succeed is in
the database once, and no save twice (from the theme's history). The report goes to
bench/results/faults-topology-<date>.md.

    .venv/bin/python deploy/faults.py
"""

import datetime
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from browser import Client, FormFields
from check import APP_PORTS, ROOT, Site, log_in, wait_for
from cluster import DATABASE, PRIMARY_PORT

READ_PATHS = ["/projects/?theme=health", "/projects/solar-lanterns-somalia/", "/api/projects/?page_size=5", "/gmg/"]
READERS = 4
IMPORTED = 150  # synthetic projects, exported and imported again under other identifiers
PORT = 8453


@dataclass
class Answer:
    kind: str
    started: float
    finished: float
    status: int  # 0: no answer at all


class Load:
    """Readers and one editor through the proxy, until stopped."""

    def __init__(self, site: Site):
        self.site = site
        self.answers: list[Answer] = []
        self.saved: list[str] = []  # descriptions the editor saw saved (302)
        self.unconfirmed: list[str] = []  # sent, but no answer said it was saved
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self, theme_id: int) -> None:
        for index in range(READERS):
            self.threads.append(threading.Thread(target=self._reader, args=(index,)))
        self.threads.append(threading.Thread(target=self._editor, args=(theme_id,)))
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _ask(self, client: Client, kind: str, method: str, path: str, body=None, headers=None):
        started = time.monotonic()
        try:
            response, text = client.request(method, path, body, headers)
            status = response.status
        except OSError:
            status, text = 0, ""
        self.answers.append(Answer(kind, started, time.monotonic(), status))
        return status, text

    def _reader(self, index: int) -> None:
        client = self.site.proxy()
        log_in(self.site, client)
        while not self.stop.is_set():
            self._ask(client, "read", "GET", READ_PATHS[index % len(READ_PATHS)])
            index += 1

    def _editor(self, theme_id: int) -> None:
        client = self.site.proxy()
        log_in(self.site, client)
        url = f"/admin/partnerships/theme/{theme_id}/change/"
        number = 0
        while not self.stop.is_set():
            status, page = self._ask(client, "form", "GET", url)
            form = FormFields()
            form.feed(page)
            if status != 200 or "csrfmiddlewaretoken" not in form.fields:
                time.sleep(0.1)
                continue
            number += 1
            description = f"Fault test edit {number}"
            headers = {"Referer": self.site.origin + url, "Origin": self.site.origin}
            body = {**form.fields, "description": description, "_save": "Save"}
            status, _ = self._ask(client, "save", "POST", url, body, headers)
            (self.saved if status == 302 else self.unconfirmed).append(description)
            time.sleep(0.05)

    def during(self, start: float, end: float) -> list[Answer]:
        return [answer for answer in self.answers if start <= answer.started <= end]


def error_window(answers: list[Answer]) -> str:
    failed = [answer for answer in answers if answer.status not in (200, 302)]
    if not failed:
        return "no failed answer"
    return f"{max(a.finished for a in failed) - min(a.started for a in failed):.1f} s"


def _statuses(statuses: Counter) -> str:
    return ", ".join(f"{status or 'none'}: {count}" for status, count in sorted(statuses.items()))


def restart_primary(site: Site) -> None:
    site.cluster.restart_primary("immediate")


def kill_app_server(site: Site) -> None:
    port = APP_PORTS[0]
    master = site.app_servers[port]
    workers = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
    for pid in [*workers, str(master.pid)]:
        os.kill(int(pid), signal.SIGKILL)
    master.wait()
    time.sleep(2)
    site.start_app_server(port)
    wait_for(port, site.app_servers[port], site.logs[port])


def restart_pooler(site: Site) -> None:
    site.cluster.stop_pooler()
    time.sleep(1)
    site.cluster.start_pooler()


FAULTS = [
    ("the primary crashes and restarts (pg_ctl restart -m immediate)", restart_primary),
    ("app server 1 killed mid-request (SIGKILL), then started again", kill_app_server),
    ("PgBouncer stopped (SIGTERM) and started again", restart_pooler),
]


def import_file(site: Site) -> str:
    """An IATI file of activities that are new to the database: the portal's own export
    (its synthetic projects and the seed's), under other identifiers."""
    proxy = site.proxy()
    log_in(site, proxy)
    _, xml = proxy.request("GET", "/projects/export.iati.xml")
    xml = xml.replace("<iati-identifier>XM-DAC-47066-", "<iati-identifier>XM-DAC-47066-fault-")
    path = site.folder / "fault-import.xml"
    path.write_text(xml)
    return str(path)


def imported(site: Site) -> int:
    """The file's projects in the database (the portal's own activities keep slugs)."""
    return site.cluster.value(PRIMARY_PORT, "SELECT count(*) FROM partnerships_project WHERE slug LIKE 'fault-%'")


FOLLOW_ALL_PROJECTS = """
from django.contrib.auth.models import User
from following import notifications
from following.models import Follow, SavedSearch
follower = User.objects.create_user("fault-follower", "follower@example.org")
search = SavedSearch.objects.create(owner=follower, name="Every project", list=SavedSearch.List.PROJECTS, query="")
notifications.follow(user=follower, kind=Follow.Kind.SEARCH, search=search, language="en")
"""
NOTIFIED = "SELECT coalesce(sum(count), 0) FROM following_notification WHERE kind IN ('matched', 'matches')"


def import_under_restart(site: Site) -> list[str]:
    """The import, with the primary restarted once it has begun writing; then again; then
    once more."""
    path = import_file(site)
    activities = Path(path).read_text().count("<iati-activity ")
    site.manage("shell", "-c", FOLLOW_ALL_PROJECTS)  # the imported projects are new matches of a followed search
    running = subprocess.Popen(
        [str(ROOT / ".venv/bin/python"), "manage.py", "import_iati", path],
        cwd=ROOT,
        env=site._environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    writing = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active' AND query LIKE 'INSERT%%'"
        " AND xact_start < now() - interval '0.5 seconds'"
    )
    deadline = time.monotonic() + 60
    while not site.cluster.value(PRIMARY_PORT, writing, [DATABASE]) and time.monotonic() < deadline:
        time.sleep(0.05)
    restart_primary(site)
    output = running.communicate()[0]
    after_fault = imported(site)
    time.sleep(1)
    again = site.manage("import_iati", path, check=False)
    after_again = imported(site)
    third = site.manage("import_iati", path, check=False)
    telling = subprocess.Popen(
        [str(ROOT / ".venv/bin/python"), "manage.py", "tell_followers"],
        cwd=ROOT,
        env=site._environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    time.sleep(0.3)
    restart_primary(site)
    interrupted = telling.communicate()[0].strip().splitlines()[-1:] or [""]
    notified = [site.manage("tell_followers", check=False) for _ in range(2)]
    written = [re.search(r"Notifications written: (\d+)", run.stdout) for run in notified]
    matches = site.cluster.value(PRIMARY_PORT, NOTIFIED)
    return [
        f"import of {activities:,} new activities, the primary restarted while it wrote: exit {running.returncode} "
        f"(“{output.strip().splitlines()[-1][:200] if output.strip() else ''}”); "
        f"{after_fault:,} of them in the database after",
        f"run again: exit {again.returncode}, {after_again:,} in the database "
        f"(“{again.stdout.strip().splitlines()[-1][:160]}”)",
        f"a third time: “{third.stdout.strip().splitlines()[-1][:160]}”",
        f"`tell_followers` for a follower of a saved search of every project, the primary restarted 0.3 s after "
        f"it started: exit {telling.returncode} (“{interrupted[0][:160]}”; exit 0: it had finished); then twice: "
        f"{', '.join(m.group(1) if m else 'failed' for m in written)} notifications written; the new matches they "
        f"count: {matches} (the import's {activities}: none lost, none twice)",
        "PASS" if after_fault in (0, activities) and after_again == activities and "0 projects created, 0 updated"
        in third.stdout and written[1] and written[1].group(1) == "0" and matches == activities else "FAIL",
    ]  # fmt: skip


def main() -> int:
    site = Site(PORT, synthetic=IMPORTED)
    lines = []
    try:
        site.start()
        theme_id = site.cluster.value(PRIMARY_PORT, "SELECT id FROM partnerships_theme ORDER BY id LIMIT 1")
        load = Load(site)
        load.start(theme_id)
        time.sleep(4)
        windows = []
        for name, fault in FAULTS:
            started = time.monotonic()
            fault(site)
            done = time.monotonic()
            time.sleep(6)
            answers = load.during(started - 0.5, time.monotonic())
            statuses = Counter(answer.status for answer in answers)
            windows.append((name, f"{done - started:.1f} s", statuses, error_window(answers)))
        load.finish()
        _, rows = site.cluster.execute(
            PRIMARY_PORT,
            "SELECT description, count(*) FROM partnerships_historicaltheme WHERE id = %s GROUP BY description",
            [theme_id],
        )
        history = dict(rows)
        lost = [description for description in load.saved if history.get(description, 0) != 1]
        doubled = [description for description, count in history.items() if count > 1]
        unconfirmed_saved = [d for d in load.unconfirmed if d in history]
        import_lines = import_under_restart(site)
    finally:
        site.show_logs(60)
        site.stop()
    total = Counter(answer.status for answer in load.answers)
    passed = (
        not lost
        and not doubled
        and not any(500 in statuses for _, _, statuses, _ in windows)
        and import_lines[-1] == "PASS"
    )
    lines = [
        f"# Faults through the production topology, {datetime.date.today():%Y-%m-%d}",
        "",
        f"`make faults` (deploy/faults.py): nginx, two app servers, PgBouncer {site.facts.get('pgbouncer')} in "
        f"transaction mode, a PostgreSQL {site.facts.get('postgresql')} primary and its streaming standby, as in "
        f"`make deploy-check`. Under load: {READERS} readers ({', '.join(READ_PATHS)}) and one editor saving a theme "
        "through the admin (GET the form, POST it), all through nginx.",
        "",
        "| fault | took | answers from its start to 6 s after it ended | error window |",
        "|---|---|---|---|",
        *(f"| {name} | {took} | {_statuses(statuses)} | {window} |" for name, took, statuses, window in windows),
        "",
        f"All answers: {dict(sorted(total.items()))} (0: no answer at all).",
        "",
        f"**Writes**: the editor saw {len(load.saved)} saves succeed; every one is in the theme's history exactly "
        f"once: {'yes' if not lost else 'NO, missing or doubled: ' + ', '.join(lost)}. Saved twice: "
        f"{', '.join(doubled) or 'none'}. Of {len(load.unconfirmed)} saves whose answer was an error, "
        f"{len(unconfirmed_saved)} had committed anyway (the answer was lost, not the write; none twice).",
        "",
        "**Import and notifications**:",
        "",
        *(f"- {line}" for line in import_lines[:-1]),
        "",
        f"Result: {'PASS' if passed else 'FAIL'}",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "results" / f"faults-topology-{datetime.date.today():%Y-%m-%d}.md").write_text(text)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
