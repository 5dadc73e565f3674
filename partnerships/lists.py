"""What every list page does with its query string: clean it, filter, paginate; and
the cache for what is costly to count over a million rows (counts, facets, totals)."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from core import versioned_cache
from core.paginators import CountedPaginator
from core.querystrings import canonical, link, whole_number

from .facets import Counted
from .filters import PAGE_KEYS, FacetedFilterSet, PortalFilterSet


def cached_for_filters(name: str, filterset: PortalFilterSet, compute: Callable, *, words: bool = True):
    """`compute()`, kept for this list's filters (whatever the page) at the current data version."""
    data = filterset.data.copy()
    for key in PAGE_KEYS:
        data.pop(key, None)
    digest = hashlib.sha256(canonical(data).encode()).hexdigest()
    return versioned_cache.cached(type(filterset).__name__, name, digest, compute=compute, words=words)


PER_PAGE_CHOICES = (25, 50, 100)
# A search is ranked by relevance up to this many matches (ranking reads each of them).
RANK_UP_TO = 2_000
# Up to this many results, a page's rows are picked from all of them (see facet_rows()).
FEW = 2_000


@dataclass
class Listing:
    filterset: PortalFilterSet
    page: Page
    per_page: int
    notices: list[str]
    query: QueryDict  # the cleaned query string, without page
    counted: Counted | None = None  # a faceted list's count, facets and totals

    @property
    def querystring(self) -> str:
        return canonical(self.query)

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
    def per_page_links(self) -> list[tuple[int, str, bool]]:
        return [(size, link(self.query, per_page=str(size)), size == self.per_page) for size in PER_PAGE_CHOICES]

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else None


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


def filtered(request: HttpRequest, filter_class: type[PortalFilterSet], queryset: QuerySet) -> PortalFilterSet:
    """The FilterSet for the request's query string, plus what it had to ignore."""
    cleaned = filter_class.clean_query(request.GET)
    filterset = filter_class(cleaned.data, queryset=queryset)
    filterset.notices = cleaned.notices
    return filterset


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


def listing(request: HttpRequest, filter_class: type[PortalFilterSet], queryset: QuerySet) -> Listing:
    filterset = filtered(request, filter_class, queryset)
    notices = list(filterset.notices)
    query = filterset.data.copy()
    per_page = _per_page(query, notices)
    raw_page = query.pop("page", ["1"])[0]
    queryset = filterset.qs
    paginator = CountedPaginator(
        queryset, per_page, count=cached_for_filters("count", filterset, queryset.count, words=False)
    )
    return Listing(filterset, _page(paginator, raw_page, notices), per_page, notices, query)


def faceted_listing(
    request: HttpRequest,
    filter_class: type[FacetedFilterSet],
    *,
    count: Callable[[FacetedFilterSet], Counted],
    records: Callable[[list[int]], dict[int, Model]],
) -> Listing:
    """A list answered by its facet table: `count` gives the number of results, the
    facets and totals (kept per data version); the page's rows come from the facet
    table in the list's order, and `records(ids)` loads the records shown."""
    filterset = filtered(request, filter_class, filter_class._meta.model.objects.all())
    notices = list(filterset.notices)
    query = filterset.data.copy()
    per_page = _per_page(query, notices)
    raw_page = query.pop("page", ["1"])[0]
    counted = cached_for_filters("counted", filterset, lambda: count(filterset))
    # Ranking by relevance reads every match: only when they are few.
    by_rank = counted.count <= RANK_UP_TO
    if filterset.search and not by_rank and not filterset.data.get("sort"):
        notices.append(
            _(
                "Too many records match to rank them by relevance; they are in the list's usual order. "
                "Add words to narrow the search."
            )
        )
    few = not counted.estimated and counted.count <= FEW
    rows = filterset.facet_rows(by_rank=by_rank, few=few).values_list("pk", flat=True)
    page = _page(CountedPaginator(rows, per_page, count=counted.count), raw_page, notices)
    loaded = records(list(page.object_list))
    page.object_list = [loaded[pk] for pk in page.object_list if pk in loaded]
    if filterset.search_correction:
        notices.insert(
            0,
            _("Nothing matched “%(query)s”; showing results for “%(correction)s”.")
            % {"query": filterset.data["q"], "correction": filterset.search_correction},
        )
    return Listing(filterset, page, per_page, notices, query, counted)
