"""Exports of the project and organisation lists: exactly the rows the list shows for
the same query string (all pages), as typed values (dates, numbers) that the CSV and
XLSX writers of core/downloads.py put in their own way. The CSV streams, so that
memory stays flat."""

import json
from collections.abc import Iterator
from decimal import Decimal

from django.db import connections
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import translation

from core.dates import format_partial
from core.db import batched, streaming_cursor
from core.versioned_cache import cached

from .models import Participation, Project

CHUNK = 2000


def cash_currencies() -> list[str]:
    """The currencies of the recorded contributions: the export has a total column for each."""
    used = Participation.objects.exclude(currency="").order_by("currency").values_list("currency", flat=True)
    return cached("cash-currencies", compute=lambda: list(used.distinct()), words=False)


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


# The export in one query: the chosen projects (in the list's order), and each related
# table aggregated once for all of them with hash joins, not once per project.
PROJECT_ROWS_SQL = """
WITH chosen AS ({chosen}),
countries AS (
    SELECT pc.project_id, string_agg(c.name, '; ' ORDER BY c.name) AS names,
           string_agg(c.code, '; ' ORDER BY c.name) AS codes
      FROM partnerships_project_countries pc JOIN partnerships_country c ON c.code = pc.country_id
     WHERE pc.project_id IN (SELECT id FROM chosen) GROUP BY pc.project_id),
themes AS (
    SELECT pt.project_id, string_agg(t.name, '; ' ORDER BY t.name) AS names
      FROM partnerships_project_themes pt JOIN partnerships_theme t ON t.id = pt.theme_id
     WHERE pt.project_id IN (SELECT id FROM chosen) GROUP BY pt.project_id),
partners AS (
    SELECT pa.project_id,
           string_agg(o.name || ' (' || {role_label} || ')', '; ' ORDER BY o.name) AS names,
           string_agg(o.name || ': ' || pa.currency || ' ' || pa.amount::text, '; ' ORDER BY o.name)
               FILTER (WHERE pa.amount IS NOT NULL) AS cash,
           string_agg(o.name || ': ' || pa.in_kind, '; ' ORDER BY o.name) FILTER (WHERE pa.in_kind <> '') AS in_kind
      FROM partnerships_participation pa JOIN partnerships_organisation o ON o.id = pa.organisation_id
     WHERE pa.project_id IN (SELECT id FROM chosen) GROUP BY pa.project_id),
totals AS (
    SELECT project_id, jsonb_object_agg(currency, amount)::text AS cash
      FROM (SELECT project_id, currency, sum(amount) AS amount FROM partnerships_participation
             WHERE project_id IN (SELECT id FROM chosen) AND amount IS NOT NULL
             GROUP BY project_id, currency) by_currency
     GROUP BY project_id)
SELECT p.title, {status_label}, p.start, p.start_precision, p."end", p.end_precision,
       coalesce(countries.codes, ''), coalesce(countries.names, ''), coalesce(themes.names, ''),
       coalesce(partners.names, ''), totals.cash,
       coalesce(partners.cash, ''), coalesce(partners.in_kind, ''), p.summary, p.slug
  FROM chosen
  JOIN partnerships_project p ON p.id = chosen.id
  LEFT JOIN countries ON countries.project_id = p.id
  LEFT JOIN themes ON themes.project_id = p.id
  LEFT JOIN partners ON partners.project_id = p.id
  LEFT JOIN totals ON totals.project_id = p.id
 ORDER BY chosen.position
"""


def _label(column: str, choices) -> tuple[str, list]:
    """A SQL CASE turning stored values into their labels, with its parameters."""
    whens, params = [], []
    for value, label in choices:
        whens.append("WHEN %s THEN %s")
        params += [value, str(label)]
    return f"CASE {column} {' '.join(whens)} ELSE {column} END", params


def project_rows(chosen, currencies: list[str]) -> Iterator[list]:
    """The export of the projects whose facet rows are `chosen`, in their order, with a
    cash total for each of `currencies`."""
    ordering = [*chosen.query.order_by, "pk"] if chosen.query.order_by else ["pk"]
    chosen = chosen.annotate(position=Window(RowNumber(), order_by=[_expression(o) for o in ordering]))
    chosen_sql, chosen_params = chosen.values("position", id=F("pk")).query.sql_with_params()
    role_sql, role_params = _label("pa.role", Participation.Role.choices)
    status_sql, status_params = _label("p.status", Project.Status.choices)
    sql = PROJECT_ROWS_SQL.format(chosen=chosen_sql, role_label=role_sql, status_label=status_sql)
    language = translation.get_language()  # English: see in_english()
    with streaming_cursor(connections[chosen.db]) as cursor:  # the replica's, where reads go there
        cursor.execute(sql, [*chosen_params, *role_params, *status_params])
        while rows := cursor.fetchmany(CHUNK):
            for row in rows:
                title, status, start, start_precision, end, end_precision, *lists, cash = row[:11]
                totals = json.loads(cash, parse_float=Decimal, parse_int=Decimal) if cash else {}
                yield [
                    title,
                    status,
                    start,
                    start_precision if start else "",
                    format_partial(start, start_precision, language),
                    end,
                    end_precision if end else "",
                    format_partial(end, end_precision, language),
                    *lists,  # country codes, countries, themes, partners
                    *(totals.get(currency) for currency in currencies),
                    *row[11:],  # cash and in-kind as text, summary, slug
                ]


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
