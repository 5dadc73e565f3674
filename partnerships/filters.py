"""One FilterSet per list: projects, organisations, quotes.

Every list is driven by its query string alone. `clean_query()` turns any query
string into one the FilterSet accepts, and says in plain words what it ignored
(unknown keys, repeated keys, values that are not valid), so that bad input gets a
normal page with a notice, never an error.
"""

import datetime
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cached_property, partial

import django_filters as filters
from django import forms
from django.db.models import BooleanField, Exists, F, Model, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.citations import cited
from core.dates import FIRST_YEAR, LAST_YEAR
from gmg.models import Membership

from .models import (
    Country,
    Organisation,
    OrganisationFacets,
    Participation,
    Project,
    ProjectFacets,
    Quote,
    Theme,
    active_during,
)
from .search import MAX_QUERY_LENGTH, SearchTerms, search_terms

# Keys a list page reads besides its filters.
PAGE_KEYS = {"page", "per_page"}  # which page of a list, not which records: never filters


def _shorten(text: str, limit: int = 40) -> str:
    printable = "".join(char if char.isprintable() else "�" for char in text)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


@dataclass
class CleanQuery:
    data: QueryDict
    notices: list[str]


class PortalFilterSet(filters.FilterSet):
    """A FilterSet that reports what it could not use instead of failing."""

    @classmethod
    def clean_query(cls, query: QueryDict) -> CleanQuery:
        notices: list[str] = []
        candidate = QueryDict(mutable=True)
        form_class = cls(queryset=cls._meta.model.objects.none()).form.__class__
        for key in query:
            values = query.getlist(key)
            if key in PAGE_KEYS:
                candidate.setlist(key, values[:1])
            elif key not in form_class.base_fields:
                notices.append(_("Ignored the unknown parameter “%(key)s”.") % {"key": _shorten(key)})
            elif _is_multiple(form_class.base_fields[key]):
                candidate.setlist(key, list(dict.fromkeys(value for value in values if value != "")))
            else:
                if len(values) > 1:
                    notices.append(
                        _("“%(key)s” was given %(n)s times; used the first value.") % {"key": key, "n": len(values)}
                    )
                value = values[0]
                if key == "q" and len(value) > MAX_QUERY_LENGTH:
                    notices.append(
                        _("The search text was cut to its first %(n)s characters.") % {"n": MAX_QUERY_LENGTH}
                    )
                    value = value[:MAX_QUERY_LENGTH]
                candidate[key] = value
        # One validation of everything; only the parameters it rejects are looked at one by one.
        errors = form_class(data=candidate).errors
        cleaned = candidate.copy()
        for key, messages in errors.items():
            if key not in candidate:
                continue
            if _is_multiple(form_class.base_fields[key]):
                values = candidate.getlist(key)
                good = [value for value in values if not _errors(form_class, key, [value])]
                bad = [value for value in values if value not in good]
                shown = ", ".join(f"“{_shorten(value)}”" for value in bad[:3])
                notices.append(
                    _("Ignored %(values)s for “%(key)s”: not a valid choice.") % {"values": shown, "key": key}
                )
                cleaned.setlist(key, good)
            else:
                notices.append(_("Ignored “%(key)s”: %(reasons)s") % {"key": key, "reasons": " ".join(messages)})
                cleaned.pop(key)
        return CleanQuery(cleaned, notices)

    def words(self) -> list[str]:
        """What the list is filtered by, in the filters' order (for a download's name)."""
        self.is_valid()
        words = []
        for name in self.filters:
            value = self.form.cleaned_data.get(name)
            if name == "sort" or not _given(value):
                continue
            if isinstance(value, bool):
                words.append(name if value else f"no-{name}")
            elif isinstance(value, QuerySet | list | tuple):
                words += [str(item) for item in value]
            else:
                words.append(str(value))
        return words

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            for name, filter_ in self.filters.items():
                if getattr(filter_, "shown", None):
                    field = form.fields[name]
                    selected = self.data.getlist(name) if hasattr(self.data, "getlist") else []
                    field.widget.choices = partial(_choices, filter_.shown, selected, field.to_field_name)
        return self._form


