"""Exports of the project and organisation lists: exactly the rows the list shows for
the same query string (all pages), as typed values (dates, numbers) that the CSV and
XLSX writers of core/downloads.py put in their own way. The CSV streams, so that
memory stays flat."""

from collections.abc import Iterator
from decimal import Decimal
from functools import partial

from django.db import connections
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import translation

from core.dates import format_partial
from core.db import batched, in_order, streaming_cursor
from core.downloads import csv_cell, csv_cell_sql
from core.versioned_cache import cached

from .models import Country, Participation, Project, Theme

CHUNK = 2000


def cash_currencies() -> list[str]:
    """The currencies of the recorded contributions: the export has a total column for each."""
    used = Participation.objects.exclude(currency="").order_by("currency").values_list("currency", flat=True)
    return cached("cash-currencies", compute=lambda: list(used.distinct()), per_language=False)


def project_header(currencies: list[str]) -> list[str]:
    """The columns of the project export: each date as an ISO day, its precision and as
    written; country codes beside names; a numeric cash total per currency."""
    return [
        "title",
        "status",
        "start",
        "start_precision",
        "start_text",
        "end",
        "end_precision",
        "end_text",
        "country_codes",
        "countries",
        "themes",
        "partners",
        *(f"cash_{currency}" for currency in currencies),
        "cash contributions",
        "in-kind contributions",
        "summary",
        "slug",
    ]


# A project's countries, themes and partners are named from its facet row (facet_tables.py:
# the arrays of codes and keys, and one token per participation,
# `<partner>:<kind>:<role>:<currency>:<amount>:<in kind>`), not by aggregating three
# million participations again. The arrays come as text (codes and tokens hold no spaces):
# decoding arrays took a third of the time.
PROJECT_ROWS_SQL = """
WITH chosen AS ({chosen})
SELECT p.title, p.status, p.start, p.start_precision, p."end", p.end_precision,
       array_to_string(chosen.countries, ' '), array_to_string(chosen.themes, ' '),
       array_to_string(chosen.participations, ' '), chosen.in_kind, p.summary, p.slug, p.id
  FROM chosen JOIN partnerships_project p ON p.id = chosen.id
 ORDER BY chosen.position
"""

IN_KIND_SQL = """
SELECT pa.project_id, o.name, pa.in_kind
  FROM partnerships_participation pa JOIN partnerships_organisation o ON o.id = pa.organisation_id
 WHERE pa.project_id = ANY(%s) AND pa.in_kind <> ''
"""


