"""CSV exports of the project and organisation lists: exactly the rows the list shows
for the same query string (all pages), streamed so that memory stays flat."""

import csv
from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import StreamingHttpResponse
from django.utils import translation

from core.dates import format_partial
from core.downloads import in_english, neutralise

from .models import Participation, Project

CHUNK = 2000


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # lets spreadsheet programs detect UTF-8
        yield writer.writerow(header)
        batch = []
        for row in rows:
            batch.append(writer.writerow([neutralise(value) for value in row]))
            if len(batch) == 500:  # fewer, larger chunks: less work per row for the response
                yield "".join(batch)
                batch = []
        yield "".join(batch)

    response = StreamingHttpResponse(in_english(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


PROJECT_HEADER = [
    "title",
    "status",
    "start",
    "end",
    "countries",
    "themes",
    "partners",
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
    SELECT pc.project_id, string_agg(c.name, '; ' ORDER BY c.name) AS names
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
     WHERE pa.project_id IN (SELECT id FROM chosen) GROUP BY pa.project_id)
SELECT p.title, {status_label}, p.start, p.start_precision, p."end", p.end_precision,
       coalesce(countries.names, ''), coalesce(themes.names, ''), coalesce(partners.names, ''),
       coalesce(partners.cash, ''), coalesce(partners.in_kind, ''), p.summary, p.slug
  FROM chosen
  JOIN partnerships_project p ON p.id = chosen.id
  LEFT JOIN countries ON countries.project_id = p.id
  LEFT JOIN themes ON themes.project_id = p.id
  LEFT JOIN partners ON partners.project_id = p.id
 ORDER BY chosen.position
"""


def _label(column: str, choices) -> tuple[str, list]:
    """A SQL CASE turning stored values into their labels, with its parameters."""
    whens, params = [], []
    for value, label in choices:
        whens.append("WHEN %s THEN %s")
        params += [value, str(label)]
    return f"CASE {column} {' '.join(whens)} ELSE {column} END", params


def project_rows(chosen) -> Iterator[list]:
    """The export of the projects whose facet rows are `chosen`, in their order."""
    ordering = [*chosen.query.order_by, "pk"] if chosen.query.order_by else ["pk"]
    chosen = chosen.annotate(position=Window(RowNumber(), order_by=[_expression(o) for o in ordering]))
    chosen_sql, chosen_params = chosen.values("position", id=F("pk")).query.sql_with_params()
    role_sql, role_params = _label("pa.role", Participation.Role.choices)
    status_sql, status_params = _label("p.status", Project.Status.choices)
    sql = PROJECT_ROWS_SQL.format(chosen=chosen_sql, role_label=role_sql, status_label=status_sql)
    language = translation.get_language()  # English: see in_english()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [*chosen_params, *role_params, *status_params])
        while rows := cursor.fetchmany(CHUNK):
            for title, status, start, start_precision, end, end_precision, *rest in rows:
                yield [
                    title,
                    status,
                    format_partial(start, start_precision, language),
                    format_partial(end, end_precision, language),
                    *rest,
                ]


def _expression(ordering):
    if isinstance(ordering, str):
        return F(ordering[1:]).desc() if ordering.startswith("-") else F(ordering).asc()
    return ordering


ORGANISATION_HEADER = ["name", "acronym", "kind", "headquarters", "part of", "website", "description", "slug"]


def organisation_rows(organisations) -> Iterator[list]:
    for org in organisations.select_related("hq_country", "parent").iterator(chunk_size=CHUNK):
        yield [
            org.name,
            org.acronym,
            org.get_kind_display(),
            org.hq_country.name if org.hq_country else "",
            org.parent.name if org.parent else "",
            org.website,
            org.description,
            org.slug,
        ]