# Long facets show the selected choices and this many more, by count; the rest are
# one click (or a few letters typed) away.
TOP_CHOICES = 10


@dataclass(frozen=True)
class FacetSpec:
    """A filter shown with counts beside its choices, and how the list's facet table
    answers it. Its name and choices are the filter's own (facets.py counts them)."""

    key: str  # the filter
    column: str  # the facet table's column
    shape: str  # "array": one count per element; "value": per value; "flag": rows where true
    part: int | None = None  # a partner facet: the field of a participation token (1-based)
    top: int | None = None  # a long facet: show only the top choices, and a way to the rest
    grouped: bool = True  # an array with few distinct values (not the partners of each project)
    stored: dict[str, str] = field(default_factory=dict)  # a choice's value in the table, where it differs


class FacetedFilterSet(PortalFilterSet):
    """A list whose filters are answered by its facet table (models.ProjectFacets,
    models.OrganisationFacets): one narrow row per record holding every value the list
    filters and counts by. `facets_q()` is the one definition of what each filter
    means, as a condition on that table; the records themselves are filtered through
    it, and the facet counts leave one filter out of it at a time."""

    facet_model: type[Model]
    # The filters shown with counts, in the sidebar's order.
    facets: tuple[FacetSpec, ...]
    # The facet table's fields that the list's sort keys order by, and the default order.
    facet_ordering: dict[str, str]
    facet_default_order: tuple

    def facets_q(self, *, without: str | None = None, search: bool = True) -> Q:
        raise NotImplementedError

    def search_q(self) -> Q:
        """The search as a condition on the facet table (which copies the record's vector)."""
        return Q(search_vector=self.search.query) if self.search else Q()

    @cached_property
    def _in_use(self) -> dict:
        self.is_valid()
        return {key: value for key, value in self.form.cleaned_data.items() if key != "sort" and _given(value)}

    def used(self, *, without: str | None = None) -> dict:
        """The filters given, but `without` (and the sort order)."""
        return {key: value for key, value in self._in_use.items() if key != without}

    @cached_property
    def search(self) -> SearchTerms | None:
        text = self._in_use.get("q")
        return search_terms(self._meta.model, text) if text else None

    @property
    def search_correction(self) -> str | None:
        return self.search.corrected if self.search else None

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_vector=self.search.query).annotate(rank=self.search.rank())

    def filter_nothing(self, queryset, name, value):
        """Applied through the facet table, in filter_queryset()."""
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        conditions = self.facets_q(search=False)  # the search itself was applied by filter_search
        if conditions:
            queryset = queryset.filter(pk__in=self.facet_model.objects.filter(conditions).values("pk"))
        if self.search and not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("-rank", "pk")
        return queryset

    def facet_rows(self, *, by_rank: bool, few: bool = False) -> QuerySet:
        """The facet table's rows of the results, in the list's order (by relevance to the
        search when `by_rank`). When the results are `few`, they are found first by the
        indexes that narrow them most, then sorted: walking the index of the list's order
        would read rows until enough of them match, most of the table for a rare mix."""
        rows = self.facet_model.objects.filter(self.facets_q())
        if few:
            ids = list(rows.values_list("pk", flat=True))
            key = self.facet_model._meta.pk.column
            rows = self.facet_model.objects.filter(RawSQL(f"{key} = ANY(%s)", [ids], BooleanField()))
        self.is_valid()
        sort = self.form.cleaned_data.get("sort")
        if sort:
            key = sort[0]
            field = F(self.facet_ordering[key.lstrip("-")])
            order = field.desc(nulls_last=True) if key.startswith("-") else field.asc(nulls_last=True)
            return rows.order_by(order, "pk")
        if self.search and by_rank:
            return rows.annotate(rank=self.search.rank()).order_by("-rank", "pk")
        return rows.order_by(*self.facet_default_order)