class _Named:
    """What a facet row's codes, keys and tokens name, in English words, each worked out
    once per export: a few thousand sets of countries or themes and partners' tokens
    recur across a million projects. Partners' names are fetched a batch of rows at a time."""

    def __init__(self, alias: str):
        self.alias = alias
        self.country_names = dict(Country.objects.using(alias).values_list("code", "name"))
        self.theme_names = dict(Theme.objects.using(alias).values_list("pk", "name"))
        self.roles = {value: str(label) for value, label in Participation.Role.choices}
        self.statuses = {value: str(label) for value, label in Project.Status.choices}
        self.organisations: dict[int, str] = {}
        self._countries: dict[str, tuple[str, str]] = {}
        self._themes: dict[str, str] = {}
        self._tokens: dict[str, tuple[str, str, str, Decimal | None]] = {}
        self._cells: dict[str, str] = {}

    def learn(self, rows: list[tuple], *, parts: int, in_kind: int, key: int) -> dict[int, list[tuple[str, str]]]:
        """The partner names these rows' tokens need; and the in-kind contributions
        (partner, what) of those rows that have any, which the tokens only flag. Plain SQL
        with arrays: the ORM's `__in` spends milliseconds per thousand keys."""
        keys = {int(token.split(":", 1)[0]) for row in rows for token in row[parts].split()}
        keys -= self.organisations.keys()
        given = [row[key] for row in rows if row[in_kind]]
        in_kind_of: dict[int, list[tuple[str, str]]] = {}
        with connections[self.alias].cursor() as cursor:
            if keys:
                cursor.execute("SELECT id, name FROM partnerships_organisation WHERE id = ANY(%s)", [list(keys)])
                self.organisations.update(cursor.fetchall())
            if given:
                cursor.execute(IN_KIND_SQL, [given])
                for project, name, what in cursor.fetchall():
                    in_kind_of.setdefault(project, []).append((name, what))
        return in_kind_of

    def countries(self, codes: str) -> tuple[str, str]:
        """("KE; TZ", "Kenya; Tanzania"): the codes, and the names, in the names' order."""
        if codes not in self._countries:
            named = sorted((self.country_names[code], code) for code in codes.split())
            self._countries[codes] = ("; ".join(code for _name, code in named), "; ".join(name for name, _ in named))
        return self._countries[codes]

    def themes(self, keys: str) -> str:
        if keys not in self._themes:
            self._themes[keys] = "; ".join(sorted(self.theme_names[int(key)] for key in keys.split()))
        return self._themes[keys]

    def contributions(self, tokens: str) -> tuple[str, str, dict[str, Decimal]]:
        """The partners with their roles, the cash contributions by partner, and the cash
        total in each currency."""
        partners, cash, totals = [], [], {}
        for token in tokens.split():
            if token not in self._tokens:
                key, _kind, role, currency, amount, _in_kind = token.split(":")
                name = self.organisations.get(int(key), "")
                self._tokens[token] = (
                    f"{name} ({self.roles.get(role, role)})",
                    f"{name}: {currency} {Decimal(amount):,}" if amount else "",  # digits grouped, for reading
                    currency,
                    Decimal(amount) if amount else None,
                )
            partner, given, currency, amount = self._tokens[token]
            partners.append(partner)
            if amount is not None:
                cash.append(given)
                totals[currency] = totals.get(currency, 0) + amount
        partners.sort()
        cash.sort()
        return "; ".join(partners), "; ".join(cash), totals

    def cell(self, text: str) -> str:
        """csv_cell(), for the few texts that recur (statuses, sets of countries or themes)."""
        if text not in self._cells:
            self._cells[text] = csv_cell(text)
        return self._cells[text]

    @staticmethod
    def given(in_kind: list[tuple[str, str]]) -> str:
        return "; ".join(f"{name}: {what}" for name, what in sorted(in_kind))


def project_rows(chosen, currencies: list[str]) -> Iterator[list]:
    """The export of the projects whose facet rows are `chosen`, in their order, with a
    cash total for each of `currencies`: typed values (for the XLSX file)."""
    chosen_sql, chosen_params = _chosen_sql(chosen)
    language = translation.get_language()  # English: see in_english()
    named = _Named(chosen.db)  # the replica's, where reads go there
    with streaming_cursor(connections[chosen.db]) as cursor:
        cursor.execute(PROJECT_ROWS_SQL.format(chosen=chosen_sql), chosen_params)
        while rows := cursor.fetchmany(CHUNK):
            in_kind = named.learn(rows, parts=8, in_kind=9, key=12)
            for title, status, start, start_precision, end, end_precision, *facets, summary, slug, pk in rows:
                countries, themes, parts, _given = facets
                partners, cash, totals = named.contributions(parts)
                yield [
                    title,
                    named.statuses.get(status, status),
                    start,
                    start_precision if start else "",
                    format_partial(start, start_precision, language),
                    end,
                    end_precision if end else "",
                    format_partial(end, end_precision, language),
                    *named.countries(countries),
                    named.themes(themes),
                    partners,
                    *(totals.get(currency) for currency in currencies),
                    cash,
                    named.given(in_kind.get(pk, ())),
                    summary,
                    slug,
                ]


def _chosen_sql(chosen) -> tuple[str, list]:
    """The chosen facet rows (a list's), numbered in the list's order: SQL and parameters."""
    ordering = [*chosen.query.order_by, "pk"] if chosen.query.order_by else ["pk"]
    chosen = chosen.annotate(position=Window(RowNumber(), order_by=[_expression(o) for o in ordering]))
    chosen = chosen.values("position", "countries", "themes", "participations", "in_kind", id=F("pk"))
    return chosen.query.sql_with_params()


