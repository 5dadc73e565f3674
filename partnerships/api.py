"""The read-only JSON API for partnerships. Filtering is the pages' own FilterSets."""

from django.db.models import F, Prefetch
from rest_framework import viewsets

from core.api_conditional import ConditionalGet
from core.citations import citation_count

from .filters import OrganisationFilter, ProjectFilter, QuoteFilter
from .models import Organisation, Participation, Project, Quote
from .serializers import OrganisationSerializer, ProjectSerializer, QuoteSerializer

# A record's quality checks, from its facet row (one join on the primary key).
QUALITY = {"completeness": F("facets__completeness"), "missing": F("facets__gaps")}


class OrganisationViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """Partners, filtered as on /partners/."""

    queryset = Organisation.objects.select_related("parent").order_by("name", "pk")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return super().get_queryset().annotate(citations=citation_count(Organisation), **QUALITY)


class ProjectViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """Projects with their partners, figures, themes and countries, filtered as on /projects/."""

    queryset = Project.objects.prefetch_related(
        "countries",
        "themes",
        "figures",
        Prefetch("participations", Participation.objects.select_related("organisation")),
    ).order_by(F("start").desc(nulls_last=True), "pk")  # as the list: newest first, by an index
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    lookup_field = "slug"

    def get_queryset(self):
        return super().get_queryset().annotate(citations=citation_count(Project), **QUALITY)


class QuoteViewSet(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """Quotes, verbatim, filtered as on /quotes/."""

    queryset = Quote.objects.select_related("person", "organisation", "project").order_by("pk")
    serializer_class = QuoteSerializer
    filterset_class = QuoteFilter

    def get_queryset(self):
        return super().get_queryset().annotate(citations=citation_count(Quote))
