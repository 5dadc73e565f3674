"""The cold benchmark: what a staff member clicking through filters feels.

Almost every click asks for a query string nobody asked for since the last edit, so
nothing it needs is in the cache. This benchmark makes a real write first (which
raises the data version, so every cached value is out of date), then fetches each of
N distinct URLs once, over one keep-alive connection, one after the other, from
gunicorn with production settings (its workers warmed up first on other pages):

- `/projects/`, `/partners/` and `/quotes/` with a random mix of 1-3 values that the
  list's own filters offer (what a record misses among them), sometimes a start year,
  one or two search words, or the order by completeness;
- record pages: random projects and partners, and the busiest partner;
- `/gmg/?on=` random dates; the dashboard and `/quality/` right after a write.

It reports p50 / p95 / max and the answers that were not 2xx per group, then profiles
the slowest pages in-process (SQL count and time, the functions that took longest)
and keeps the plans of their slowest statements in bench/plans/. The mix is drawn
with a fixed seed, so two runs ask for the same URLs.

    .venv/bin/python bench/cold.py [--per-list 100] [--seed 7]
"""

import argparse
import cProfile
import csv
import datetime
import http.client
import io
import pstats
import random
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field

from run import PORT, ROOT, ensure_users, login, machine, start_server  # also sets Django up

# isort: split
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, F
from django.test import Client

from core.models import DataVersion
from gmg.models import Membership
from partnerships.models import (
    Country,
    Organisation,
    OrganisationFacets,
    Participation,
    Project,
    ProjectFacets,
    Quote,
    Theme,
)

SEARCH_WORDS = [
    "health",
    "families",
    "women",
    "shelter",
    "water",
    "livelihoods",
    "migrants",
    "returnees",
    "youth",
    "education",
    "training",
    "trafficking",
    "tsunami",
    "reintegration",
    "awareness",
    "workers",
    "children",
    "recovery",
]
PROFILED = 3  # slowest pages profiled per group
WARM_UP = ["/", "/projects/", "/partners/", "/quotes/", "/gmg/", "/projects/choices/country/"]


@dataclass
class Group:
    key: str  # for file names
    name: str
    urls: list[str]
    times_ms: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    def summary(self) -> dict:
        ordered = sorted(self.times_ms)
        return {
            "n": len(ordered),
            "p50": statistics.median(ordered),
            "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)],
            "max": ordered[-1],
            "non2xx": sum(not 200 <= status < 300 for status in self.statuses),
            "5xx": sum(status >= 500 for status in self.statuses),
        }


def offered_values() -> dict:
    """The values each list's filters offer, as a user could click them."""
    through = Project.countries.through
    busiest = Participation.objects.values("organisation__slug").annotate(n=Count("project")).order_by("-n")[:50]
    return {
        "themes": list(Theme.objects.values_list("slug", flat=True)),
        "countries": list(
            Country.objects.filter(pk__in=through.objects.values("country")).values_list("pk", flat=True)
        ),
        "hq": list(Country.objects.filter(headquartered__isnull=False).distinct().values_list("pk", flat=True)),
        "statuses": list(Project.Status.values),
        "kinds": list(Organisation.Kind.values),
        "roles": list(Participation.Role.values),
        "partners": [row["organisation__slug"] for row in busiest],
        "quoted_organisations": list(
            Organisation.objects.filter(quotes__isnull=False).distinct().values_list("slug", flat=True)[:200]
        ),
        "quoted_projects": list(
            Project.objects.filter(quotes__isnull=False).distinct().values_list("slug", flat=True)[:200]
        ),
        "busiest": busiest[0]["organisation__slug"],
        "gmg_years": (Membership.objects.order_by("start").values_list("start__year", flat=True).first(), 2026),
    }


def _mix(rng: random.Random, facets: dict[str, list[str]], extras: dict[str, callable]) -> str:
    """A query string of 1-3 facet values, sometimes with extras (a year, search words)."""
    query = []
    for key in rng.sample(sorted(facets), k=min(len(facets), rng.randint(1, 3))):
        query.append((key, rng.choice(facets[key])))
    for key, (chance, make) in extras.items():
        if rng.random() < chance:
            query.append((key, make()))
    return urllib.parse.urlencode(query)


def _distinct(make, n: int) -> list[str]:
    urls: list[str] = []
    seen = set()
    for _ in range(n * 50):
        if len(urls) == n:
            break
        url = make()
        if url not in seen:
            seen.add(url)
            urls.append(url)
    return urls


