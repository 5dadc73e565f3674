from django.db.models import Count, F, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gmg.models import ChairTerm

from . import exports, iati, insights
from .facets import Sample, active_filters, organisation_facets, project_facets
from .filters import OrganisationFilter, ProjectFilter, QuoteFilter
from .listing import cached_for_filters, filtered, listing
from .models import Organisation, Participation, Project, Quote, Theme
from .timeline import timeline, works_with
from .versioned_cache import cached

LATEST_PROJECTS = 8


def _projects():
    """Projects, newest first; those without a start date last."""
    return Project.objects.order_by(F("start").desc(nulls_last=True), "pk")


def _organisations():
    return Organisation.objects.select_related("hq_country", "parent").order_by("name")


def _count_projects(organisations) -> None:
    """Set `project_count` on the organisations of one page (not on the whole table)."""
    rows = (
        Participation.objects.filter(organisation__in=organisations)
        .values("organisation")
        .annotate(n=Count("project", distinct=True))
        .order_by()
    )
    counts = {row["organisation"]: row["n"] for row in rows}
    for org in organisations:
        org.project_count = counts.get(org.pk, 0)


def dashboard(request):
    numbers = insights.dashboard_numbers()
    kinds = numbers["partners_by_kind"]
    return render(
        request,
        "partnerships/dashboard.html",
        {
            **insights.charts(numbers),
            "by_theme": numbers["by_theme"],
            "matrix": numbers["matrix"],
            "latest": _projects().filter(start__isnull=False).prefetch_related("countries")[:LATEST_PROJECTS],
            "chair": ChairTerm.objects.on(timezone.localdate()).select_related("organisation").first(),
            "last_chair": ChairTerm.objects.select_related("organisation").order_by("-start").first(),
            "project_count": Project.objects.count(),
            "organisation_count": sum(n for _, _, n in kinds),
            "quote_count": Quote.objects.count(),
        },
    )


def _kept_results(request, name: str, title: str, render_results) -> HttpResponse:
    """A list page whose results (everything below the header) are kept per query string
    and data version: a repeated request skips filtering, counting and rendering."""
    html = cached(name, request.get_full_path(), compute=render_results)
    return render(request, "partnerships/list_page.html", {"title": title, "results": html})


def project_list(request):
    def results() -> str:
        result = listing(request, ProjectFilter, _projects().with_lists())
        filterset = result.filterset
        total = result.page.paginator.count
        facets = cached_for_filters("facets", filterset, lambda: project_facets(filterset, total))
        context = {
            "listing": result,
            "facets": facets,
            "active": active_filters(filterset, facets),
            "totals": cached_for_filters("totals", filterset, lambda: _totals(filterset, total), words=False),
        }
        return render_to_string("partnerships/project_results.html", context, request)

    return _kept_results(request, "projects", _("Projects"), results)


def _totals(filterset: ProjectFilter, total: int):
    """Exact totals, or for a very large selection, totals estimated from a sample."""
    sample = Sample.for_results(filterset, total)
    if sample is None:
        return filterset.qs.totals(filterset.participation_q())
    sampled = sample.restrict(filterset.qs).totals(filterset.participation_q())
    return sampled.scaled(sample.scale, projects=total)


def project_export(request):
    filterset = filtered(request, ProjectFilter, _projects())
    return exports.csv_response("projects.csv", exports.PROJECT_HEADER, exports.project_rows(filterset.qs))


def project_export_iati(request):
    filterset = filtered(request, ProjectFilter, Project.objects.all())
    return iati.iati_response(filterset.qs.order_by("pk"))


def _project_details(slug: str) -> Project:
    return (
        Project.objects.select_related("follows")
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
        )
        .get(slug=slug)
    )


def project_detail(request, slug):
    project = get_object_or_404(Project.objects.only("pk", "slug", "title"), slug=slug)
    body = cached(
        "project",
        slug,
        compute=lambda: render_to_string("partnerships/project_body.html", {"project": _project_details(slug)}),
    )
    return render(request, "partnerships/project_detail.html", {"project": project, "body": body})


def organisation_list(request):
    def results() -> str:
        result = listing(request, OrganisationFilter, _organisations())
        filterset = result.filterset
        total = result.page.paginator.count
        facets = cached_for_filters("facets", filterset, lambda: organisation_facets(filterset, total))
        _count_projects(result.page.object_list)
        context = {
            "listing": result,
            "organisations": result.page,
            "facets": facets,
            "active": active_filters(filterset, facets),
        }
        return render_to_string("partnerships/organisation_results.html", context, request)

    return _kept_results(request, "partners", _("Partners"), results)


def organisation_export(request):
    filterset = filtered(request, OrganisationFilter, Organisation.objects.all())
    return exports.csv_response("partners.csv", exports.ORGANISATION_HEADER, exports.organisation_rows(filterset.qs))


def organisation_detail(request, slug):
    org = get_object_or_404(Organisation.objects.select_related("hq_country", "parent"), slug=slug)

    def body() -> str:
        context = {
            "org": org,
            "children": org.children.order_by("name"),
            "timeline": timeline(org),
            "partners": works_with(org),
            "figures": org.figures.all(),
            "people": org.people.all(),
        }
        return render_to_string("partnerships/organisation_body.html", context)

    return render(
        request,
        "partnerships/organisation_detail.html",
        {"org": org, "body": cached("organisation", slug, compute=body)},
    )


def quote_list(request):
    quotes = Quote.objects.select_related("person", "organisation", "project").order_by("project__title", "pk")
    result = listing(request, QuoteFilter, quotes)
    data = result.filterset.data
    return render(
        request,
        "partnerships/quote_list.html",
        {
            "listing": result,
            "organisations": Organisation.objects.filter(quotes__isnull=False).distinct().order_by("name"),
            "projects": Project.objects.filter(quotes__isnull=False).distinct().order_by("title"),
            "themes": Theme.objects.all(),
            "selected_organisations": data.getlist("organisation"),
            "selected_projects": data.getlist("project"),
            "selected_themes": data.getlist("theme"),
        },
    )
