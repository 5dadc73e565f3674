"""Synthetic partnership data at scale, for benchmarks: deterministic for a given seed,
with skewed (Zipf-like) frequencies for kinds, countries, themes and partners, loaded
with PostgreSQL COPY. Synthetic rows carry slugs starting with `synthetic-`, so that
`delete()` removes them and leaves the seed data alone. GMG data is never touched.
"""

import datetime
import io
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection

from core.db import without_statement_timeout
from core.history import record_rows

from . import facet_tables
from .models import Country, Figure, Organisation, Participation, Project, Quote, Theme
from .search import refresh_search

PREFIX = "synthetic-"
CHUNK_ROWS = 200_000
SEARCH_BATCH = 50_000
PARTICIPATION_COLUMNS = [
    "id",
    "project_id",
    "organisation_id",
    "role",
    "amount",
    "currency",
    "in_kind",
    "agreement",
    "note",
    "start",
    "start_precision",
    '"end"',
    "end_precision",
]

ADJECTIVES = [
    "Global",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "United",
    "Royal",
    "National",
    "Pacific",
    "Atlantic",
    "Alpine",
    "Coastal",
    "Green",
    "Blue",
    "Golden",
    "Silver",
    "Bright",
    "New",
    "First",
    "Open",
    "Central",
    "Modern",
    "Civic",
    "Rural",
    "Urban",
    "Future",
    "Common",
    "Allied",
]
NOUNS = [
    "Foods",
    "Energy",
    "Logistics",
    "Bank",
    "Trust",
    "Partners",
    "Health",
    "Bridges",
    "Horizons",
    "Harvest",
    "Relief",
    "Ventures",
    "Systems",
    "Care",
    "Education",
    "Futures",
    "Networks",
    "Alliance",
    "Capital",
    "Media",
    "Mobility",
    "Water",
    "Solutions",
    "Shelter",
    "Industries",
    "Foundation",
]
SUFFIX = {
    "company": ["Ltd", "Inc.", "Group", "S.A.", "GmbH", "plc"],
    "ngo": ["Association", "Network", "Initiative", "Society", "Council"],
    "foundation": ["Foundation", "Fund", "Trust"],
    "academic": ["University", "Institute", "College"],
    "government": ["Ministry", "Agency", "Office"],
    "media": ["Broadcasting", "Media", "Press"],
    "un": ["Programme", "Commission", "Office"],
}
ACTIVITIES = [
    "Support",
    "Assistance to Protection of Training",
    "Reintegration of Health services",
    "Awareness campaign",
    "Livelihoods",
    "Shelter",
    "Water",
    "Education",
    "Research on Recovery of",
]
GROUPS = [
    "migrants",
    "returnees",
    "displaced",
    "families",
    "women",
    "youth",
    "workers",
    "children",
    "communities",
    "survivors",
]
STATUS_WEIGHTS = {"completed": 55, "active": 30, "planned": 8, "suspended": 4, "cancelled": 3}
KIND_WEIGHTS = {"ngo": 35, "company": 25, "government": 15, "foundation": 8, "academic": 7, "un": 5, "media": 5}
ROLE_WEIGHTS = {
    "implementing": 35,
    "funding": 25,
    "in_kind": 12,
    "government": 10,
    "community": 8,
    "coordinating": 5,
    "research": 3,
    "private_sector": 2,
}
CURRENCY_WEIGHTS = {"USD": 80, "EUR": 12, "GBP": 4, "CHF": 2, "JPY": 2}
QUOTE_TEXTS = [
    "Working together we reached people who had nowhere else to turn.",
    "This partnership showed what the private sector can do for migrants.",
    "Our staff learned as much as the communities we served.",
    "The results speak for themselves: families are safer today.",
]


@dataclass
class Counts:
    organisations: int = 0
    projects: int = 0
    participations: int = 0
    themes: int = 0
    countries: int = 0
    figures: int = 0
    quotes: int = 0


def zipf_weights(n: int, exponent: float = 1.1) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, n + 1)]


