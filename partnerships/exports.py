"""CSV exports of the project and organisation lists: exactly the rows the list shows
for the same query string (all pages), streamed so that memory stays flat."""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # lets spreadsheet programs detect UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([neutralise(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
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


def project_rows(projects) -> Iterator[list]:
    for project in projects.with_lists().iterator(chunk_size=CHUNK):
        parts = list(project.participations.all())
        yield [
            project.title,
            project.get_status_display(),
            project.start_display,
            project.end_display,
            "; ".join(country.name for country in project.countries.all()),
            "; ".join(theme.name for theme in project.themes.all()),
            "; ".join(f"{part.organisation.name} ({part.get_role_display()})" for part in parts),
            "; ".join(f"{part.organisation.name}: {part.currency} {part.amount}" for part in parts if part.amount),
            "; ".join(f"{part.organisation.name}: {part.in_kind}" for part in parts if part.in_kind),
            project.summary,
            project.slug,
        ]


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
