"""One FilterSet per list: projects, organisations, quotes.

Every list is driven by its query string alone. `clean_query()` turns any query
string into one the FilterSet accepts, and says in plain words what it ignored
(unknown keys, repeated keys, values that are not valid), so that bad input gets a
normal page with a notice, never an error.
"""

import datetime
from dataclasses import dataclass

import django_filters as filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from gmg.models import Membership

from .models import Country, Organisation, Participation, Project, Quote, Theme
from .search import MAX_QUERY_LENGTH, search

# Keys a list page reads besides its filters.
PAGE_KEYS = {"page", "per_page"}


def _shorten(text: str, limit: int = 40) -> str:
    printable = "".join(char if char.isprintable() else "�" for char in text)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


@dataclass
class CleanQuery:
    data: QueryDict
    notices: list[str]


class PortalFilterSet(filters.FilterSet):
    """A FilterSet that reports what it could not use instead of failing."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.search_correction: str | None = None

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

    def filter_search(self, queryset, name, value):
        result = search(queryset, value)
        self.search_correction = result.corrected
        return result.queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("q") and not data.get("sort") and "rank" in queryset.query.annotations:
            queryset = queryset.order_by("-rank", "pk")
        return queryset


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
    """Records named by their slug or code, any number of times (?theme=a&theme=b)."""


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1900, max_value=2100, **kwargs)


class AmountFilter(filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=0, max_value=10**12, max_digits=15, decimal_places=2, **kwargs)


def _exists(model, *conditions, **lookups):
    return Exists(model.objects.filter(*conditions, **lookups))


class ProjectFilter(PortalFilterSet):
    """Projects. The partner filters (organisation, kind, role, amounts, cash, in-kind)
    apply together to one participation: "private companies that funded" means a
    participation of a private company in the funding role."""

    q = filters.CharFilter(method="filter_search", label=gettext_lazy("Search"))
    theme = SlugsFilter(
        queryset=Theme.objects.all(), to_field_name="slug", method="filter_theme", label=gettext_lazy("Theme")
    )
    country = SlugsFilter(
        queryset=Country.objects.all(), to_field_name="code", method="filter_country", label=gettext_lazy("Country")
    )
    status = filters.MultipleChoiceFilter(choices=Project.Status.choices, label=gettext_lazy("Status"), distinct=False)
    active_from = YearFilter(method="filter_nothing", label=gettext_lazy("Active from (year)"))
    active_to = YearFilter(method="filter_nothing", label=gettext_lazy("Active until (year)"))
    started = YearFilter(field_name="start", lookup_expr="year", label=gettext_lazy("Started in"))
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
    amount_min = AmountFilter(method="filter_nothing", label=gettext_lazy("Contribution from (USD)"))
    amount_max = AmountFilter(method="filter_nothing", label=gettext_lazy("Contribution up to (USD)"))
    cash = filters.BooleanFilter(method="filter_nothing", label=gettext_lazy("Cash contribution"))
    in_kind = filters.BooleanFilter(method="filter_nothing", label=gettext_lazy("In-kind contribution"))
    sort = NullsLastOrderingFilter(
        fields=(("title", "title"), ("start", "start"), ("end", "end"), ("status", "status")),
        field_labels={
            "title": gettext_lazy("Title"),
            "start": gettext_lazy("Start"),
            "end": gettext_lazy("End"),
            "status": gettext_lazy("Status"),
        },
        label=gettext_lazy("Sort by"),
    )

    # The filters that describe one participation, with how each narrows participations.
    PARTICIPATION_FILTERS = ("organisation", "kind", "role", "amount_min", "amount_max", "cash", "in_kind")

    class Meta:
        model = Project
        fields = []

    def filter_nothing(self, queryset, name, value):
        """Partner filters and years are applied together in filter_queryset()."""
        return queryset

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_exists(Project.themes.through, project=OuterRef("pk"), theme__in=value))

    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_exists(Project.countries.through, project=OuterRef("pk"), country__in=value))

    def participation_q(self, *, without: str | None = None) -> Q | None:
        """The conditions on one participation, optionally leaving one filter out."""
        data = {key: value for key, value in self.form.cleaned_data.items() if key != without}
        conditions = Q()
        if data.get("organisation"):
            conditions &= Q(organisation__in=data["organisation"])
        if data.get("kind"):
            conditions &= Q(organisation__kind__in=data["kind"])
        if data.get("role"):
            conditions &= Q(role__in=data["role"])
        if data.get("amount_min") is not None:
            conditions &= Q(currency="USD", amount__gte=data["amount_min"])
        if data.get("amount_max") is not None:
            conditions &= Q(currency="USD", amount__lte=data["amount_max"])
        if data.get("cash") is not None:
            conditions &= Q(amount__isnull=not data["cash"])
        if data.get("in_kind") is not None:
            conditions &= ~Q(in_kind="") if data["in_kind"] else Q(in_kind="")
        return conditions or None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        first, last = self.form.cleaned_data.get("active_from"), self.form.cleaned_data.get("active_to")
        if first is not None or last is not None:
            queryset = queryset.active_during(first, last)
        conditions = self.participation_q()
        if conditions is not None:
            queryset = queryset.filter(_exists(Participation, conditions, project=OuterRef("pk")))
        return queryset


class OrganisationFilter(PortalFilterSet):
    q = filters.CharFilter(method="filter_search", label=gettext_lazy("Search"))
    kind = filters.MultipleChoiceFilter(choices=Organisation.Kind.choices, label=gettext_lazy("Kind"), distinct=False)
    hq = SlugsFilter(
        field_name="hq_country",
        queryset=Country.objects.all(),
        to_field_name="code",
        label=gettext_lazy("Headquarters"),
        distinct=False,
    )
    theme = SlugsFilter(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        label=gettext_lazy("Theme of their projects"),
    )
    country = SlugsFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        method="filter_country",
        label=gettext_lazy("Country of their projects"),
    )
    role = filters.MultipleChoiceFilter(
        choices=Participation.Role.choices, method="filter_role", label=gettext_lazy("Role played")
    )
    gmg = filters.ChoiceFilter(
        choices=[("ever", gettext_lazy("Ever a member")), ("never", gettext_lazy("Never a member"))],
        method="filter_gmg",
        label=gettext_lazy("GMG member"),
    )
    gmg_on = filters.DateFilter(method="filter_gmg_on", label=gettext_lazy("GMG member on"))
    sort = NullsLastOrderingFilter(
        fields=(("name", "name"), ("kind", "kind"), ("hq_country__name", "hq")),
        field_labels={
            "name": gettext_lazy("Name"),
            "kind": gettext_lazy("Kind"),
            "hq_country__name": gettext_lazy("Headquarters"),
        },
        label=gettext_lazy("Sort by"),
    )

    class Meta:
        model = Organisation
        fields = []

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            _exists(Participation, organisation=OuterRef("pk"), project__themes__in=value),
        )

    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_exists(Participation, organisation=OuterRef("pk"), project__countries__in=value))

    def filter_role(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_exists(Participation, organisation=OuterRef("pk"), role__in=value))

    def filter_gmg(self, queryset, name, value):
        member = _exists(Membership, organisation=OuterRef("pk"))
        return queryset.filter(member if value == "ever" else ~member)

    def filter_gmg_on(self, queryset, name, value: datetime.date):
        members = Membership.objects.on(value).filter(organisation=OuterRef("pk"))
        return queryset.filter(Exists(members))


class QuoteFilter(PortalFilterSet):
    q = filters.CharFilter(method="filter_text", label=gettext_lazy("Words"))
    organisation = SlugsFilter(
        field_name="organisation__slug",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        label=gettext_lazy("Organisation"),
    )
    project = SlugsFilter(
        field_name="project__slug", queryset=Project.objects.all(), to_field_name="slug", label=gettext_lazy("Project")
    )
    theme = SlugsFilter(
        field_name="project__themes__slug",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        label=gettext_lazy("Theme"),
        distinct=True,
    )

    class Meta:
        model = Quote
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(text__unaccent__icontains=value) | Q(person__name__unaccent__icontains=value))
