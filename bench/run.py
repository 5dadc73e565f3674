"""The portal's benchmark: serve it with gunicorn and production settings, warm up,
drive each workload with wrk (8 connections), and write a Markdown report to
bench/results/<date>.md. Run it with `make bench` (not part of `make test`).

Per workload it records requests/s, p50/p95/p99 latency, non-2xx responses, the SQL
queries per request and the share of the request's time spent in the database (both
measured in-process, over a few requests after warm-up), and the first, uncached
request's time. The CSV export workload records rows/s and the server's peak RSS.
"""

import argparse
import contextlib
import datetime
import http.cookiejar
import json
import os
import platform
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_DEBUG"] = "false"
os.environ["DJANGO_HTTPS"] = "false"  # gunicorn serves plain HTTP on 127.0.0.1
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_EMBEDDED_DATABASE", "true")  # without DATABASE_URL: the checkout's own server

import django

django.setup()

import psutil
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test import Client

from partnerships.models import Organisation, Participation, Project, Quote

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def targets() -> dict:
    """Data-dependent parts of the workloads, chosen from what is loaded."""
    through = Project.countries.through
    country = through.objects.values("country").annotate(n=Count("project")).order_by("-n")[3]["country"]
    theme = Project.themes.through.objects.values("theme__slug").annotate(n=Count("project")).order_by("-n")[2]
    busy = (
        Participation.objects.values("organisation__slug")
        .annotate(n=Count("project"))
        .filter(n__gte=1000)
        .order_by("n")
        .first()
    ) or Participation.objects.values("organisation__slug").annotate(n=Count("project")).order_by("-n").first()
    project = Project.objects.order_by("-pk").values("slug", "pk").first()
    return {
        "country": country,
        "theme": theme["theme__slug"],
        "organisation": busy["organisation__slug"],
        "organisation_projects": busy["n"],
        "project": project["slug"],
        "project_pk": project["pk"],
    }


def workloads(t: dict) -> list[dict]:
    filtered = urllib.parse.urlencode(
        {"country": t["country"], "theme": t["theme"], "active_from": 2010, "sort": "-start", "per_page": 50}
    )
    return [
        {
            "key": "1",
            "name": "projects, country + theme + active from 2010, newest first, 50 rows",
            "path": f"/projects/?{filtered}",
            "user": "viewer",
            "target_ms": 50,
        },
        {
            "key": "2",
            "name": "projects, unfiltered, facets over all rows",
            "path": "/projects/?per_page=50",
            "user": "viewer",
            "target_ms": 100,
        },
        {
            "key": "3",
            "name": "full-text search, two words, 50 rows",
            "path": "/projects/?q=health+families&per_page=50",
            "user": "viewer",
            "target_ms": 150,
        },
        {
            "key": "4",
            "name": "full-text search with a typo",
            "path": "/projects/?q=helth+familes&per_page=50",
            "user": "viewer",
            "target_ms": 150,
        },
        {
            "key": "5",
            "name": f"organisation page ({t['organisation_projects']:,} projects)",
            "path": f"/partners/{t['organisation']}/",
            "user": "viewer",
            "target_ms": 50,
        },
        {"key": "6", "name": "project page", "path": f"/projects/{t['project']}/", "user": "viewer", "target_ms": 50},
        {"key": "7", "name": "GMG on a date", "path": "/gmg/?on=2013-09-01", "user": "viewer", "target_ms": 50},
        {
            "key": "9a",
            "name": "admin projects changelist",
            "path": "/admin/partnerships/project/",
            "user": "editor",
            "target_ms": 300,
        },
        {
            "key": "9b",
            "name": "admin project change page with inlines",
            "path": f"/admin/partnerships/project/{t['project_pk']}/change/",
            "user": "editor",
            "target_ms": 300,
        },
    ]


def ensure_users() -> dict[str, tuple[str, str]]:
    users = {}
    for role, group, staff in (("viewer", "Viewers", False), ("editor", "Editors", True)):
        username, password = f"bench-{role}", secrets.token_urlsafe(16)
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = staff
        user.is_active = True
        user.save()
        user.groups.set([Group.objects.get(name=group)])
        users[role] = (username, password)
    return users


