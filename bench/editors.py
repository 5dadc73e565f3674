"""The editors' benchmark: what the people who keep the records right feel at scale.

From gunicorn with production settings (its workers warmed up on other pages first), over
one keep-alive connection, each URL asked once:

- every changelist of the partnerships, gmg and core apps: as it opens, searched with one
  or two words, filtered by the values its own filters offer, and paged deep;
- change pages: random projects, partners and participations, and a project of forty
  partners; saves of unchanged project forms;
- an import of 5,000 project rows (preview, then confirm) through the admin, while
  another editor saves an unrelated project every 0.2 s: each save's answer and time;
- the CSV export's rate, for one theme and for all projects, beside Datasette 0.65.5
  streaming the same rows from its own SQLite copy of them (when `--datasette`).

Results go to bench/results/editors-<date>[-label].md (every URL's time in the .csv
beside it). Not part of `make test`; `make bench` runs it after the cold benchmark.

    .venv/bin/python bench/editors.py [--per-model 12] [--seed 7] [--label 1m] [--datasette]
"""

import argparse
import csv
import datetime
import http.client
import io
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from run import BASE, PORT, ROOT, ensure_users, login, machine, start_server  # also sets Django up

# isort: split
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Count
from django.test import Client, RequestFactory
from django.test.utils import setup_test_environment

from partnerships.models import Organisation, Participation, Project
from tests.forms import submitted

WORDS = ["health", "water", "families", "women", "shelter", "trafficking", "youth", "returnees", "training", "ngo"]
APPS = ("partnerships", "gmg", "core")
IMPORT_ROWS = 5_000
SAVE_EVERY = 0.2  # seconds, beside the import


@dataclass
class Group:
    name: str
    times_ms: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def add(self, url: str, ms: float, status: int) -> None:
        self.urls.append(url)
        self.times_ms.append(ms)
        self.statuses.append(status)

    def summary(self) -> str:
        ordered = sorted(self.times_ms)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        bad = sum(not 200 <= status < 400 for status in self.statuses)
        return (
            f"| {self.name} | {len(ordered)} | {statistics.median(ordered):.0f} | {p95:.0f} | {ordered[-1]:.0f} "
            f"| {bad} |"
        )


class Browser:
    """One keep-alive connection, logged in, that can GET and POST forms."""

    def __init__(self, cookie: str):
        self.cookie = cookie
        self.csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> tuple:
        headers = {"Cookie": self.cookie, "Referer": BASE + path}
        if body is not None:
            headers |= {"Content-Type": content_type, "X-CSRFToken": self.csrf}
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
            raise
        return (time.perf_counter() - started) * 1000, response.status, data

    def get(self, path: str) -> tuple:
        return self.request("GET", path)

    def post(self, path: str, fields: dict) -> tuple:
        data = {**fields, "csrfmiddlewaretoken": self.csrf}
        return self.request("POST", path, urllib.parse.urlencode(data, doseq=True).encode(), FORM)


FORM = "application/x-www-form-urlencoded"


def admin_url(model, view: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def changelist_urls(user: User, rng: random.Random, per_model: int) -> dict[str, list[str]]:
    """For each model: the list as it opens, searched, filtered by what its filters offer
    (as its own filter links give them), and paged deep."""
    found = {}
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label):
        if model._meta.app_label not in APPS:
            continue
        base = admin_url(model, "changelist")
        request = RequestFactory().get(base)
        request.user = user
        changelist = model_admin.get_changelist_instance(request)
        filters = [
            choice["query_string"]
            for spec in changelist.filter_specs
            for choice in spec.choices(changelist)
            if choice["query_string"] not in ("?", "") and not choice.get("selected")
        ]
        urls = [base]
        if changelist.search_fields:
            urls += [f"{base}?q={urllib.parse.quote(' '.join(rng.sample(WORDS, rng.randint(1, 2))))}" for _ in range(3)]
        urls += [base + query for query in rng.sample(filters, min(len(filters), max(per_model - 7, 3)))]
        pages = changelist.paginator.num_pages
        urls += [f"{base}?p={page}" for page in (10, 100, 1_000, 5_000) if page <= pages]
        found[model._meta.label] = urls[:per_model]
    return found


