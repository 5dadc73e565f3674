"""The followers' benchmark: at the database's size (a million projects after `make
synthetic`), 1,000 users each following 10 saved searches and 20 records.

- An import of 5,000 project rows through the admin (preview, then confirm), with
  nobody following anything and with the 1,000 followers, alternately (three of each):
  the confirm's answer time, and how long after it the changes were told (the worker
  takes them once the answer is sent).
- One more import and 2,000 followed projects changed by a script (SQL with history
  rows), then the digest run for all users (`send_digests`, messages kept in memory):
  its time, and the messages.
- The notifications page of 50 followers, from gunicorn with production settings, each
  asked three times (the first tells what is still queued): p50, p95, max.

Results go to bench/results/followers-<date>[-label].md. Not part of `make test`;
`make bench` runs it.

    .venv/bin/python bench/followers.py [--users 1000] [--label 1m]
"""

import argparse
import datetime
import random
import re
import statistics
import time

from editors import IMPORT_ROWS, Browser, admin_url, import_file, multipart
from run import BASE, ROOT, ensure_users, login, machine, start_server  # also sets Django up

# isort: split
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import override_settings

from core.history import record_rows
from following.digests import send_digests
from following.models import Change, Delivery, Follow, Notification, SavedSearch, Subscriber
from partnerships.models import Organisation, Project, Theme

PASSWORD = "bench-follower-password"
SEARCHES, RECORDS = 10, 20
ROUNDS = 3


def search_pool() -> list[tuple[str, str]]:
    """(list, query) pairs as staff save them: themes, countries, kinds, combinations."""
    themes = list(Theme.objects.values_list("slug", flat=True)[:12])
    countries = ["KE", "TZ", "ID", "MM", "SO", "HT", "PK", "ZA"]
    pool = [("projects", f"theme={theme}") for theme in themes]
    pool += [("projects", f"country={country}&theme={theme}") for country in countries for theme in themes[:4]]
    pool += [("projects", f"country={country}&status=active") for country in countries]
    pool += [("partners", f"kind={kind}") for kind in ("company", "ngo", "foundation", "un")]
    pool += [("partners", f"theme={theme}") for theme in themes[:4]]
    return pool


