"""CSV exports of the project and organisation lists: exactly the rows the list shows
for the same query string (all pages), streamed so that memory stays flat."""

import csv
from collections.abc import Iterable, Iterator

from django.contrib.postgres.aggregates import StringAgg
from django.http import StreamingHttpResponse

from .dates import format_partial
from .models import Participation, Project

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


def _per_project(queryset, ids: list[int], expression) -> dict[int, str]:
    """For each of these projects, `expression` of its related rows joined into one string."""
    rows = (
        queryset.filter(project_id__in=ids)
        .order_by()
        .values("project_id")
        .annotate(joined=StringAgg(expression, "; ", order_by=expression))
        .values_list("project_id", "joined")
    )
    return dict(rows)


def _batches(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def project_rows(projects) -> Iterator[list]:
    """The rows of the projects export: a batch of projects, then one query per related
    table for the whole batch (no query, and no model object, per row)."""
    statuses = dict(Project.Status.choices)
    roles = dict(Participation.Role.choices)
    columns = ("pk", "title", "status", "start", "start_precision", "end", "end_precision", "summary", "slug")
    for batch in _batches(projects.values_list(*columns).iterator(chunk_size=CHUNK), CHUNK):
        ids = [row[0] for row in batch]
        countries = _per_project(Project.countries.through.objects, ids, "country__name")
        themes = _per_project(Project.themes.through.objects, ids, "theme__name")
        parts: dict[int, list] = {}
        participations = (
            Participation.objects.filter(project_id__in=ids)
            .order_by("organisation__name")
            .values_list("project_id", "organisation__name", "role", "amount", "currency", "in_kind")
        )
        for project_id, *part in participations:
            parts.setdefault(project_id, []).append(part)
        for pk, title, status, start, start_precision, end, end_precision, summary, slug in batch:
            own = parts.get(pk, [])
            yield [
                title,
                statuses.get(status, status),
                format_partial(start, start_precision),
                format_partial(end, end_precision),
                countries.get(pk, ""),
                themes.get(pk, ""),
                "; ".join(f"{name} ({roles.get(role, role)})" for name, role, *_ in own),
                "; ".join(f"{name}: {currency} {amount}" for name, _, amount, currency, _ in own if amount is not None),
                "; ".join(f"{name}: {in_kind}" for name, *_, in_kind in own if in_kind),
                summary,
                slug,
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