# The CSV of project_rows(), a chunk of the chosen projects at a time: PostgreSQL writes the
# cells of a project's own text and dates; Python those named from its facet row. Two
# threads, each with its own connection, make alternate chunks while this one sends them
# on, so that the database and Python work on both cores at once (core/db.py: in_order()).
PROJECT_CSV_SQL = """
SELECT {title}, p.status, {dates}, array_to_string(f.countries, ' '), array_to_string(f.themes, ' '),
       array_to_string(f.participations, ' '), f.in_kind, {summary}, p.slug, p.id
  FROM unnest(%s::bigint[]) WITH ORDINALITY chosen(id, position)
  JOIN partnerships_project p ON p.id = chosen.id
  JOIN partnerships_projectfacets f ON f.project_id = chosen.id
 ORDER BY chosen.position
"""
CSV_CHUNK = 5000


def _project_csv_sql() -> str:
    dates = " || ',' || ".join(
        [
            "coalesce(to_char(p.start, 'YYYY-MM-DD'), '')",
            "CASE WHEN p.start IS NULL THEN '' ELSE p.start_precision END",
            _english_date("p.start", "p.start_precision"),
            """coalesce(to_char(p."end", 'YYYY-MM-DD'), '')""",
            """CASE WHEN p."end" IS NULL THEN '' ELSE p.end_precision END""",
            _english_date('p."end"', "p.end_precision"),
        ]
    )
    return PROJECT_CSV_SQL.format(title=csv_cell_sql("p.title"), dates=dates, summary=csv_cell_sql("p.summary"))


def _english_date(column: str, precision: str) -> str:
    """SQL writing a partial date as format_partial() does in English ("2 May 2008",
    "May 2008", "2008"); tests/test_exports.py holds the two to each other."""
    return (
        f"CASE WHEN {column} IS NULL THEN '' WHEN {precision} = 'year' THEN extract(year FROM {column})::int::text"
        f" WHEN {precision} = 'month' THEN to_char({column}, 'FMMonth YYYY')"
        f" ELSE to_char({column}, 'FMDD FMMonth YYYY') END"
    )


def project_csv(chosen, currencies: list[str]) -> Iterator[str]:
    """project_rows() as CSV, a chunk of lines at a time: the same bytes, several times faster."""
    sql, alias = _project_csv_sql(), chosen.db  # the replica's, where reads go there
    keys = list(chosen.values_list("pk", flat=True))  # in the list's order
    language = translation.get_language()  # English (in_english()): the threads speak it too

    named = _Named(alias)  # shared by the threads: what one works out, the other need not

    def chunk(start: int) -> str:
        with translation.override(language), connections[alias].cursor() as cursor:
            cursor.execute(sql, [keys[start : start + CSV_CHUNK]])
            rows = cursor.fetchall()
        in_kind = named.learn(rows, parts=5, in_kind=6, key=9)
        return "".join(_csv_line(row, named, in_kind.get(row[-1], ()), currencies) for row in rows)

    yield from in_order([partial(chunk, start) for start in range(0, len(keys), CSV_CHUNK)], alias)


def _csv_line(row: tuple, named: _Named, in_kind, currencies: list[str]) -> str:
    title, status, dates, countries, themes, parts, _given, summary, slug, _pk = row
    partners, cash, totals = named.contributions(parts)
    cells = [
        title,
        named.cell(named.statuses.get(status, status)),
        dates,
        *map(named.cell, named.countries(countries)),
        named.cell(named.themes(themes)),
        csv_cell(partners),
        *(csv_cell(totals.get(currency)) for currency in currencies),
        csv_cell(cash),
        csv_cell(named.given(in_kind)),
        summary,
        csv_cell(slug),
    ]
    return ",".join(cells) + "\r\n"


def _expression(ordering):
    if isinstance(ordering, str):
        return F(ordering[1:]).desc() if ordering.startswith("-") else F(ordering).asc()
    return ordering


ORGANISATION_HEADER = [
    "name",
    "acronym",
    "kind",
    "headquarters_code",
    "headquarters",
    "part of",
    "website",
    "description",
    "slug",
]


def organisation_rows(organisations) -> Iterator[list]:
    for org in batched(organisations.select_related("hq_country", "parent"), CHUNK):
        yield [
            org.name,
            org.acronym,
            org.get_kind_display(),
            org.hq_country_id or "",
            org.hq_country.name if org.hq_country else "",
            org.parent.name if org.parent else "",
            org.website,
            org.description,
            org.slug,
        ]