def make_followers(count: int, rng: random.Random) -> list[User]:
    """`count` users, each with SEARCHES saved searches and RECORDS followed records
    (kept between runs: their names say what they are)."""
    existing = list(User.objects.filter(username__startswith="bench-follower-").order_by("pk"))
    if len(existing) >= count:
        return existing[:count]
    password = make_password(PASSWORD)
    languages = ["en", "fr", "es"]
    users = User.objects.bulk_create(
        User(username=f"bench-follower-{n:04}", email=f"follower{n}@example.org", password=password)
        for n in range(len(existing), count)
    )
    Subscriber.objects.bulk_create(
        Subscriber(user=user, delivery=Delivery.DAILY, language=languages[n % 3]) for n, user in enumerate(users)
    )
    pool = search_pool()
    searches = SavedSearch.objects.bulk_create(
        SavedSearch(owner=user, name=f"Search {n}", list=lst, query=query)
        for user in users
        for n, (lst, query) in enumerate(rng.sample(pool, SEARCHES))
    )
    top = Project.objects.order_by("-pk").values_list("pk", flat=True).first()
    partners = list(Organisation.objects.values_list("pk", flat=True)[:5000])
    latest = {"projects": top, "partners": Organisation.objects.order_by("-pk").values_list("pk", flat=True)[0]}
    follows = [
        Follow(user=s.owner, kind=Follow.Kind.SEARCH, search=s, title=s.name, seen_up_to=latest[s.list])
        for s in searches
    ]
    for user in users:
        for project in rng.sample(range(1, top), RECORDS // 2):
            follows.append(Follow(user=user, kind="project", record_id=project, title=f"Project {project}"))
        for partner in rng.sample(partners, RECORDS // 2):
            follows.append(Follow(user=user, kind="partner", record_id=partner, title=f"Partner {partner}"))
    Follow.objects.bulk_create(follows, ignore_conflicts=True)
    return existing + users


def timed_import(editor: Browser, label: str) -> dict:
    """An import's confirm time, and the time until its changes were told."""
    body, kind = multipart({"format": "0", "csrfmiddlewaretoken": editor.csrf}, f"{label}.csv", import_file(label))
    _, preview_status, page = editor.request("POST", admin_url(Project, "import"), body, kind)
    token = re.search(rb'name="token" value="([^"]+)"', page)
    if not token:
        raise RuntimeError(f"the import's preview answered {preview_status} without a token")
    confirm_ms, status, _ = editor.post(admin_url(Project, "process_import"), {"token": token.group(1)})
    answered = time.perf_counter()
    while Change.objects.exists():
        if time.perf_counter() - answered > 600:
            raise RuntimeError("the import's changes were not told within 10 minutes")
        time.sleep(0.05)
    told_s = time.perf_counter() - answered
    imported = Project.objects.filter(slug__startswith=f"bench-import-{label}-")
    return {"confirm_ms": confirm_ms, "status": status, "imported": imported.count(), "told_s": told_s}


def clean_import(label: str) -> None:
    with connection.cursor() as cursor:  # no history, nothing to tell: the benchmark's own tidying
        ids = list(Project.objects.filter(slug__startswith=f"bench-import-{label}-").values_list("pk", flat=True))
        for table in ("partnerships_project_countries", "partnerships_project_themes"):
            cursor.execute(f"DELETE FROM {table} WHERE project_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM partnerships_projectfacets WHERE project_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM partnerships_project WHERE id = ANY(%s)", [ids])


def imports(editor: Browser, stamp: str) -> dict[str, list[dict]]:
    follows = list(Follow.objects.values("user_id", "kind", "record_id", "search_id", "title", "seen_up_to"))
    found = {"nobody follows": [], "1,000 follow": []}
    for round_ in range(ROUNDS):
        Follow.objects.all().delete()
        label = f"{stamp}-none-{round_}"
        found["nobody follows"].append(timed_import(editor, label))
        clean_import(label)
        Follow.objects.bulk_create(Follow(**row) for row in follows)
        label = f"{stamp}-followed-{round_}"
        found["1,000 follow"].append(timed_import(editor, label))
        clean_import(label)
    return found


def change_followed(rng: random.Random, count: int, by: User) -> None:
    """`count` followed projects changed by a script: SQL, with history rows."""
    followed = list(Follow.objects.filter(kind="project").values_list("record_id", flat=True).distinct())
    ids = rng.sample(followed, min(count, len(followed)))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partnerships_project SET summary = summary || ' (checked)' WHERE id = ANY(%s)", [ids])
    record_rows(Project, Project.history.model, "id = ANY(%s)", "~", "Benchmark", params=[ids], user=by)


def notifications_page(users: list[User]) -> list[float]:
    times = []
    for user in users:
        browser = Browser(login(user.username, PASSWORD))
        for _ in range(3):
            ms, status, _ = browser.get("/notifications/")
            if status != 200:
                raise RuntimeError(f"/notifications/ answered {status}")
            times.append(ms)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--label", default="")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    stamp = datetime.datetime.now().strftime("%H%M%S")
    started = time.perf_counter()
    followers = make_followers(args.users, rng)
    setup_s = time.perf_counter() - started
    users = ensure_users()
    server = start_server(2)
    try:
        editor = Browser(login(*users["editor"]))
        found = imports(editor, stamp)
        Notification.objects.filter(user__in=followers).delete()
        # One more import for the digest to tell (new matches of the searches), and changes.
        final = timed_import(editor, f"{stamp}-digest")
        change_followed(rng, 2000, User.objects.get(username=users["editor"][0]))
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            from django.core import mail

            mail.outbox = []
            started = time.perf_counter()
            outcome = send_digests()
            digest_s = time.perf_counter() - started
            messages = len(mail.outbox)
        page_ms = notifications_page(rng.sample(followers, 50))
    finally:
        server.terminate()
        server.wait()
        clean_import(f"{stamp}-digest")
    report = render(args, found, final, setup_s, digest_s, outcome, messages, page_ms)
    name = f"followers-{datetime.date.today()}{'-' + args.label if args.label else ''}.md"
    (ROOT / "bench" / "results" / name).write_text(report)
    print(report)


def render(args, found, final, setup_s, digest_s, outcome, messages, page_ms) -> str:
    projects = Project.objects.count()
    lines = [
        f"# Followers at {projects:,} projects, {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"{machine()}. Server: {BASE}, gunicorn, 2 workers, production settings.",
        f"{args.users:,} users, each following {SEARCHES} saved searches and {RECORDS} records "
        f"({Follow.objects.count():,} follows; set up in {setup_s:.0f} s).",
        "",
        f"## Import of {IMPORT_ROWS:,} project rows (confirm), {ROUNDS} rounds each, alternately",
        "",
        "| who follows | confirm (s), each round | median (s) | told after the answer (s) | imported |",
        "|---|---|---|---|---|",
    ]
    medians = {}
    for who, rounds in found.items():
        times = [r["confirm_ms"] / 1000 for r in rounds]
        told = ", ".join(f"{r['told_s']:.1f}" for r in rounds)
        imported = ", ".join(str(r["imported"]) for r in rounds)
        medians[who] = statistics.median(times)
        confirms = ", ".join(f"{t:.1f}" for t in times)
        lines.append(f"| {who} | {confirms} | {medians[who]:.1f} | {told} | {imported} |")
    slower = (medians["1,000 follow"] / medians["nobody follows"] - 1) * 100
    lines += [
        "",
        f"The import with followers took {slower:+.1f}% against nobody following (target: at most +10%).",
        "",
        "## Digest run for all users",
        "",
        f"- Before it: one more import ({final['imported']:,} projects, new matches for the searches) and 2,000"
        " followed projects changed by a script (SQL with history rows)",
        f"- `send_digests` (telling, then sending): {digest_s:.1f} s (target: at most 60 s)",
        f"- Digests sent: {outcome.sent:,} ({messages:,} messages), not sent: {outcome.failed}",
        "",
        "## Notifications page, 50 followers, each three times",
        "",
        f"- p50 {statistics.median(page_ms):.0f} ms, p95 {percentile(page_ms, 0.95):.0f} ms, max {max(page_ms):.0f} ms "
        "(target: p95 at most 100 ms)",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