class NullsLastOrderingFilter(filters.OrderingFilter):
    """Sorting that puts rows without a value (an unknown date) last either way; ties
    are broken by id, so that pages never overlap."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        name = self.param_map[param.lstrip("-")]
        field = F(name)
        if not self._nullable(name):
            return field.desc() if descending else field.asc()
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def _nullable(self, name: str) -> bool:
        model = self.model
        *path, last = name.split("__")
        for part in path:
            model = model._meta.get_field(part).related_model
        return model._meta.get_field(last).null

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


def _given(value) -> bool:
    """A filter's cleaned value that filters (False does; None, "" and no choices don't)."""
    if isinstance(value, QuerySet | list | tuple):
        return len(value) > 0
    return value not in EMPTY_VALUES


def _choices(shown, selected: list[str], key: str) -> list[tuple[str, str]]:
    return [(getattr(record, key), str(record)) for record in shown(selected)]


def _is_multiple(field: forms.Field) -> bool:
    return isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)


def _errors(form_class: type[forms.Form], key: str, values: list[str]) -> list[str]:
    """What the list's form says about these values of one parameter."""
    data = QueryDict(mutable=True)
    data.setlist(key, values)
    form = form_class(data=data)
    return list(form.errors.get(key, []))


@extend_schema_field(OpenApiTypes.STR)
class SlugsFilter(filters.ModelMultipleChoiceFilter):
    """Records named by their slug or code, any number of times (?theme=a&theme=b).

    `shown(selected)`, where given, is the records the form offers (the selected among
    them): any record can be asked for, but a list of them all would be too long."""

    def __init__(self, *args, shown=None, **kwargs):
        self.shown = shown
        super().__init__(*args, **kwargs)


def select_multiple() -> forms.SelectMultiple:
    return forms.SelectMultiple(attrs={"class": "form-select", "size": 6})


def number_input(placeholder: str = "", **attrs) -> forms.NumberInput:
    """A number box of the filter sidebar; the field adds its own limits (min, max)."""
    return forms.NumberInput(
        attrs={"class": "form-control", **({"placeholder": placeholder} if placeholder else {}), **attrs}
    )


