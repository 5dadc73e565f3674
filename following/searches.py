"""Saved searches: the list each one opens, what it matches now, and what is new to its
reader since they last opened it (records of the list with a higher id than then)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Model
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from core.filtersets import PortalFilterSet
from partnerships import facet_counts
from partnerships.facet_filters import FacetedFilterSet
from partnerships.filters import OrganisationFilter, ProjectFilter, QuoteFilter
from partnerships.lists import cached_for_filters
from partnerships.models import Organisation, Project, Quote

from .models import Opened, SavedSearch


@dataclass(frozen=True)
class ListKind:
    filter_class: type[PortalFilterSet]
    url_name: str
    model: type[Model]


LISTS = {
    SavedSearch.List.PROJECTS: ListKind(ProjectFilter, "partnerships:projects", Project),
    SavedSearch.List.PARTNERS: ListKind(OrganisationFilter, "partnerships:organisations", Organisation),
    SavedSearch.List.QUOTES: ListKind(QuoteFilter, "partnerships:quotes", Quote),
}
URL_LISTS = {kind.url_name: name for name, kind in LISTS.items()}


@dataclass
class Matches:
    """A saved search as its reader sees it in the menu."""

    search: SavedSearch
    url: str  # the list, with the search's filters
    count: int
    estimated: bool
    new: int | None  # None: never opened by this reader
    notices: list[str]  # what of the filters no longer applies (a partner deleted, say)
    followed: bool = False  # by this reader


def list_url(search: SavedSearch) -> str:
    url = reverse(LISTS[search.list].url_name)
    return f"{url}?{search.query}" if search.query else url


def filterset_of(search: SavedSearch) -> PortalFilterSet:
    return LISTS[search.list].filter_class.from_query(QueryDict(search.query))


def matching(filterset: PortalFilterSet):
    """The rows (a queryset whose primary keys are the list's records') the filters match."""
    if isinstance(filterset, FacetedFilterSet):
        return filterset.facet_model.objects.filter(filterset.condition())
    return filterset.qs


def matches(search: SavedSearch, opened: Opened | None) -> Matches:
    filterset = filterset_of(search)
    rows = matching(filterset)
    if isinstance(filterset, FacetedFilterSet):
        counted = cached_for_filters("results", filterset, lambda: facet_counts.count(filterset, facets=False))
        count, estimated = counted.count, counted.estimated
    else:
        count, estimated = cached_for_filters("count", filterset, rows.count, per_language=False), False
    new = rows.filter(pk__gt=opened.seen_up_to).count() if opened else None
    return Matches(search, list_url(search), count, estimated, new, filterset.notices)


def latest_id(search: SavedSearch) -> int:
    return LISTS[search.list].model.objects.aggregate(latest=Max("pk"))["latest"] or 0


@transaction.atomic
def saved_search_open(*, search: SavedSearch, user) -> str:
    """Mark the search opened by `user` now; the list's URL."""
    Opened.objects.update_or_create(
        search=search, user=user, defaults={"at": timezone.now(), "seen_up_to": latest_id(search)}
    )
    return list_url(search)
