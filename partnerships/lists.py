"""A list page, from the request to the HTML. Read this first.

A request for /projects/ (or /partners/) goes down these floors once:

1. view (views.py, `project_list`): the results are cached per query string and data
   version (core/versioned_cache.py); on a miss, `faceted_list()` below makes them.
2. filter (filters.py, `ProjectFilter.from_query`): the FilterSet of the query string.
   What it cannot use becomes a notice. `filterset.condition()` is what the filters
   given mean on the list's facet table (facet_filters.py).
3. facet query (facet_counts.py, `count`): one statement counts the results, each
   facet's choices and the totals (cached per filters and data version).
4. page: the page's ids, from the facet table in the list's order
   (`filterset.facet_rows`), then their records (`records(ids)`).
5. template (project_results.html): the table, and the sidebar built from the
   FilterSet (`filterset.sidebar`, includes/filter_sidebar.html).

The quotes list has no facet table: `plain_list()` filters and paginates its queryset.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from django_filters import BooleanFilter

from core import versioned_cache
from core.filtersets import PAGE_KEYS, PortalFilterSet, SidebarPart
from core.paginators import CountedPaginator
from core.querystrings import canonical, link, whole_number

from . import facet_counts, maps
from .facet_counts import Counted, Facet, Totals
from .facet_filters import FacetedFilterSet

PER_PAGE_CHOICES = (25, 50, 100)
# A search is ranked by relevance up to this many matches (ranking reads each of them).
RANK_UP_TO = 2_000
# Up to this many results, a page's rows are picked from all of them (see facet_rows()).
NARROW_UP_TO = 2_000


def cached_for_filters(name: str, filterset: PortalFilterSet, compute: Callable, *, per_language: bool = True):
    """`compute()`, cached for this list's filters (whatever the page) at the current data version."""
    data = filterset.data.copy()
    for key in PAGE_KEYS:
        data.pop(key, None)
    digest = hashlib.sha256(canonical(data).encode()).hexdigest()
    return versioned_cache.cached(type(filterset).__name__, name, digest, compute=compute, per_language=per_language)


def counted(filterset: FacetedFilterSet) -> Counted:
    """The number of results, the facets and the totals of the filters (cached)."""
    return cached_for_filters("counted", filterset, lambda: facet_counts.count(filterset))


@dataclass
class ActiveFilter:
    label: str
    remove_url: str


