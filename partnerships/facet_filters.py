"""The filters of a list answered by its facet table (models.ProjectFacets,
models.OrganisationFacets: one narrow row per record holding every value the list
filters and counts by).

A filter is declared once, in filters.py, and its declaration says all there is to it:

- its control: the django-filter field and widget, as for any filter, placed in the
  sidebar in the order of the declarations (`fieldset=` puts neighbours under one title);
- its condition on the facet table: by default, the facet table's `column` holds one
  of the chosen values (an array column: holds one of them); or a `condition` function;
- `counted=True` lists its choices in the sidebar with the number of results of each
  (`top=N`: only the N most frequent, and a link to the rest);
- `participation=` names the field of a participation that a partner filter reads:
  the partner filters apply together to one participation (PartnerCondition).

FacetedFilterSet adds them up: `condition()` is the list's condition on its facet
table, and `condition(without=key)` the same but one filter, which a facet's counts use.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import django_filters as filters
from django.contrib.postgres.fields import ArrayField
from django.db.models import BooleanField, Case, F, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from core.filtersets import AmountFilter, PortalFilterSet, SlugsFilter, YearFilter

from .search import SearchTerms, search_terms

# The fields of a participation token, `<organisation id>:<kind>:<role>:<currency>:<amount>:<in kind 0/1>`
# (the facet table's `participations`, see sql/facet_rows.sql).
PARTICIPATION_FIELDS = ("organisation", "kind", "role", "currency", "amount", "in_kind")


def participation_fields(token: str) -> dict[str, str]:
    """The SQL of each field of the participation token `token`."""
    return {name: f"split_part({token}, ':', {n})" for n, name in enumerate(PARTICIPATION_FIELDS, 1)}


class FacetFilter:
    """A filter answered by the list's facet table (see the module's docstring)."""

    def __init__(
        self,
        *args,
        column: str = "",
        condition: Callable[[object, dict], Q] | None = None,
        counted: bool = False,
        top: int | None = None,
        mapped: bool = False,
        by_name: bool = False,
        many_combinations: bool = False,
        column_values: dict | None = None,
        participation: str = "",
        fieldset=None,
        **kwargs,
    ):
        self.column = column  # the facet table's field it reads
        self.own_condition = condition  # (value, every filter given) -> Q, instead of the column's
        self.counted = counted
        self.top = top  # a long facet: the sidebar shows its top choices, the rest are a link away
        self.mapped = mapped  # countries: every one is counted, for the list's map (maps.py)
        self.by_name = by_name  # choices listed by name (else the selected, then by count)
        # Arrays that differ from row to row (each project's partners): counted element by
        # element, not by grouping equal arrays first.
        self.many_combinations = many_combinations
        self.column_values = column_values or {}  # a choice's value in the table, where it differs
        self.participation = participation  # a partner filter: the participation field it reads
        self.fieldset = fieldset  # the sidebar's title over it and its neighbours with the same
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        """Nothing here: the FilterSet applies the conditions of all its filters at once."""
        return qs

    def condition(self, value, given: dict) -> Q:
        """The facet table's rows this value of the filter keeps (`given`: every filter in use)."""
        if self.own_condition:
            return self.own_condition(value, given)
        values = value if isinstance(value, QuerySet | list | tuple) else [value]
        stored = [self.column_values.get(item, getattr(item, "pk", item)) for item in values]
        column = self.parent.facet_model._meta.get_field(self.column)
        lookup = "overlap" if isinstance(column, ArrayField) else "in"
        return Q(**{f"{self.column}__{lookup}": stored})


class FacetChoices(FacetFilter, filters.MultipleChoiceFilter):
    pass


class FacetChoice(FacetFilter, filters.ChoiceFilter):
    pass


class FacetRecords(FacetFilter, SlugsFilter):
    pass


class FacetFlag(FacetFilter, filters.BooleanFilter):
    pass


class FacetDate(FacetFilter, filters.DateFilter):
    pass


class FacetYear(FacetFilter, YearFilter):
    pass


class FacetAmount(FacetFilter, AmountFilter):
    pass