def change_urls(rng: random.Random, n: int) -> list[str]:
    def pick(model, count):
        top = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        keys = {model.objects.filter(pk__gte=rng.randint(1, top)).order_by("pk").values_list("pk", flat=True).first()}
        while len(keys) < count:
            keys.add(model.objects.filter(pk__gte=rng.randint(1, top)).order_by("pk").values_list("pk", flat=True)[0])
        return [admin_url(model, "change", key) for key in keys]

    return pick(Project, n) + pick(Organisation, n // 2) + pick(Participation, n // 2)


def many_partners() -> Project:
    """A project of forty partners (kept between runs: its slug says what it is)."""
    project, created = Project.objects.get_or_create(
        slug="bench-forty-partners",
        defaults={"title": "A project of forty partners", "summary": "-", "status": "active"},
    )
    if created:
        for number, partner in enumerate(Organisation.objects.filter(slug__startswith="synthetic-")[:40]):
            role = ["funding", "implementing", "in_kind", "research"][number % 4]
            amount = 1000 * (number + 1) if role == "funding" else None
            Participation.objects.create(
                project=project, organisation=partner, role=role, amount=amount, currency="USD" if amount else ""
            )
    return project


def import_file(label: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["slug", "title", "summary", "status", "start", "start_precision", "countries", "themes"])
    for number in range(IMPORT_ROWS):
        writer.writerow(
            [
                f"bench-import-{label}-{number}",
                f"Imported project {number} for water and health",
                "Wells, clinics and training for the families who came back.",
                "active",
                "2012-03-01",
                "month",
                "KE; TZ",
                "health",
            ]
        )
    return out.getvalue().encode()


def multipart(fields: dict, file_name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----bench" + str(random.random())[2:]
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="import_file"; filename="{file_name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def import_beside_saves(editor: Browser, saver: Browser, form: tuple[str, dict], label: str) -> dict:
    """An import's preview and confirm, and another editor's saves meanwhile."""
    url = admin_url(Project, "import")
    body, kind = multipart(
        {"format": "0", "csrfmiddlewaretoken": editor.csrf}, f"bench-{label}.csv", import_file(label)
    )
    saves: list[tuple[float, int, bool]] = []
    running = threading.Event()
    running.set()

    def save_beside():
        path, fields = form
        while running.is_set():
            started = time.perf_counter()
            ms, status, data = saver.post(path, fields)
            saves.append((ms, status, b"being changed" in data or b"Nothing was saved" in data))
            time.sleep(max(0.0, SAVE_EVERY - (time.perf_counter() - started)))

    thread = threading.Thread(target=save_beside)
    thread.start()
    try:
        preview_ms, preview_status, page = editor.request("POST", url, body, kind)
        token = re.search(rb'name="token" value="([^"]+)"', page)
        confirm_ms, confirm_status = 0.0, 0
        if token:
            confirm_ms, confirm_status, _ = editor.post(admin_url(Project, "process_import"), {"token": token.group(1)})
    finally:
        running.clear()
        thread.join()
    imported = Project.objects.filter(slug__startswith=f"bench-import-{label}-").count()
    Project.objects.filter(slug__startswith=f"bench-import-{label}-").delete()
    return {
        "preview_ms": preview_ms,
        "preview_status": preview_status,
        "confirm_ms": confirm_ms,
        "confirm_status": confirm_status,
        "imported": imported,
        "saves": saves,
    }


def export_rate(port: int, path: str, cookie: str = "") -> dict:
    """Rows per second of a CSV download, read by curl and counted by wc (a Python client
    reading 440 MB takes much of the two cores from the server it measures)."""
    command = ["curl", "-sS", "--fail", "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"]
    started = time.perf_counter()
    download = subprocess.Popen(command, stdout=subprocess.PIPE)
    lines = int(subprocess.run(["wc", "-l"], stdin=download.stdout, capture_output=True, text=True).stdout)
    status = download.wait()
    seconds = time.perf_counter() - started
    rows = lines - 1  # the header
    return {
        "path": path,
        "status": 200 if status == 0 else status,
        "rows": rows,
        "seconds": seconds,
        "rate": rows / seconds,
    }


# -- Datasette: the same rows, from its own SQLite copy, streamed as CSV ---------------------------

DATASETTE = ROOT / "bench" / ".datasette"
DATASETTE_PORT = 8766


def datasette_rates(browser: Browser, theme_name: str) -> list[dict]:
    """Datasette 0.65.5 in a virtualenv of its own (bench/.datasette, ignored by git), over a
    SQLite table of the portal's own export of every project, indexed; its CSV of one
    theme (its `__contains` filter) and of all rows, streamed (`_stream=on`)."""
    python = DATASETTE / "venv" / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE / "venv")], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "datasette==0.65.5"], check=True)
    database = DATASETTE / "projects.db"
    if not database.exists():
        _, status, data = browser.get("/projects/export.csv")
        assert status == 200, status
        _sqlite_copy(data, database)
    server = subprocess.Popen(
        [
            str(DATASETTE / "venv" / "bin" / "datasette"),
            "serve",
            str(database),
            "--port",
            str(DATASETTE_PORT),
            "--setting",
            "max_csv_mb",
            "0",
            "--setting",
            "sql_time_limit_ms",
            "60000",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(DATASETTE_PORT)
        quoted = urllib.parse.quote(theme_name)
        table = "/projects/projects.csv?_stream=on&_size=max"
        return [export_rate(DATASETTE_PORT, path) for path in (f"{table}&themes__contains={quoted}", table)]
    finally:
        server.terminate()
        server.wait()


def _sqlite_copy(data: bytes, database: Path) -> None:
    import sqlite3

    rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    header = next(rows)
    columns = ", ".join(f'"{name}" TEXT' for name in header)
    with sqlite3.connect(database) as db:
        db.execute(f"CREATE TABLE projects ({columns})")
        db.executemany(f"INSERT INTO projects VALUES ({', '.join('?' * len(header))})", rows)
        db.execute('CREATE INDEX projects_start ON projects ("start")')
        db.execute('CREATE INDEX projects_status ON projects ("status")')


def _wait(port: int) -> None:
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-model", type=int, default=12, help="changelist URLs per model")
    parser.add_argument("--changes", type=int, default=20, help="change pages of projects (half as many others)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--label", default="")
    parser.add_argument("--datasette", action="store_true", help="measure Datasette's CSV beside the portal's")
    parser.add_argument("--only", help="comma-separated parts: changelists,changes,saves,import,export")
    args = parser.parse_args()
    parts = set(args.only.split(",")) if args.only else {"changelists", "changes", "saves", "import", "export"}

    setup_test_environment()  # the in-process client keeps each page's context: the forms to send back
    rng = random.Random(args.seed)
    users = ensure_users()
    editor_user = User.objects.get(username=users["editor"][0])
    admin_user = User.objects.filter(is_superuser=True).first() or editor_user
    sizes = {
        "projects": Project.objects.count(),
        "organisations": Organisation.objects.count(),
        "participations": Participation.objects.count(),
    }
    forty = many_partners()
    lists = changelist_urls(admin_user, rng, args.per_model) if "changelists" in parts else {}
    changes = [*change_urls(rng, args.changes), admin_url(Project, "change", forty.pk)] if "changes" in parts else []
    editor_client = Client()
    editor_client.force_login(editor_user)
    save_forms = []
    for path in change_urls(rng, 10)[:10] if "saves" in parts or "import" in parts else []:
        if "/project/" in path:
            save_forms.append((path, submitted(editor_client.get(path))))

    groups: dict[str, Group] = {}
    results = {}
    server = start_server(args.workers)
    try:
        editor = Browser(login(*users["editor"]))
        # Each worker compiles the admin's templates once (a list, a form): not what is measured.
        warm = [
            "/admin/",
            admin_url(apps.get_model("partnerships.Country"), "changelist"),
            admin_url(apps.get_model("partnerships.Country"), "change", "KE"),
            admin_url(Project, "change", Project.objects.order_by("pk").values_list("pk", flat=True).first()),
        ]
        for path in warm * args.workers:
            editor.get(path)
        everything = Group("changelists, all of them")
        for label, urls in lists.items():
            group = groups.setdefault(f"changelists: {label}", Group(f"changelists: {label}"))
            for url in urls:
                ms, status, _ = editor.get(url)
                group.add(url, ms, status)
                everything.add(url, ms, status)
            print(group.summary(), flush=True)
        if lists:
            groups[everything.name] = everything
        for url in changes:
            ms, status, _ = editor.get(url)
            groups.setdefault("change pages", Group("change pages")).add(url, ms, status)
        if changes:
            ms, status, _ = editor.get(admin_url(Project, "change", forty.pk))
            groups.setdefault("the project of forty partners", Group("the project of forty partners")).add(
                admin_url(Project, "change", forty.pk), ms, status
            )
        if "saves" in parts:
            for path, fields in save_forms:
                ms, status, _ = editor.post(path, fields)
                groups.setdefault("saves (unchanged forms)", Group("saves (unchanged forms)")).add(path, ms, status)
        for group in groups.values():
            print(group.summary(), flush=True)
        if "import" in parts and save_forms:
            saver = Browser(login(*users["editor"]))
            label = datetime.datetime.now().strftime("%H%M%S")
            results["import"] = import_beside_saves(editor, saver, save_forms[0], label)
            print({key: value for key, value in results["import"].items() if key != "saves"}, flush=True)
        if "export" in parts:
            viewer = Browser(login(*users["viewer"]))
            theme = Project.themes.through.objects.values("theme__slug", "theme__name").annotate(n=Count("project"))
            theme = theme.order_by("-n")[1]
            results["export"] = [
                export_rate(PORT, f"/projects/export.csv?theme={theme['theme__slug']}", viewer.cookie),
                export_rate(PORT, "/projects/export.csv", viewer.cookie),
            ]
            if args.datasette:
                results["datasette"] = datasette_rates(viewer, theme["theme__name"])
            print(results.get("export"), results.get("datasette"), flush=True)
    finally:
        server.terminate()
        server.wait()
    write_report(args, sizes, groups, results)


def write_report(args, sizes: dict, groups: dict[str, Group], results: dict) -> None:
    label = f"-{args.label}" if args.label else ""
    stem = ROOT / "bench" / "results" / f"editors-{datetime.date.today()}{label}"
    lines = [
        f"# Editors' benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"- Machine: {machine()}",
        f"- Data: {', '.join(f'{value:,} {name}' for name, value in sizes.items())}",
        f"- Server: gunicorn, {args.workers} sync workers, production settings; PostgreSQL on the same machine",
        f"- Load: one connection, each URL asked once (seed {args.seed})",
        "",
        "| what | URLs | p50 ms | p95 ms | max ms | errors |",
        "|---|---|---|---|---|---|",
        *(group.summary() for group in groups.values()),
        "",
    ]
    timed = {url: ms for group in groups.values() for ms, url in zip(group.times_ms, group.urls, strict=True)}
    if slowest := sorted(((ms, url) for url, ms in timed.items()), reverse=True):
        lines += ["Slowest URLs:", "", *(f"- {ms:.0f} ms `{url}`" for ms, url in slowest[:8]), ""]
    if "import" in results:
        found = results["import"]
        saves = found["saves"]
        failed = [save for save in saves if save[1] != 302]
        times = sorted(ms for ms, _status, _said in saves)
        lines += [
            f"## Import of {IMPORT_ROWS:,} project rows, with another editor saving every {SAVE_EVERY} s",
            "",
            f"- Preview: {found['preview_ms'] / 1000:.1f} s ({IMPORT_ROWS / (found['preview_ms'] / 1000):,.0f} rows/s),"
            f" answer {found['preview_status']}",
            f"- Confirm: {found['confirm_ms'] / 1000:.1f} s ({IMPORT_ROWS / max(found['confirm_ms'] / 1000, 1e-9):,.0f}"
            f" rows/s), answer {found['confirm_status']}; {found['imported']:,} projects written",
            f"- Saves beside it: {len(saves)}, of which {len(failed)} did not save"
            + (f"; p50 {statistics.median(times):.0f} ms, max {times[-1]:.0f} ms" if times else ""),
            "",
        ]
    if "export" in results:
        lines += ["## CSV export", "", "| what | rows | seconds | rows/s |", "|---|---|---|---|"]
        measured = [("portal", found) for found in results["export"]]
        measured += [("Datasette 0.65.5", found) for found in results.get("datasette", [])]
        for who, found in measured:
            lines.append(
                f"| {who} `{found['path']}` | {found['rows']:,} | {found['seconds']:.1f} | {found['rate']:,.0f} |"
            )
        lines.append("")
    stem.with_suffix(".md").write_text("\n".join(lines))
    with open(stem.with_suffix(".csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["group", "url", "ms", "status"])
        for group in groups.values():
            for row in zip(group.urls, group.times_ms, group.statuses, strict=True):
                writer.writerow([group.name, row[0], f"{row[1]:.1f}", row[2]])
    print(f"Report written to {stem.with_suffix('.md').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
