from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.citations import citation_count, number_notes
from core.db import bound_to_its_database
from core.downloads import (
    XLSX_MAX_ROWS,
    csv_lines_response,
    csv_response,
    download_name,
    one_at_a_time,
    token_or_login,
    xlsx_response,
)
from core.numbers import grouped
from core.querystrings import back_to
from core.versioned_cache import cached
from gmg.models import ChairTerm

from . import dashboard, iati, list_downloads, quality
from .facet_counts import all_choices, long_facets
from .filters import OrganisationFilter, ProjectFilter, QuoteFilter
from .lists import RANK_UP_TO, cached_for_filters, counted, faceted_list, plain_list
from .models import Organisation, Participation, Person, Project, Quote, Unstated
from .timeline import timeline, works_with

LATEST_PROJECTS = 8


def _projects():
    """Projects, newest first; those without a start date last."""
    return Project.objects.order_by(F("start").desc(nulls_last=True), "pk")


def _projects_by_id(ids: list[int]) -> dict[int, Project]:
    return Project.objects.with_lists().annotate(citations=citation_count(Project)).in_bulk(ids)


def _organisations_by_id(ids: list[int]) -> dict[int, Organisation]:
    organisations = Organisation.objects.select_related("hq_country", "parent", "facets")
    return organisations.annotate(citations=citation_count(Organisation)).in_bulk(ids)


def _trend_chart(found: dict) -> dict:
    """The share of quality checks passed now, and at the end of each recent month."""
    today = timezone.localdate()
    return {
        "quality": quality.overall(found),
        "trend_chart": dashboard.trend_chart(quality.trend(today)),
    }


@require_safe
def dashboard_page(request):
    numbers = dashboard.numbers()
    kinds = numbers["partners_by_kind"]
    map_by = request.GET.get("map") if request.GET.get("map") in dashboard.MAP_CHOICES else "projects"
    return render(
        request,
        "partnerships/dashboard.html",
        {
            **dashboard.charts(numbers),
            **_trend_chart(quality.scopes(request.user)),
            "by_theme": numbers["by_theme"],
            "matrix": numbers["matrix"],
            "world_map": dashboard.country_map(numbers, map_by),
            "map_by": map_by,
            "currency": dashboard.CHART_CURRENCY,
            "latest": _projects().filter(start__isnull=False).prefetch_related("countries")[:LATEST_PROJECTS],
            "added": _projects().order_by("-pk").prefetch_related("countries")[:LATEST_PROJECTS],
            "chair": ChairTerm.objects.on(timezone.localdate()).select_related("organisation").first(),
            "last_chair": ChairTerm.objects.select_related("organisation").order_by("-start").first(),
            "project_count": numbers["projects"],
            "estimated": numbers["estimated"],
            "organisation_count": sum(n for _, _, n in kinds),
            "quote_count": Quote.objects.count(),
        },
    )


def _list_page(request, title: str, template: str, filter_class, records) -> HttpResponse:
    """A faceted list (lists.py): its results (everything below the header) are cached per
    query string and data version, so a repeated request skips filtering, counting and
    rendering. Those who may edit the records get a link to each in the admin."""
    can_edit = request.user.has_perm(f"partnerships.change_{filter_class._meta.model._meta.model_name}")

    def results() -> str:
        context = {"listing": faceted_list(request, filter_class, records), "can_edit": can_edit}
        return render_to_string(template, context, request)

    html = cached(template, request.get_full_path(), can_edit, compute=results)
    return render(request, "partnerships/list_page.html", {"title": title, "results": html})


@require_safe
def project_list(request):
    return _list_page(request, _("Projects"), "partnerships/project_results.html", ProjectFilter, _projects_by_id)


def _choices(request, key: str, filter_class, list_name: str, title: str):
    """All the choices of a long facet, for the list's filters, each opening the list."""
    if key not in long_facets(filter_class):
        raise Http404
    filterset = filter_class.from_query(request.GET)
    facet = cached_for_filters(f"choices-{key}", filterset, lambda: all_choices(filterset, key))
    context = {"facet": facet, "list_url": reverse(list_name), "title": title, "notices": filterset.notices}
    return render(request, "partnerships/facet_choices.html", context)


@require_safe
def project_choices(request, key):
    return _choices(request, key, ProjectFilter, "partnerships:projects", _("Projects"))


@require_safe
def organisation_choices(request, key):
    return _choices(request, key, OrganisationFilter, "partnerships:organisations", _("Partners"))


def _export(request, extension: str):
    """The list's rows, all pages, in its order: chosen in the facet table as the list
    chooses them."""
    filterset = ProjectFilter.from_query(request.GET)
    rows = bound_to_its_database(filterset.facet_rows(by_rank=counted(filterset).count <= RANK_UP_TO))
    # Counted exactly up to the limit: the list's own count may be an estimate.
    if extension == "xlsx" and rows[: XLSX_MAX_ROWS + 1].count() > XLSX_MAX_ROWS:
        message = _(
            "A spreadsheet download holds up to %(most)s projects; this list has more. "
            "Narrow the filters, or download CSV."
        ) % {"most": grouped(XLSX_MAX_ROWS)}
        return render(request, "errors/400.html", {"message": message}, status=400)
    currencies = list_downloads.cash_currencies()
    name, header = download_name("projects", filterset.words(), extension), list_downloads.project_header(currencies)
    if extension == "csv":
        return csv_lines_response(name, header, list_downloads.project_csv(rows, currencies))
    return xlsx_response(name, header, list_downloads.project_rows(rows, currencies), title="Projects")


