"""The admin's changelists, right and quick at a million rows.

- Filter values out of range (a year 0 in a date lookup, a year of 2147483648 in the
  date drill-down) answer "incorrect lookup" like any other bad filter, not a 500.
- Counts are exact up to `EXACT_UP_TO` rows and PostgreSQL's estimate beyond, said to
  be one ("about 120,000 projects"): counting a large selection row by row costs
  seconds; reading up to 10,000 rows costs milliseconds, and none are read where the
  planner expects far more.
- A page is chosen by its records' keys first (an index-only scan of the list's order),
  then only its rows are read, so that a deep page costs about what the first does.
- `ExistsPerRow` lets a search through a relation that matches very many records read
  the list in its order until the page is full.
- `ilike` is a lookup that PostgreSQL's trigram indexes serve (Django's `icontains`
  compares UPPER(...), which they do not), for the admin's searches of large tables.
"""

import json
from functools import cached_property

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import CharField, Exists, TextField
from django.db.models.lookups import IContains

EXACT_UP_TO = 10_000
# Where PostgreSQL expects more rows than this, even the first 10,000 are not counted.
ESTIMATE_BEYOND = 10 * EXACT_UP_TO


class RangeCheckedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            super().get_results(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class RangeCheckedLookups:
    def get_changelist(self, request, **kwargs):
        return RangeCheckedChangeList


def estimated_rows(queryset) -> int:
    """PostgreSQL's estimate of a queryset's rows, from its plan (a millisecond)."""
    queryset = queryset.order_by().values("pk")
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a condition known to match nothing (`pk__in=[]`)
        return 0
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatingPaginator(Paginator):
    """Counts exactly up to EXACT_UP_TO rows, estimates beyond (`is_estimate`); reads a
    page's keys first, then its rows. With `exact=False` (a search that matched very
    many related records), it takes the estimate without counting."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, exact: bool = True):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.exact = exact

    @cached_property
    def count(self) -> int:
        estimate = estimated_rows(self.object_list)
        if self.exact and estimate <= ESTIMATE_BEYOND:
            exact = self.object_list.order_by().values("pk")[: EXACT_UP_TO + 1].count()
            if exact <= EXACT_UP_TO:
                return exact
        self.is_estimate = True
        return max(estimate, EXACT_UP_TO + 1)

    is_estimate = False

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        found = self._rows(keys)
        return self._get_page([found[key] for key in keys if key in found], number, self)

    def _rows(self, keys: list) -> dict:
        """The page's records by key, with what the list reads with them; its filters are
        not asked again (a search's would cost as much as choosing the page)."""
        listed = self.object_list
        if listed.query.annotations:  # computed per row: only the list's own query has them
            return listed.order_by().in_bulk(keys)
        rows = listed.model._default_manager.using(listed.db).prefetch_related(*listed._prefetch_related_lookups)
        rows.query.select_related = listed.query.select_related
        return rows.in_bulk(keys)


class ExistsPerRow(Exists):
    """EXISTS that PostgreSQL asks row by row as it reads a list in its order (OFFSET 0 keeps
    it from hashing every row the subquery matches first): a list searched through a
    relation that matches very many records fills a page after a few hundred rows."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


@CharField.register_lookup
@TextField.register_lookup
class ILike(IContains):
    """`field__ilike="water"`: `field ILIKE '%water%'`, which a trigram index serves."""

    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]