class YesNoAny(forms.NullBooleanSelect):
    """Yes, no, or either (an empty value, which leaves the filter out of the query)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", gettext_lazy("Any")), ("true", gettext_lazy("Yes")), ("false", gettext_lazy("No"))]

    def format_value(self, value) -> list[str]:
        return [super().format_value(value)]


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, placeholder: str = "", **kwargs):
        widget = number_input(placeholder)
        super().__init__(*args, min_value=FIRST_YEAR, max_value=LAST_YEAR, widget=widget, **kwargs)


class AmountFilter(filters.NumberFilter):
    def __init__(self, *args, placeholder: str = "", **kwargs):
        widget = number_input(placeholder, step="any")
        super().__init__(*args, min_value=0, max_value=10**12, max_digits=15, decimal_places=2, widget=widget, **kwargs)


# The fields of a participation token, `<organisation id>:<kind>:<role>:<currency>:<amount>:<in kind 0/1>`.
TOKEN_FIELDS = ("organisation", "kind", "role", "currency", "amount", "in_kind")


def token_fields(token: str) -> dict[str, str]:
    """The SQL of each field of the participation token `token`."""
    return {name: f"split_part({token}, ':', {n})" for n, name in enumerate(TOKEN_FIELDS, 1)}


@dataclass(frozen=True)
class PartnerCondition:
    """The partner filters, which apply together to one participation: "a private
    company in the funding role" is one participation of a company as a funder.

    On the facet table, a single filter (or kind with role, or partner with kind) is
    answered by the GIN-indexed arrays alone. Other combinations narrow by the arrays
    first, then check the rows left against the participation tokens (`parts`, see
    facet_tables.py) with `token_sql()`, which the facet counts and totals use too.
    """

    organisations: tuple = ()
    kinds: tuple = ()
    roles: tuple = ()
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    cash: bool | None = None
    in_kind: bool | None = None

    KEYS = ("organisation", "kind", "role", "amount_min", "amount_max", "cash", "in_kind")

    @classmethod
    def from_filters(cls, used: dict) -> "PartnerCondition":
        return cls(
            organisations=tuple(used.get("organisation", ())),
            kinds=tuple(used.get("kind", ())),
            roles=tuple(used.get("role", ())),
            amount_min=used.get("amount_min"),
            amount_max=used.get("amount_max"),
            cash=used.get("cash"),
            in_kind=used.get("in_kind"),
        )

    @property
    def keys(self) -> set[str]:
        return {key for key, field in zip(self.KEYS, fields(self), strict=True) if _given(getattr(self, field.name))}

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
        sql, params = self.token_sql(token_fields("x"))
        return self.index_q() & Q(RawSQL(f"EXISTS (SELECT FROM unnest(parts) x WHERE {sql})", params, BooleanField()))

    def token_sql(self, field: dict[str, str]) -> tuple[str, list]:
        """SQL true for a participation that meets every partner filter, given the SQL of
        each of its fields (see token_fields())."""
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


class ProjectFilter(FacetedFilterSet):
    """Projects. The partner filters (organisation, kind, role, amounts, cash, in-kind)
    apply together to one participation: "private companies that funded" means a
    participation of a private company in the funding role."""

    q = filters.CharFilter(method="filter_search", label=gettext_lazy("Search"))
    theme = SlugsFilter(
        queryset=Theme.objects.all(), to_field_name="slug", method="filter_nothing", label=gettext_lazy("Theme")
    )
    country = SlugsFilter(
        queryset=Country.objects.all(), to_field_name="code", method="filter_nothing", label=gettext_lazy("Country")
    )
    status = filters.MultipleChoiceFilter(
        choices=Project.Status.choices, method="filter_nothing", label=gettext_lazy("Status")
    )
    active_from = YearFilter(
        method="filter_nothing", label=gettext_lazy("Active from (year)"), placeholder=gettext_lazy("from")
    )
    active_to = YearFilter(
        method="filter_nothing", label=gettext_lazy("Active until (year)"), placeholder=gettext_lazy("until")
    )
    started = YearFilter(method="filter_nothing", label=gettext_lazy("Started in"))
    dated = filters.BooleanFilter(
        method="filter_nothing",
        label=gettext_lazy("Start date known"),
        widget=YesNoAny(attrs={"class": "form-select"}),
    )
    organisation = SlugsFilter(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        method="filter_nothing",
        label=gettext_lazy("Partner"),
    )
    kind = filters.MultipleChoiceFilter(
        choices=Organisation.Kind.choices, method="filter_nothing", label=gettext_lazy("Partner kind")
    )
    role = filters.MultipleChoiceFilter(
        choices=Participation.Role.choices, method="filter_nothing", label=gettext_lazy("Role")
    )
    amount_min = AmountFilter(
        method="filter_nothing", label=gettext_lazy("Contribution from (USD)"), placeholder=gettext_lazy("min")
    )
    amount_max = AmountFilter(
        method="filter_nothing", label=gettext_lazy("Contribution up to (USD)"), placeholder=gettext_lazy("max")
    )
    cash = filters.BooleanFilter(method="filter_nothing", label=gettext_lazy("Has a cash contribution"))
    in_kind = filters.BooleanFilter(method="filter_nothing", label=gettext_lazy("Has an in-kind contribution"))
    missing = filters.MultipleChoiceFilter(
        choices=ProjectFacets.Gap.choices, method="filter_nothing", label=gettext_lazy("Missing")
    )
    sort = NullsLastOrderingFilter(
        fields=(
            ("title", "title"),
            ("start", "start"),
            ("end", "end"),
            ("status", "status"),
            ("facets__completeness", "completeness"),
        ),
        field_labels={
            "title": gettext_lazy("Title"),
            "start": gettext_lazy("Start"),
            "end": gettext_lazy("End"),
            "status": gettext_lazy("Status"),
            "facets__completeness": gettext_lazy("Completeness"),
        },
        label=gettext_lazy("Sort by"),
    )

    facet_model = ProjectFacets
    facets = (
        FacetSpec("theme", "themes", "array"),
        FacetSpec("country", "countries", "array", top=TOP_CHOICES),
        FacetSpec("status", "status", "value"),
        FacetSpec("kind", "kinds", "array", part=2),
        FacetSpec("role", "roles", "array", part=3),
        FacetSpec("cash", "cash", "flag", part=4),
        FacetSpec("in_kind", "in_kind", "flag", part=6),
        FacetSpec("organisation", "partners", "array", part=1, top=TOP_CHOICES, grouped=False),
        FacetSpec("missing", "gaps", "array"),
    )
    facet_ordering = {
        "title": "project__title",
        "start": "start",
        "end": "end",
        "status": "status",
        "completeness": "completeness",
    }
    facet_default_order = (F("start").desc(nulls_last=True), "pk")  # newest first, by an index

    class Meta:
        model = Project
        fields = []

    def facets_q(self, *, without: str | None = None, search: bool = True) -> Q:
        used = self.used(without=without)
        q = self.search_q() if search else Q()
        if "theme" in used:
            q &= Q(themes__overlap=[theme.pk for theme in used["theme"]])
        if "country" in used:
            q &= Q(countries__overlap=[country.pk for country in used["country"]])
        if "status" in used:
            q &= Q(status__in=used["status"])
        if "dated" in used:
            q &= Q(start__isnull=not used["dated"])
        if "started" in used:
            q &= Q(start__range=(datetime.date(used["started"], 1, 1), datetime.date(used["started"], 12, 31)))
        if "active_from" in used or "active_to" in used:
            q &= active_during(used.get("active_from"), used.get("active_to"))
        if "missing" in used:
            q &= Q(gaps__overlap=used["missing"])
        return q & self.partner_condition(without=without).q()

    def partner_condition(self, *, without: str | None = None) -> PartnerCondition:
        return PartnerCondition.from_filters(self.used(without=without))


class OrganisationFilter(FacetedFilterSet):
    q = filters.CharFilter(method="filter_search", label=gettext_lazy("Search"))
    kind = filters.MultipleChoiceFilter(
        choices=Organisation.Kind.choices, method="filter_nothing", label=gettext_lazy("Kind")
    )
    hq = SlugsFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_nothing",
        label=gettext_lazy("Headquarters"),
    )
    theme = SlugsFilter(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_nothing",
        label=gettext_lazy("Theme of their projects"),
    )
    country = SlugsFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_nothing",
        label=gettext_lazy("Country of their projects"),
    )
    role = filters.MultipleChoiceFilter(
        choices=Participation.Role.choices, method="filter_nothing", label=gettext_lazy("Role played")
    )
    gmg = filters.ChoiceFilter(
        choices=[("ever", gettext_lazy("Ever a member")), ("never", gettext_lazy("Never a member"))],
        method="filter_nothing",
        label=gettext_lazy("GMG member"),
    )
    gmg_on = filters.DateFilter(
        method="filter_nothing",
        label=gettext_lazy("GMG member on"),
        widget=forms.DateInput(
            format="%Y-%m-%d",  # an ISO day in every language: a link reads the same for all
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "pattern": "[0-9]{4}-[0-9]{2}-[0-9]{2}",
                "placeholder": gettext_lazy("YYYY-MM-DD"),
            },
        ),
        help_text=gettext_lazy("Year-month-day, e.g. 2008-06-01"),
    )
    missing = filters.MultipleChoiceFilter(
        choices=OrganisationFacets.Gap.choices, method="filter_nothing", label=gettext_lazy("Missing")
    )
    sort = NullsLastOrderingFilter(
        fields=(
            ("name", "name"),
            ("kind", "kind"),
            ("hq_country__name", "hq"),
            ("facets__completeness", "completeness"),
        ),
        field_labels={
            "name": gettext_lazy("Name"),
            "kind": gettext_lazy("Kind"),
            "hq_country__name": gettext_lazy("Headquarters"),
            "facets__completeness": gettext_lazy("Completeness"),
        },
        label=gettext_lazy("Sort by"),
    )

    facet_model = OrganisationFacets
    facets = (
        FacetSpec("kind", "kind", "value"),
        FacetSpec("hq", "hq_id", "value", top=TOP_CHOICES),
        FacetSpec("theme", "themes", "array"),
        FacetSpec("country", "countries", "array", top=TOP_CHOICES),
        FacetSpec("role", "roles", "array"),
        FacetSpec("gmg", "gmg", "value", stored={"ever": "true", "never": "false"}),
        FacetSpec("missing", "gaps", "array"),
    )
    facet_ordering = {"name": "organisation__name", "kind": "kind", "hq": "hq__name", "completeness": "completeness"}
    facet_default_order = ("organisation__name", "pk")

    class Meta:
        model = Organisation
        fields = []

    def facets_q(self, *, without: str | None = None, search: bool = True) -> Q:
        used = self.used(without=without)
        q = self.search_q() if search else Q()
        if "kind" in used:
            q &= Q(kind__in=used["kind"])
        if "hq" in used:
            q &= Q(hq__in=[country.pk for country in used["hq"]])
        if "theme" in used:
            q &= Q(themes__overlap=[theme.pk for theme in used["theme"]])
        if "country" in used:
            q &= Q(countries__overlap=[country.pk for country in used["country"]])
        if "role" in used:
            q &= Q(roles__overlap=used["role"])
        if "gmg" in used:
            q &= Q(gmg=used["gmg"] == "ever")
        if "gmg_on" in used:
            q &= Q(Exists(Membership.objects.on(used["gmg_on"]).filter(organisation=OuterRef("organisation"))))
        if "missing" in used:
            q &= Q(gaps__overlap=used["missing"])
        return q


class QuoteFilter(PortalFilterSet):
    q = filters.CharFilter(
        method="filter_text",
        label=gettext_lazy("Words or speaker"),
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control", "maxlength": MAX_QUERY_LENGTH}),
    )
    organisation = SlugsFilter(
        field_name="organisation__slug",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        shown=Organisation.objects.quoted,
        widget=select_multiple(),
        label=gettext_lazy("Organisation"),
    )
    project = SlugsFilter(
        field_name="project__slug",
        queryset=Project.objects.all(),
        to_field_name="slug",
        shown=Project.objects.most_quoted,
        widget=select_multiple(),
        label=gettext_lazy("Project"),
        help_text=gettext_lazy("The projects quoted most; search the words for others."),
    )
    theme = SlugsFilter(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        widget=select_multiple(),
        label=gettext_lazy("Theme"),
    )
    cited = filters.BooleanFilter(
        method="filter_cited",
        label=gettext_lazy("Source cited"),
        widget=YesNoAny(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Quote
        fields = []

    def filter_theme(self, queryset, name, value):
        """An EXISTS on the (project, theme) index: one row per quote, no DISTINCT over the texts."""
        if not value:
            return queryset
        themes = Project.themes.through.objects.filter(project=OuterRef("project"), theme__in=value)
        return queryset.filter(Exists(themes))

    def filter_cited(self, queryset, name, value):
        return queryset.filter(cited(Quote) if value else ~cited(Quote))

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(text__unaccent__icontains=value) | Q(person__name__unaccent__icontains=value))