def _copy(table: str, columns: list[str], rows: Iterator[tuple]) -> int:
    """COPY rows into a table, in chunks, so that memory stays flat."""
    written = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor, for copy_expert
        while True:
            buffer = io.StringIO()
            count = 0
            for row in rows:
                buffer.write("\t".join(_cell(value) for value in row))
                buffer.write("\n")
                count += 1
                if count == CHUNK_ROWS:
                    break
            if count == 0:
                return written
            buffer.seek(0)
            raw.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
            written += count
            if count < CHUNK_ROWS:
                return written


def _cell(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
        return cursor.fetchone()[0]


def _reset_sequence(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
        )


ORGANISATION_COLUMNS = [
    "id",
    "name",
    "acronym",
    "slug",
    "kind",
    "hq_country_id",
    "description",
    "website",
    "parent_id",
    "aliases",
]
PROJECT_COLUMNS = [
    "id",
    "start",
    "start_precision",
    '"end"',
    "end_precision",
    "title",
    "slug",
    "programme",
    "summary",
    "status",
    "follows_id",
]
EPOCH = datetime.date(1990, 1, 1).toordinal()
SPAN = datetime.date(2026, 12, 31).toordinal() - EPOCH


@dataclass
class _Children:
    """The rows of the projects' links, gathered while the projects are drawn."""

    participations: list[tuple] = field(default_factory=list)
    themes: list[tuple] = field(default_factory=list)
    countries: list[tuple] = field(default_factory=list)
    figures: list[tuple] = field(default_factory=list)
    quotes: list[tuple] = field(default_factory=list)


class _Draw:
    """Every random choice of the data, from one generator: the same seed draws the same
    data, as long as the draws keep their order."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.countries = list(Country.objects.order_by("code").values_list("code", flat=True))
        self.rng.shuffle(self.countries)
        self.country_weights = zipf_weights(len(self.countries))
        self.themes = list(Theme.objects.order_by("slug").values_list("id", flat=True))
        self.rng.shuffle(self.themes)
        self.theme_weights = zipf_weights(len(self.themes), 0.9)

    def organisations(self, count: int, first_id: int) -> Iterator[tuple]:
        kinds, kind_weights = zip(*KIND_WEIGHTS.items(), strict=True)
        for i in range(count):
            kind = self.rng.choices(kinds, kind_weights)[0]
            name = f"{self.rng.choice(ADJECTIVES)} {self.rng.choice(NOUNS)} {self.rng.choice(SUFFIX[kind])} {i + 1}"
            hq = self.rng.choices(self.countries, self.country_weights)[0]
            yield (first_id + i, name, "", f"{PREFIX}org-{i + 1}", kind, hq, "", "", None, "{}")

    def projects(
        self, count: int, first_id: int, partners: range, first_participation: int, children: _Children
    ) -> Iterator[tuple]:
        """The project rows; their links go to `children` as each project is drawn."""
        # Cumulative weights make rng.choices fast on 100,000 partners.
        partner_weights = list(_accumulate(zipf_weights(len(partners), 0.8)))
        next_participation = first_participation
        for i in range(count):
            pk = first_id + i
            start, precision, end, end_precision, status = self._dates()
            theme_ids = set(self.rng.choices(self.themes, self.theme_weights, k=self.rng.randint(1, 3)))
            k = self.rng.choices((1, 2, 3), (70, 25, 5))[0]
            country_codes = set(self.rng.choices(self.countries, self.country_weights, k=k))
            activity = self.rng.choice(ACTIVITIES).strip()
            group = self.rng.choice(GROUPS)
            children.themes += [(pk, theme) for theme in theme_ids]
            children.countries += [(pk, code) for code in country_codes]
            k = self.rng.choices((1, 2, 3, 4, 5), (10, 25, 30, 20, 15))[0]
            for org in set(self.rng.choices(partners, cum_weights=partner_weights, k=k)):
                children.participations.append((next_participation, pk, org, *self._contribution()))
                next_participation += 1
            if self.rng.random() < 0.3:
                children.figures.append(
                    (pk, self.rng.randint(10, 200_000), self.rng.choice(("exact", "about", "more_than")))
                )
            if self.rng.random() < 0.03:
                children.quotes.append((pk, f"{self.rng.choice(QUOTE_TEXTS)} (synthetic {i + 1})"))
            title = f"{activity} {group} in {next(iter(country_codes))} #{i + 1}"
            summary = f"{activity} {group}: synthetic project {i + 1} for benchmarks."
            slug = f"{PREFIX}{i + 1}"
            yield (pk, start, precision, end, end_precision or "day", title, slug, "", summary, status, None)

    def _dates(self) -> tuple:
        """Start (skewed towards recent years: more work is recorded lately), its
        precision, the end where there is one, and the status."""
        start = datetime.date.fromordinal(EPOCH + int(SPAN * (self.rng.random() ** 0.6)))
        precision = self.rng.choices(("day", "month", "year"), (50, 35, 15))[0]
        if precision == "year":
            start = start.replace(month=1, day=1)
        elif precision == "month":
            start = start.replace(day=1)
        end = end_precision = None
        statuses, status_weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        status = self.rng.choices(statuses, status_weights)[0]
        if status == "completed" or self.rng.random() < 0.3:
            end = start + datetime.timedelta(days=self.rng.randint(90, 365 * 6))
            end = min(end, datetime.date(2030, 12, 31))
            end_precision = "day"
        return start, precision, end, end_precision, status

    def _contribution(self) -> tuple:
        """A partner's role, and its cash amount and currency or what it gave in kind."""
        roles, role_weights = zip(*ROLE_WEIGHTS.items(), strict=True)
        role = self.rng.choices(roles, role_weights)[0]
        amount = None
        currency = in_kind = ""
        if role == "funding" and self.rng.random() < 0.8:
            amount = round(self.rng.lognormvariate(11, 1.5), 2)
            currencies, currency_weights = zip(*CURRENCY_WEIGHTS.items(), strict=True)
            currency = self.rng.choices(currencies, currency_weights)[0]
        elif role == "in_kind":
            in_kind = "Goods and services"
        return role, amount, currency, in_kind


def generate(*, projects: int, organisations: int, seed: int, log: Callable[[str], None] = print) -> Counts:
    started = time.monotonic()

    def step(message: str) -> None:
        log(f"[{time.monotonic() - started:6.1f}s] {message}")

    draw = _Draw(seed)
    counts = Counts()
    with without_statement_timeout(), facet_tables.suspended():
        first_org = _next_id("partnerships_organisation")
        rows = draw.organisations(organisations, first_org)
        counts.organisations = _copy("partnerships_organisation", ORGANISATION_COLUMNS, rows)
        step(f"{counts.organisations:,} organisations")
        children = _Children()
        partners = range(first_org, first_org + organisations)
        first_project = _next_id("partnerships_project")
        rows = draw.projects(projects, first_project, partners, _next_id("partnerships_participation"), children)
        counts.projects = _copy("partnerships_project", PROJECT_COLUMNS, rows)
        step(f"{counts.projects:,} projects")
        _copy_children(children, counts, step)
        for table in ("partnerships_organisation", "partnerships_project", "partnerships_participation"):
            _reset_sequence(table)
        step(f"{_record_history('+', 'generate_synthetic'):,} history rows")
    _index(range(first_project, first_project + projects), partners, step)
    return counts


def _copy_children(children: _Children, counts: Counts, step: Callable[[str], None]) -> None:
    counts.participations = _copy(
        "partnerships_participation",
        PARTICIPATION_COLUMNS,
        ((*row, "", "", None, "day", None, "day") for row in children.participations),
    )
    step(f"{counts.participations:,} participations")
    counts.themes = _copy("partnerships_project_themes", ["project_id", "theme_id"], iter(children.themes))
    counts.countries = _copy("partnerships_project_countries", ["project_id", "country_id"], iter(children.countries))
    counts.figures = _copy(
        "partnerships_figure",
        ["project_id", "kind", "qualifier", "value", "unit", "label", "source_text"],
        ((pk, "people_reached", q, value, "people", "people reached", "") for pk, value, q in children.figures),
    )
    counts.quotes = _copy(
        "partnerships_quote", ["project_id", "text", "note"], ((pk, text, "") for pk, text in children.quotes)
    )
    step(
        f"{counts.themes:,} project themes, {counts.countries:,} project countries, "
        f"{counts.figures:,} figures, {counts.quotes:,} quotes"
    )


def _index(projects: range, organisations: range, step: Callable[[str], None]) -> None:
    """Statistics, the search vectors of the new records, and a vacuum."""
    with without_statement_timeout(), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("analysed")
    for first in range(projects.start, projects.stop, SEARCH_BATCH):
        with without_statement_timeout():
            refresh_search(projects=range(first, min(first + SEARCH_BATCH, projects.stop)))
    for first in range(organisations.start, organisations.stop, SEARCH_BATCH):
        with without_statement_timeout():
            refresh_search(organisations=range(first, min(first + SEARCH_BATCH, organisations.stop)))
    step("search vectors built")
    if not connection.in_atomic_block:  # VACUUM cannot run inside a transaction
        _vacuum()
        step("vacuumed and analysed")


def _vacuum() -> None:
    """VACUUM ANALYZE without the time limit. It cannot run inside a transaction, so SET
    LOCAL cannot lift the limit: it runs on a connection of its own, opened with the
    limit off and closed after, whose setting no one else can inherit (a pooler refuses
    such a connection: load synthetic data on the database itself)."""
    params = {**connection.get_connection_params(), "options": "-c statement_timeout=0"}
    own = connection.get_new_connection(params)
    try:
        own.autocommit = True
        with own.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        own.close()


def _accumulate(weights):
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def _record_history(history_type: str, reason: str) -> int:
    """The history rows that COPY and the SQL deletes do not write by themselves."""
    projects = f"SELECT id FROM partnerships_project WHERE slug LIKE '{PREFIX}%%'"
    organisations = f"SELECT id FROM partnerships_organisation WHERE slug LIKE '{PREFIX}%%'"
    of_synthetic_projects = f"project_id IN ({projects})"
    conditions = {
        Organisation: f"slug LIKE '{PREFIX}%%'",
        Project: f"slug LIKE '{PREFIX}%%'",
        Participation: f"{of_synthetic_projects} OR organisation_id IN ({organisations})",
        Figure: f"{of_synthetic_projects} OR organisation_id IN ({organisations})",
        Quote: of_synthetic_projects,
    }
    return sum(
        record_rows(model, model.history.model, where, history_type, reason) for model, where in conditions.items()
    )


def exists() -> bool:
    return Organisation.objects.filter(slug__startswith=PREFIX).exists()


def delete(log: Callable[[str], None] = print) -> None:
    """Remove every synthetic row; the seed data stays."""
    projects = f"SELECT id FROM partnerships_project WHERE slug LIKE '{PREFIX}%%'"
    organisations = f"SELECT id FROM partnerships_organisation WHERE slug LIKE '{PREFIX}%%'"
    statements = [
        f"DELETE FROM partnerships_participation WHERE project_id IN ({projects})",
        f"DELETE FROM partnerships_participation WHERE organisation_id IN ({organisations})",
        f"DELETE FROM partnerships_project_themes WHERE project_id IN ({projects})",
        f"DELETE FROM partnerships_project_countries WHERE project_id IN ({projects})",
        f"DELETE FROM partnerships_project_places WHERE project_id IN ({projects})",
        f"DELETE FROM partnerships_project_crises WHERE project_id IN ({projects})",
        f"DELETE FROM partnerships_figure WHERE project_id IN ({projects})",
        f"DELETE FROM partnerships_figure WHERE organisation_id IN ({organisations})",
        f"DELETE FROM partnerships_quote WHERE project_id IN ({projects})",
        f"DELETE FROM partnerships_project WHERE slug LIKE '{PREFIX}%%'",
        f"DELETE FROM partnerships_organisation WHERE slug LIKE '{PREFIX}%%'",
    ]
    with without_statement_timeout(), facet_tables.suspended(), connection.cursor() as cursor:
        log(f"{_record_history('-', 'generate_synthetic --delete'):,} history rows")
        for statement in statements:
            cursor.execute(statement)
            log(f"{cursor.rowcount:,} rows: {statement[:60]}…")