def build_groups(rng: random.Random, n: int) -> list[Group]:
    v = offered_values()

    def words():
        return " ".join(rng.sample(SEARCH_WORDS, k=rng.randint(1, 2)))

    def year():
        return str(rng.randint(1995, 2025))

    project_facets = {
        "theme": v["themes"],
        "country": v["countries"],
        "status": v["statuses"],
        "kind": v["kinds"],
        "role": v["roles"],
        "organisation": v["partners"],
        "missing": list(ProjectFacets.Gap.values),
    }
    partner_facets = {
        "kind": v["kinds"],
        "hq": v["hq"],
        "theme": v["themes"],
        "country": v["countries"],
        "role": v["roles"],
        "gmg": ["ever", "never"],
        "missing": list(OrganisationFacets.Gap.values),
    }
    quote_facets = {
        "organisation": v["quoted_organisations"],
        "project": v["quoted_projects"],
        "theme": v["themes"],
    }

    def by_completeness():
        return rng.choice(["completeness", "-completeness"])

    project_extras = {"active_from": (0.3, year), "q": (0.25, words), "sort": (0.15, by_completeness)}
    max_project = Project.objects.order_by("-pk").values_list("pk", flat=True).first()
    max_org = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first()

    def project_page():
        slug = Project.objects.filter(pk__gte=rng.randint(1, max_project)).order_by("pk").values_list("slug", flat=True)
        return f"/projects/{slug[0]}/"

    def partner_page():
        slug = (
            Organisation.objects.filter(pk__gte=rng.randint(1, max_org)).order_by("pk").values_list("slug", flat=True)
        )
        return f"/partners/{slug[0]}/"

    first, last = v["gmg_years"]
    start = datetime.date(first or 2003, 1, 1)
    span = (datetime.date(last, 12, 31) - start).days

    def gmg_day():
        return f"/gmg/?on={start + datetime.timedelta(days=rng.randint(0, span))}"

    records = _distinct(lambda: project_page() if rng.random() < 0.5 else partner_page(), n)
    return [
        Group(
            "projects",
            "/projects/ with 1-3 filters",
            _distinct(lambda: "/projects/?" + _mix(rng, project_facets, project_extras), n),
        ),
        Group(
            "partners",
            "/partners/ with 1-3 filters",
            _distinct(
                lambda: "/partners/?" + _mix(rng, partner_facets, {"q": (0.2, words), "sort": (0.15, by_completeness)}),
                n,
            ),
        ),
        Group(
            "quotes",
            "/quotes/ with 1-2 filters",
            _distinct(lambda: "/quotes/?" + _mix(rng, quote_facets, {"q": (0.2, words)}), n // 2),
        ),
        Group("records", "record pages (projects, partners)", records),
        Group("busiest", "busiest partner's page", [f"/partners/{v['busiest']}/"]),
        Group("gmg", "/gmg/?on= a random date", _distinct(gmg_day, n // 2)),
        Group("dashboard", "dashboard, right after a write", ["/"]),
        Group("quality", "/quality/, right after a write", ["/quality/"]),
    ]


def prewarm() -> str:
    """Load the facet tables and their indexes into PostgreSQL's memory (pg_prewarm), as
    they are on a server that has been answering the lists; right after a restart they
    are read from disk instead."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c "
            "WHERE c.relname LIKE 'partnerships_%%facets%%' AND c.relkind IN ('r', 'i')"
        )
        blocks = cursor.fetchone()[0]
    return f"{blocks * 8 / 1024:,.0f} MB"


def raise_data_version() -> int:
    """A real write: touch a theme, which raises the data version like any edit."""
    theme = Theme.objects.order_by("pk").first()
    Theme.objects.filter(pk=theme.pk).update(description=F("description"))
    return DataVersion.current()


def fetch(conn: http.client.HTTPConnection, path: str, cookie: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    body = response.read()
    return (time.perf_counter() - started) * 1000, response.status, len(body)


def cold_request(client: Client, path: str, profiler: cProfile.Profile | None = None):
    """One request after a write, in-process: the response, its SQL statements
    (seconds, sql, params) and its time in milliseconds."""
    raise_data_version()
    statements = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started, sql, params))

    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        if profiler:
            profiler.enable()
        response = client.get(path)
        if profiler:
            profiler.disable()
    return response, statements, (time.perf_counter() - started) * 1000


def profile_page(client: Client, path: str) -> str:
    """One cold request in-process: SQL statements and time, and where Python spent it."""
    profiler = cProfile.Profile()
    response, statements, total = cold_request(client, path, profiler)
    sql_ms = sum(seconds for seconds, _sql, _params in statements) * 1000
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(18)
    top = "\n".join(line for line in out.getvalue().splitlines() if line.strip())
    slowest = sorted(statements, key=lambda item: item[0], reverse=True)[:3]
    lines = [
        f"### `{path}`",
        "",
        f"{response.status_code}, {len(response.content):,} bytes, {total:.0f} ms in-process (profiler on), "
        f"{len(statements)} SQL statements taking {sql_ms:.0f} ms.",
        "",
        "Slowest statements:",
        "",
    ]
    for seconds, sql, params in slowest:
        with connection.cursor() as cursor:
            query = cursor.cursor.mogrify(sql, params).decode() if params else sql
        lines.append(f"- {seconds * 1000:.1f} ms: `{query[:400]}`")
    lines += ["", "```", top[-6000:], "```", ""]
    return "\n".join(lines)


def explain(path: str, client: Client) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the two slowest statements of a cold request."""
    _response, statements, _ms = cold_request(client, path)
    lines = [f"# GET {path}", ""]
    reads = [statement for statement in statements if statement[1].lstrip().startswith(("SELECT", "WITH"))]
    for seconds, sql, params in sorted(reads, key=lambda item: item[0], reverse=True)[:2]:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            query = cursor.cursor.mogrify(sql, params).decode() if params else sql
        lines += [f"## {seconds * 1000:.1f} ms in the request", "", query, "", plan, "", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-list", type=int, default=100, help="distinct URLs per list (at least 100)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--label", default="", help="a word for the report's file name (e.g. 1m)")
    parser.add_argument("--no-profile", action="store_true", help="skip profiling the slowest pages")
    parser.add_argument("--only", help="comma-separated groups to run: projects,partners,quotes,records,...")
    parser.add_argument("--no-prewarm", action="store_true", help="leave PostgreSQL's memory as it is")
    args = parser.parse_args()

    sizes = {
        "projects": Project.objects.count(),
        "organisations": Organisation.objects.count(),
        "participations": Participation.objects.count(),
        "quotes": Quote.objects.count(),
    }
    rng = random.Random(args.seed)
    groups = build_groups(rng, args.per_list)
    if args.only:
        groups = [group for group in groups if group.key in args.only.split(",")]
    users = ensure_users()
    args.prewarmed = None if args.no_prewarm else prewarm()
    server = start_server(args.workers)
    try:
        cookie = login(*users["viewer"])
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        # Warm the workers (templates compiled, URL resolver built), not the data: the
        # write below makes every kept page out of date.
        for path in WARM_UP:
            for _ in range(args.workers):
                fetch(conn, path, cookie)
        raise_data_version()
        for group in groups:
            for path in group.urls:
                if group.key in ("dashboard", "quality"):
                    raise_data_version()
                ms, status, _size = fetch(conn, path, cookie)
                group.times_ms.append(ms)
                group.statuses.append(status)
            s = group.summary()
            print(
                f"{group.name}: n={s['n']} p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f} ms, max {s['max']:.0f} ms, "
                f"non-2xx {s['non2xx']}",
                flush=True,
            )
        conn.close()
    finally:
        server.terminate()
        server.wait()

    label = f"-{args.label}" if args.label else ""
    stem = f"cold-{datetime.date.today()}{label}"
    report = render(args, sizes, groups)
    if not args.no_profile:
        client = Client()
        client.force_login(User.objects.get(username=users["viewer"][0]))
        profiles = ["", "## The slowest pages, profiled in-process (cold)", ""]
        plans = ROOT / "bench" / "plans"
        plans.mkdir(exist_ok=True)
        for group in groups:
            slowest = sorted(zip(group.times_ms, group.urls, strict=True), reverse=True)[:PROFILED]
            for rank, (_ms, path) in enumerate(slowest, 1):
                profiles.append(profile_page(client, path))
                if rank == 1 and len(group.urls) > 1:
                    (plans / f"cold{label}-{group.key}.txt").write_text(explain(path, client))
        report += "\n".join(profiles)
    out = ROOT / "bench" / "results" / f"{stem}.md"
    out.write_text(report)
    with open(out.with_suffix(".csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["group", "url", "ms", "status"])
        for group in groups:
            for row in zip(group.urls, group.times_ms, group.statuses, strict=True):
                writer.writerow([group.name, row[0], f"{row[1]:.1f}", row[2]])
    print(f"Report written to {out.relative_to(ROOT)}")


def render(args, sizes: dict, groups: list[Group]) -> str:
    lines = [
        f"# Cold benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"- Machine: {machine()}",
        f"- Data: {', '.join(f'{value:,} {name}' for name, value in sizes.items())}",
        f"- Server: gunicorn, {args.workers} sync workers, DEBUG off; PostgreSQL on the same machine",
        f"- Load: one connection; a real write first, then each distinct URL fetched once (seed {args.seed})",
        "- PostgreSQL memory: "
        + (f"facet tables and indexes prewarmed ({args.prewarmed})" if args.prewarmed else "as found (no prewarm)"),
        "",
        "| cold | URLs | p50 ms | p95 ms | max ms | non-2xx | 5xx |",
        "|---|---|---|---|---|---|---|",
    ]
    for group in groups:
        s = group.summary()
        lines.append(
            f"| {group.name} | {s['n']} | {s['p50']:.0f} | {s['p95']:.0f} | {s['max']:.0f} "
            f"| {s['non2xx']} | {s['5xx']} |"
        )
    lines += ["", "Slowest URL of each group:", ""]
    for group in groups:
        ms, path = max(zip(group.times_ms, group.urls, strict=True))
        lines.append(f"- {group.name}: {ms:.0f} ms `{path}`")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