def login(username: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    opener.open(urllib.request.Request(f"{BASE}/accounts/login/", data.encode(), headers={"Referer": BASE}))
    cookies = {cookie.name: cookie.value for cookie in jar}
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def fetch_ms(path: str, cookie: str) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def run_wrk(path: str, cookie: str, duration: int) -> dict:
    command = [
        "wrk",
        "-t2",
        "-c8",
        f"-d{duration}s",
        "--latency",
        "-s",
        str(ROOT / "bench" / "report.lua"),
        "-H",
        f"Cookie: {cookie}",
        BASE + path,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def profile(path: str, user: User, repeat: int = 5) -> tuple[float, float]:
    """SQL queries per request and the share of time in the database, measured in-process."""
    client = Client()
    client.force_login(user)
    client.get(path)
    db_seconds = 0.0
    queries = 0

    def timed(execute, sql, params, many, context):
        nonlocal db_seconds, queries
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_seconds += time.perf_counter() - started
            queries += 1

    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        for _ in range(repeat):
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                for _chunk in response.streaming_content:
                    pass
    total = time.perf_counter() - started
    return queries / repeat, db_seconds / total


def measure_export(path: str, cookie: str, server: subprocess.Popen) -> dict:
    """Rows per second of a streamed CSV export, and the server's peak memory meanwhile."""
    processes = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
    peak = {"rss": 0}
    running = True

    def sample():
        while running:
            for process in processes:
                with contextlib.suppress(psutil.NoSuchProcess):
                    peak["rss"] = max(peak["rss"], process.memory_info().rss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    rows = 0
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        for _line in response:
            rows += 1
    seconds = time.perf_counter() - started
    running = False
    sampler.join()
    return {
        "rows": rows - 1,
        "seconds": seconds,
        "rows_per_s": (rows - 1) / seconds,
        "peak_rss_mb": peak["rss"] / 2**20,
    }


def export_filter(t: dict) -> str:
    """A filter giving about 100,000 projects: the most common theme, started by some year."""
    theme = Project.themes.through.objects.values("theme__slug").annotate(n=Count("project")).order_by("-n")[0]
    slug = theme["theme__slug"]
    for year in range(1990, 2027):
        if Project.objects.filter(themes__slug=slug, start__lte=datetime.date(year, 12, 31)).count() >= 100_000:
            return urllib.parse.urlencode({"theme": slug, "active_to": year})
    return urllib.parse.urlencode({"theme": slug})


def start_server(workers: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_DEBUG": "false"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz").read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = psutil.virtual_memory().total / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=20, help="seconds of wrk per workload")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--only", help="comma-separated workload keys to run")
    parser.add_argument("--out", type=Path, help="where to write the report")
    args = parser.parse_args()

    sizes = {
        "projects": Project.objects.count(),
        "organisations": Organisation.objects.count(),
        "participations": Participation.objects.count(),
        "quotes": Quote.objects.count(),
    }
    t = targets()
    users = ensure_users()
    cache.clear()
    server = start_server(args.workers)
    rows = []
    try:
        cookies = {role: login(*credentials) for role, credentials in users.items()}
        chosen = set(args.only.split(",")) if args.only else None
        for workload in workloads(t):
            if chosen and workload["key"] not in chosen:
                continue
            cookie = cookies[workload["user"]]
            first_ms = fetch_ms(workload["path"], cookie)
            for _ in range(5):
                fetch_ms(workload["path"], cookie)
            result = run_wrk(workload["path"], cookie, args.duration)
            queries, db_share = profile(workload["path"], User.objects.get(username=users[workload["user"]][0]))
            rows.append({**workload, **result, "first_ms": first_ms, "queries": queries, "db_share": db_share})
            print(f"{workload['key']}: {result['rps']:.0f} req/s, p95 {result['p95_us'] / 1000:.1f} ms", flush=True)
        export = None
        if not chosen or "8" in chosen:
            path = f"/projects/export.csv?{export_filter(t)}"
            export = {"path": path, **measure_export(path, cookies["viewer"], server)}
            print(f"8: {export['rows_per_s']:.0f} rows/s, peak RSS {export['peak_rss_mb']:.0f} MB", flush=True)
    finally:
        server.terminate()
        server.wait()
    report = render(args, sizes, rows, export)
    out = args.out or ROOT / "bench" / "results" / f"{datetime.date.today()}.md"
    out.write_text(report)
    print(f"Report written to {out.relative_to(ROOT)}")


def render(args, sizes: dict, rows: list[dict], export: dict | None) -> str:
    lines = [
        f"# Benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"- Machine: {machine()}",
        f"- Data: {', '.join(f'{value:,} {name}' for name, value in sizes.items())}",
        f"- Server: gunicorn, {args.workers} sync workers, DEBUG off, whitenoise; PostgreSQL on the same machine",
        f"- Load: wrk -t2 -c8, {args.duration} s per workload, after 6 warm-up requests",
        "",
        "| # | workload | req/s | p50 ms | p95 ms | p99 ms | non-2xx | first request ms "
        "| SQL queries/request | time in DB | p95 target ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        met = "met" if row["p95_us"] / 1000 <= row["target_ms"] else "**missed**"
        lines.append(
            f"| {row['key']} | {row['name']} (`{row['path'][:70]}`) | {row['rps']:.0f} | {row['p50_us'] / 1000:.1f} "
            f"| {row['p95_us'] / 1000:.1f} | {row['p99_us'] / 1000:.1f} | {row['non2xx']} | {row['first_ms']:.0f} "
            f"| {row['queries']:.1f} | {row['db_share']:.0%} | {row['target_ms']} ({met}) |"
        )
    if export:
        lines += [
            "",
            f"Workload 8, CSV export (`{export['path']}`): {export['rows']:,} rows in {export['seconds']:.1f} s = "
            f"**{export['rows_per_s']:,.0f} rows/s**, server peak RSS (largest process) "
            f"**{export['peak_rss_mb']:.0f} MB** (targets: 50,000 rows/s, 150 MB).",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