@dataclass(frozen=True)
class CountedFacet:
    """How a counted filter's choices are counted over its facet table's column."""

    key: str  # the filter
    field_name: str  # the facet table's field
    column: str  # its column
    shape: str  # "array": one count per element; "value": per value; "flag": rows where true
    participation: str = ""  # a partner filter: the participation field it reads
    top: int | None = None
    mapped: bool = False
    by_name: bool = False
    many_combinations: bool = False
    column_values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PartnerCondition:
    """The partner filters, which apply together to one participation: "a private
    company in the funding role" is one participation of a company as a funder.

    On the facet table, a single filter (or kind with role, or partner with kind) is
    answered by the GIN-indexed arrays alone. Other combinations narrow by the arrays
    first, then check the rows left against the participation tokens (`participations`,
    see sql/facet_rows.sql) with `token_sql()`, which the facet counts and totals use too.
    """

    organisations: tuple = ()
    kinds: tuple = ()
    roles: tuple = ()
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    cash: bool | None = None
    in_kind: bool | None = None
    keys: frozenset = frozenset()  # the partner filters given

    @classmethod
    def from_filters(cls, given: dict) -> "PartnerCondition":
        """From the partner filters given (by their names), and only those."""
        return cls(
            organisations=tuple(given.get("organisation", ())),
            kinds=tuple(given.get("kind", ())),
            roles=tuple(given.get("role", ())),
            amount_min=given.get("amount_min"),
            amount_max=given.get("amount_max"),
            cash=given.get("cash"),
            in_kind=given.get("in_kind"),
            keys=frozenset(given),
        )

    def index_q(self) -> Q:
        """What the arrays say: every project matching has such partners, kinds, roles."""
        q = Q()
        if self.organisations:
            q &= Q(partners__overlap=[org.pk for org in self.organisations if not self.kinds or org.kind in self.kinds])
        if self.kinds and self.roles:
            q &= Q(kind_roles__overlap=[f"{kind}:{role}" for kind in self.kinds for role in self.roles])
        elif self.kinds:
            q &= Q(kinds__overlap=list(self.kinds))
        elif self.roles:
            q &= Q(roles__overlap=list(self.roles))
        if self.cash or self.amount_min is not None or self.amount_max is not None:
            q &= Q(cash=True)
        if self.in_kind:
            q &= Q(in_kind=True)
        return q

    def q(self) -> Q:
        keys = self.keys
        by_arrays = keys <= {"kind", "role"} or keys <= {"organisation", "kind"}
        by_flags = (keys == {"cash"} and self.cash) or (keys == {"in_kind"} and self.in_kind)
        if by_arrays or by_flags:
            return self.index_q()
        sql, params = self.token_sql(participation_fields("x"))
        exists = f"EXISTS (SELECT FROM unnest(participations) x WHERE {sql})"
        return self.index_q() & Q(RawSQL(exists, params, BooleanField()))

    def token_sql(self, field: dict[str, str]) -> tuple[str, list]:
        """SQL true for a participation that meets every partner filter, given the SQL of
        each of its fields (see participation_fields())."""
        sql, params = [], []
        for name, values in [
            ("organisation", [str(org.pk) for org in self.organisations]),
            ("kind", list(self.kinds)),
            ("role", list(self.roles)),
        ]:
            if values:
                sql.append(f"{field[name]} = ANY(%s)")
                params.append(values)
        if self.cash is not None:
            sql.append(f"{field['currency']} {'<>' if self.cash else '='} ''")
        if self.in_kind is not None:
            sql.append(f"{field['in_kind']} = %s")
            params.append("1" if self.in_kind else "0")
        for operator, amount in [(">=", self.amount_min), ("<=", self.amount_max)]:
            if amount is not None:  # the amount filters are in USD
                sql.append(f"{field['currency']} = 'USD' AND nullif({field['amount']}, '')::numeric {operator} %s")
                params.append(amount)
        return " AND ".join(sql) or "true", params