@token_or_login
@require_safe
@one_at_a_time
def project_export(request):
    return _export(request, "csv")


@token_or_login
@require_safe
@one_at_a_time
def project_export_xlsx(request):
    return _export(request, "xlsx")


# An IATI activity file of more than this (about 28 MB, 10 seconds) is split by the
# filters, as publishers split theirs by country or year.
IATI_MAX_ACTIVITIES = 20_000


@token_or_login
@require_safe
@one_at_a_time
def project_export_iati(request):
    filterset = ProjectFilter.from_query(request.GET)
    if filterset.qs[: IATI_MAX_ACTIVITIES + 1].count() > IATI_MAX_ACTIVITIES:
        message = _(
            "An IATI file holds up to %(most)s activities; this list has more. Narrow the filters "
            "(by country or by year, as IATI publishers split their files) and download each part."
        ) % {"most": grouped(IATI_MAX_ACTIVITIES)}
        return render(request, "errors/400.html", {"message": message}, status=400)
    return iati.iati_response(bound_to_its_database(filterset.qs.order_by("pk")))


def _project_details(slug: str) -> Project:
    return (
        Project.objects.select_related("follows", "facets")
        .prefetch_related(
            "countries",
            "places__country",
            "themes",
            "crises",
            "follow_ups",
            "figures",
            "publications",
            "awards",
            Prefetch("participations", Participation.objects.select_related("organisation")),
            Prefetch("quotes", Quote.objects.select_related("person", "organisation")),
            Prefetch("unstated", Unstated.objects.select_related("source")),
        )
        .get(slug=slug)
    )


def _project_body(slug: str) -> str:
    project = _project_details(slug)
    parts, figures, quotes = project.participations.all(), project.figures.all(), project.quotes.all()
    notes = number_notes([project, *parts, *figures, *quotes])
    unstated = {fact.fact for fact in project.unstated.all()}
    context = {"project": project, "notes": notes, "unstated": unstated}
    return render_to_string("partnerships/project_body.html", context)


@require_safe
def project_detail(request, slug):
    project = get_object_or_404(Project.objects.only("pk", "slug", "title"), slug=slug)
    body = cached("project", slug, compute=lambda: _project_body(slug))
    context = {"project": project, "body": body, "list_url": back_to(request, reverse("partnerships:projects"))}
    return render(request, "partnerships/project_detail.html", context)


@require_safe
def organisation_list(request):
    template = "partnerships/organisation_results.html"
    return _list_page(request, _("Partners"), template, OrganisationFilter, _organisations_by_id)


@require_safe
@one_at_a_time
def organisation_export(request):
    filterset = OrganisationFilter.from_query(request.GET, Organisation.objects.order_by("name", "pk"))
    name = download_name("partners", filterset.words(), "csv")
    return csv_response(
        name, list_downloads.ORGANISATION_HEADER, list_downloads.organisation_rows(bound_to_its_database(filterset.qs))
    )


@require_safe
def organisation_detail(request, slug):
    org = get_object_or_404(Organisation.objects.select_related("hq_country", "parent", "facets"), slug=slug)

    def body() -> str:
        figures = list(org.figures.all())
        entries = timeline(org)
        contributions = [entry.record for entry in entries if entry.record is not None]
        quotes = [quote for entry in entries for quote in entry.quotes]
        context = {
            "org": org,
            "children": org.children.order_by("name"),
            "timeline": entries,
            "partners": works_with(org),
            "figures": figures,
            # every fact on the page with its note: the partner, its figures, each
            # contribution (amounts, roles) and each quote
            "notes": number_notes([org, *figures, *contributions, *quotes]),
            "people": Person.objects.of(org),
            "unstated": org.unstated.select_related("source"),
        }
        return render_to_string("partnerships/organisation_body.html", context)

    return render(
        request,
        "partnerships/organisation_detail.html",
        {
            "org": org,
            "body": cached("organisation", slug, compute=body),
            "list_url": back_to(request, reverse("partnerships:organisations")),
        },
    )


@require_safe
def quality_report(request):
    found = quality.scopes(request.user, unstated=True)
    uncited = cached("uncited", compute=quality.uncited_counts, per_language=False)
    context = {
        **_trend_chart(found),
        "projects": found["project"],
        "organisations": found["organisation"],
        "uncited": quality.uncited(uncited, request.user),
    }
    return render(request, "partnerships/quality.html", context)


# The project choice of the quotes list offers the projects quoted most (and those chosen).
@require_safe
def quote_list(request):
    quotes = Quote.objects.select_related("person", "organisation", "project").order_by("project__title", "pk")
    return render(request, "partnerships/quote_list.html", {"listing": plain_list(request, QuoteFilter, quotes)})