@dataclass
class Listing:
    """What a list page shows: its filters, the page of results and what was ignored."""

    filterset: PortalFilterSet
    page: Page
    per_page: int
    notices: list[str]
    query: QueryDict  # the cleaned query string, without page
    counted: Counted | None = None  # a faceted list's count, facets and totals

    @property
    def facets(self) -> list[Facet]:
        return self.counted.facets if self.counted else []

    @property
    def totals(self) -> Totals | None:
        return self.counted.totals if self.counted else None

    @cached_property
    def sidebar(self) -> list[SidebarPart]:
        return self.filterset.sidebar(self.facets)

    @cached_property
    def active(self) -> list[ActiveFilter]:
        """Every filter in use, each with a link that removes it."""
        return active_filters(self.filterset, self.facets)

    @property
    def querystring(self) -> str:
        return canonical(self.query)

    @cached_property
    def world_map(self) -> maps.WorldMap | None:
        """Where the results are: each country shaded by its count, as the country filter
        shows them (counted with the other filters), each opening the list narrowed to it."""
        facet = next((facet for facet in self.facets if facet.counts is not None), None)
        if facet is None:
            return None
        others = [(key, values) for key, values in self.query.lists() if key != facet.key]
        return maps.world_map(
            facet.counts,
            caption=_("Where these projects are"),
            column=_("Projects"),
            # link(query, country=code), without copying the query for each country
            url=lambda code: "?" + urlencode(sorted([*others, (facet.key, [code])]), doseq=True),
            fmt=lambda n: facet_counts.estimate_display(n // facet.scale, facet.scale),
            selected=set(self.query.getlist(facet.key)),
            estimated=facet.estimated,
        )

    def page_url(self, number: int) -> str:
        return link(self.query, page=str(number))

    @property
    def sort_links(self) -> dict[str, dict]:
        """For each sortable column: the link that sorts by it (or reverses it) and its state."""
        current = self.query.get("sort", "")
        links = {}
        for key in self.filterset.filters["sort"].param_map:
            state = "ascending" if current == key else "descending" if current == f"-{key}" else None
            url = link(self.query, sort=f"-{key}" if state == "ascending" else key)
            links[key] = {"url": url, "state": state}
        return links

    @property
    def sort_choices(self) -> list[tuple[str, str, bool]]:
        """Each order the list offers, both ways: value, label, whether it is the current one
        (the phone's sort control, where the table head is hidden)."""
        current = self.query.get("sort", "")
        choices = self.filterset.filters["sort"].field.choices
        return [(value, str(label), value == current) for value, label in choices if value]

    @property
    def kept_by_search(self) -> list[tuple[str, str]]:
        """What the phone's search form carries along: every filter but the words."""
        return self._kept_without("q")

    @property
    def kept_by_sort(self) -> list[tuple[str, str]]:
        return self._kept_without("sort")

    def _kept_without(self, key: str) -> list[tuple[str, str]]:
        return [(k, value) for k, values in sorted(self.query.lists()) if k not in (key, "page") for value in values]

    @property
    def per_page_links(self) -> list[tuple[int, str, bool]]:
        return [(size, link(self.query, per_page=str(size)), size == self.per_page) for size in PER_PAGE_CHOICES]

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else None


def faceted_list(
    request: HttpRequest, filter_class: type[FacetedFilterSet], records: Callable[[list[int]], dict[int, Model]]
) -> Listing:
    """A list answered by its facet table (the module's docstring: floors 2 to 4);
    `records(ids)` loads the records of the page."""
    filterset = filter_class.from_query(request.GET)
    notices = list(filterset.notices)
    query = filterset.data.copy()
    per_page = _per_page(query, notices)
    raw_page = query.pop("page", ["1"])[0]
    results = counted(filterset)
    # Ranking by relevance reads every match: only when they are few.
    by_rank = results.count <= RANK_UP_TO
    if filterset.search and not by_rank and not filterset.data.get("sort"):
        notices.append(
            _(
                "Too many records match to rank them by relevance; they are in the list's usual order. "
                "Add words to narrow the search."
            )
        )
    narrow = not results.estimated and results.count <= NARROW_UP_TO
    ids = filterset.facet_rows(by_rank=by_rank, narrow=narrow).values_list("pk", flat=True)
    page = _page(CountedPaginator(ids, per_page, count=results.count), raw_page, notices)
    loaded = records(list(page.object_list))
    page.object_list = [loaded[pk] for pk in page.object_list if pk in loaded]
    if filterset.search_correction:
        notices.insert(
            0,
            _("Nothing matched “%(query)s”; showing results for “%(correction)s”.")
            % {"query": filterset.data["q"], "correction": filterset.search_correction},
        )
    return Listing(filterset, page, per_page, notices, query, results)


def plain_list(request: HttpRequest, filter_class: type[PortalFilterSet], queryset: QuerySet) -> Listing:
    """A list without a facet table: its FilterSet's queryset, counted (cached) and paginated."""
    filterset = filter_class.from_query(request.GET, queryset)
    notices = list(filterset.notices)
    query = filterset.data.copy()
    per_page = _per_page(query, notices)
    raw_page = query.pop("page", ["1"])[0]
    queryset = filterset.qs
    count = cached_for_filters("count", filterset, queryset.count, per_language=False)
    paginator = CountedPaginator(queryset, per_page, count=count)
    return Listing(filterset, _page(paginator, raw_page, notices), per_page, notices, query)


def active_filters(filterset: PortalFilterSet, facets: list[Facet]) -> list[ActiveFilter]:
    """Every filter in use, each with a link that removes it."""
    active = [
        ActiveFilter(_in_use(facet.label, choice.label), choice.url)
        for facet in facets
        for choice in facet.choices
        if choice.selected
    ]
    faceted = {facet.key for facet in facets} | {"sort", *PAGE_KEYS}
    for key, values in filterset.data.lists():
        if key in faceted:
            continue
        filter_ = filterset.filters[key]
        for value in filter(None, values):
            query = filterset.data.copy()
            query.pop("page", None)
            others = [other for other in values if other != value]
            if others:
                query.setlist(key, others)
            else:
                query.pop(key)
            shown = (_("Yes") if value == "true" else _("No")) if isinstance(filter_, BooleanFilter) else value
            active.append(ActiveFilter(_in_use(filter_.label, shown), link(query)))
    return active


def _in_use(label, value) -> str:
    return _("%(filter)s: %(value)s") % {"filter": label, "value": value}


def _per_page(query: QueryDict, notices: list[str]) -> int:
    raw = query.get("per_page")
    if raw is None:
        return PER_PAGE_CHOICES[0]
    if whole_number(raw) in PER_PAGE_CHOICES:
        return int(raw)
    notices.append(
        _("Ignored “per_page”: choose 25, 50 or 100 rows per page (showing %(n)s).") % {"n": PER_PAGE_CHOICES[0]}
    )
    query.pop("per_page")
    return PER_PAGE_CHOICES[0]


def _page(paginator: Paginator, raw_page: str, notices: list[str]) -> Page:
    number = whole_number(raw_page)
    if number is None or number < 1:
        notices.append(_("Ignored the page number “%(page)s”; showing page 1.") % {"page": raw_page[:20]})
        number = 1
    elif number > paginator.num_pages:
        notices.append(
            _("There is no page %(page)s; showing the last page, %(last)s.")
            % {"page": number, "last": paginator.num_pages}
        )
        number = paginator.num_pages
    return paginator.page(number)
