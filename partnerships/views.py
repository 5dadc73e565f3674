from django.db.models import Count, F, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gmg.models import ChairTerm

from . import exports
from .facets import active_filters, organisation_facets, project_facets
from .filters import OrganisationFilter, ProjectFilter, QuoteFilter
from .listing import filtered, listing
from .models import Organisation, Participation, Project, Quote, Theme
from .timeline import timeline, works_with

LATEST_PROJECTS = 8


def _projects():
    """Projects, newest first; those without a start date last."""
    return Project.objects.order_by(F("start").desc(nulls_last=True), "title")


def _organisations():
    return (
        Organisation.objects.select_related("hq_country", "parent")
        .annotate(project_count=Count("participations__project", distinct=True))
        .order_by("name")
    )


def dashboard(request):
    kinds = dict(Organisation.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "partnerships/dashboard.html",
        {
            "kinds": [(value, label, kinds.get(value, 0)) for value, label in Organisation.Kind.choices],
            "themes": Theme.objects.annotate(n=Count("projects")).order_by("-n", "name"),
            "latest": _projects().filter(start__isnull=False).prefetch_related("countries")[:LATEST_PROJECTS],
            "chair": ChairTerm.objects.on(timezone.localdate()).select_related("organisation").first(),
            "last_chair": ChairTerm.objects.select_related("organisation").order_by("-start").first(),
            "project_count": Project.objects.count(),
            "organisation_count": sum(kinds.values()),
            "quote_count": Quote.objects.count(),
        },
    )


def project_list(request):
    result = listing(request, ProjectFilter, _projects().with_lists())
    filterset = result.filterset
    facets = project_facets(filterset)
    return render(
        request,
        "partnerships/project_list.html",
        {
            "listing": result,
            "facets": facets,
            "active": active_filters(filterset, facets),
            "totals": filterset.qs.totals(filterset.participation_q()),
        },
    )


def project_export(request):
    filterset = filtered(request, ProjectFilter, _projects())
    return exports.csv_response("projects.csv", exports.PROJECT_HEADER, exports.project_rows(filterset.qs))


def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.select_related("follows").prefetch_related(
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
        ),
        slug=slug,
    )
    return render(request, "partnerships/project_detail.html", {"project": project})


def organisation_list(request):
    result = listing(request, OrganisationFilter, _organisations())
    facets = organisation_facets(result.filterset)
    return render(
        request,
        "partnerships/organisation_list.html",
        {"listing": result, "facets": facets, "active": active_filters(result.filterset, facets)},
    )


def organisation_export(request):
    filterset = filtered(request, OrganisationFilter, Organisation.objects.all())
    return exports.csv_response("partners.csv", exports.ORGANISATION_HEADER, exports.organisation_rows(filterset.qs))


def organisation_detail(request, slug):
    org = get_object_or_404(Organisation.objects.select_related("hq_country", "parent"), slug=slug)
    return render(
        request,
        "partnerships/organisation_detail.html",
        {
            "org": org,
            "children": org.children.order_by("name"),
            "timeline": timeline(org),
            "partners": works_with(org),
            "figures": org.figures.all(),
            "people": org.people.all(),
        },
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