class FacetedFilterSet(PortalFilterSet):
    """A list whose filters are answered by its facet table: `condition()` is the one
    definition of what the filters given mean, as a condition on that table; the records
    themselves are filtered through it, and the facet counts leave one filter out of it
    at a time."""

    facet_model: type[Model]
    with_totals = False  # the counts add up the contributions and people reached (projects)
    # The facet table's fields that the list's sort keys order by, and the default order.
    facet_ordering: dict[str, str]
    facet_default_order: tuple
    # A search the same as one of these fields of a record (a partner's name or acronym)
    # puts that record first, before the best ranked.
    exact_fields: tuple[str, ...] = ()

    @classmethod
    def counted_facets(cls) -> list[CountedFacet]:
        """The filters shown with counts, in the sidebar's order."""
        return [
            CountedFacet(
                key=name,
                field_name=filter_.column,
                column=cls.facet_model._meta.get_field(filter_.column).column,
                shape=_shape(filter_, cls.facet_model._meta.get_field(filter_.column)),
                participation=filter_.participation,
                top=filter_.top,
                mapped=filter_.mapped,
                by_name=filter_.by_name,
                many_combinations=filter_.many_combinations,
                column_values=filter_.column_values,
            )
            for name, filter_ in cls.base_filters.items()
            if getattr(filter_, "counted", False)
        ]

    @cached_property
    def given_values(self) -> dict:
        """The filters given and their cleaned values (see given())."""
        return self.given()

    def condition(self, *, without: str | None = None, search: bool = True) -> Q:
        """The facet table's rows of the results (with every filter given but `without`)."""
        given = {name: value for name, value in self.given_values.items() if name != without}
        q = self.search_q() if search else Q()
        for name, value in given.items():
            filter_ = self.filters[name]
            if isinstance(filter_, FacetFilter) and not filter_.participation:
                q &= filter_.condition(value, given)
        return q & self.partner_condition(without=without).q()

    def conditions_without(self, keys: list[str | None]) -> dict[str | None, Q]:
        """For each key, the condition (no search) with every filter given but that one."""
        return {key: self.condition(without=key, search=False) for key in keys}

    def partner_condition(self, *, without: str | None = None) -> PartnerCondition:
        given = self.given_values
        return PartnerCondition.from_filters(
            {
                name: value
                for name, value in given.items()
                if name != without and getattr(self.filters[name], "participation", "")
            }
        )

    def partner_conditions_without(self, keys: list[str | None]) -> dict[str | None, PartnerCondition]:
        return {key: self.partner_condition(without=key) for key in keys}

    def search_q(self) -> Q:
        """The search as a condition on the facet table (which copies the record's vector)."""
        return Q(search_vector=self.search.query) if self.search else Q()

    @cached_property
    def search(self) -> SearchTerms | None:
        text = self.given_values.get("q")
        return search_terms(self._meta.model, text) if text else None

    @property
    def search_correction(self) -> str | None:
        return self.search.corrected if self.search else None

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_vector=self.search.query).annotate(rank=self.search.rank())

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        condition = self.condition(search=False)  # the search itself was applied by filter_search
        if condition:
            queryset = queryset.filter(pk__in=self.facet_model.objects.filter(condition).values("pk"))
        if self.search and not self.form.cleaned_data.get("sort"):
            queryset = queryset.annotate(exact=self._exact("")).order_by("exact", "-rank", "pk")
        return queryset

    def _exact(self, prefix: str) -> Case:
        """0 for a record whose exact field is the search's text (its case and accents
        aside), else 1."""
        text = (self.search.corrected or self.search.text).strip()
        same = Q(pk__in=[])
        for name in self.exact_fields:
            same |= Q(**{f"{prefix}{name}__unaccent__iexact": text})
        return Case(When(same, then=Value(0)), default=Value(1), output_field=IntegerField())

    def facet_rows(self, *, by_rank: bool, narrow: bool = False) -> QuerySet:
        """The facet table's rows of the results, in the list's order (by relevance to the
        search when `by_rank`). When the results are few (`narrow`), they are found first
        by the indexes that narrow them most, then sorted: walking the index of the list's
        order would read rows until enough of them match, most of the table for a rare mix."""
        rows = self.facet_model.objects.filter(self.condition())
        if narrow:
            ids = list(rows.values_list("pk", flat=True))
            key = self.facet_model._meta.pk.column
            rows = self.facet_model.objects.filter(RawSQL(f"{key} = ANY(%s)", [ids], BooleanField()))
        self.is_valid()
        sort = [key for key in self.form.cleaned_data.get("sort") or () if key]  # "title,,": the empty say nothing
        if sort:
            key = sort[0]
            field = F(self.facet_ordering[key.lstrip("-")])
            order = field.desc(nulls_last=True) if key.startswith("-") else field.asc(nulls_last=True)
            return rows.order_by(order, "pk")
        if self.search and by_rank:
            exact = self._exact(f"{self.facet_model._meta.pk.name}__")
            return rows.annotate(rank=self.search.rank(), exact=exact).order_by("exact", "-rank", "pk")
        return rows.order_by(*self.facet_default_order)


def _shape(filter_: FacetFilter, column) -> str:
    if isinstance(filter_, filters.BooleanFilter):
        return "flag"
    return "array" if isinstance(column, ArrayField) else "value"
