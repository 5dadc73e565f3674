"""What every list's FilterSet shares: a query string made acceptable, with notices
instead of errors, and the controls of the filter sidebars.

Every list is driven by its query string alone. `clean_query()` turns any query
string into one the FilterSet accepts, and says in plain words what it ignored
(unknown keys, repeated keys, values that are not valid), so that bad input gets a
normal page with a notice, never an error.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

import django_filters as filters
from django import forms
from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .dates import FIRST_YEAR, LAST_YEAR

# Keys a list page reads besides its filters.
PAGE_KEYS = frozenset({"page", "per_page"})  # which page of a list, not which records: never filters
# What a yes-or-no filter reads ("" leaves it out).
YES_NO = {"", "true", "false", "True", "False", "1", "0"}


def _shorten(text: str, limit: int = 40) -> str:
    printable = "".join(char if char.isprintable() else "�" for char in text)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


@dataclass
class CleanQuery:
    data: QueryDict
    notices: list[str]
    problems: dict[str, list[str]] = field(default_factory=dict)  # the notices by parameter


@dataclass
class SidebarPart:
    """A block of a list's filter sidebar: a counted filter's facet, or the controls of
    other filters (under a title when neighbours share a fieldset)."""

    title: str = ""
    fields: list[forms.BoundField] = field(default_factory=list)
    facet: object = None


class PortalFilterSet(filters.FilterSet):
    """A FilterSet that reports what it could not use instead of failing."""

    notices: list[str] = []

    @classmethod
    def from_query(cls, query: QueryDict, queryset: QuerySet | None = None) -> "PortalFilterSet":
        """The FilterSet of a list page's query string, with `notices` of what it ignored."""
        cleaned = cls.clean_query(query)
        filterset = cls(cleaned.data, queryset=cls._meta.model.objects.all() if queryset is None else queryset)
        filterset.notices = cleaned.notices
        return filterset

    @classmethod
    def clean_query(cls, query: QueryDict, *, known: frozenset = PAGE_KEYS) -> CleanQuery:
        """The query's values the filters can use, and a notice of each one they cannot,
        by parameter (`problems`: the API answers them with a 400). `known`: the keys that
        choose a page, not records, passed on unchecked."""
        problems: dict[str, list[str]] = {}
        notices: list[str] = []

        def ignored(key: str, notice: str) -> None:
            problems.setdefault(key, []).append(notice)
            notices.append(notice)

        candidate = QueryDict(mutable=True)
        form_class = cls(queryset=cls._meta.model.objects.none()).form.__class__
        for key in query:
            values = query.getlist(key)
            form_field = form_class.base_fields.get(key)
            if key in known:
                candidate.setlist(key, values[:1])
            elif form_field is None:
                ignored(key, _("Ignored the unknown parameter “%(key)s”.") % {"key": _shorten(key)})
            elif _is_multiple(form_field):
                candidate.setlist(key, list(dict.fromkeys(value for value in values if value != "")))
            else:
                if len(values) > 1:
                    ignored(
                        key,
                        _("“%(key)s” was given %(n)s times; used the first value.") % {"key": key, "n": len(values)},
                    )
                value = values[0]
                limit = form_field.widget.attrs.get("maxlength")
                if limit and len(value) > limit:
                    notices.append(_("The search text was cut to its first %(n)s characters.") % {"n": limit})
                    value = value[:limit]
                if isinstance(form_field, forms.NullBooleanField) and value not in YES_NO:
                    # A yes-or-no box reads any other word as "either": say it was not used.
                    ignored(key, _("Ignored “%(key)s”: give true or false.") % {"key": key})
                    continue
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
                listed = ", ".join(f"“{_shorten(value)}”" for value in bad[:3])
                ignored(
                    key, _("Ignored %(values)s for “%(key)s”: not a valid choice.") % {"values": listed, "key": key}
                )
                cleaned.setlist(key, good)
            else:
                ignored(key, _("Ignored “%(key)s”: %(reasons)s") % {"key": key, "reasons": " ".join(messages)})
                cleaned.pop(key)
        return CleanQuery(cleaned, notices, problems)

    def given(self, *, without: str | None = None) -> dict:
        """The filters given and their cleaned values, but `without` (and the sort order)."""
        self.is_valid()
        return {
            key: value
            for key, value in self.form.cleaned_data.items()
            if key not in {"sort", without} and is_given(value)
        }

    def words(self) -> list[str]:
        """What the list is filtered by, in the filters' order (for a download's name)."""
        words = []
        for name, value in self.given().items():
            if isinstance(value, bool):
                words.append(name if value else f"no-{name}")
            elif isinstance(value, QuerySet | list | tuple):
                words += [str(item) for item in value]
            else:
                words.append(str(value))
        return words

    def sidebar(self, facets: Iterable = ()) -> list[SidebarPart]:
        """The sidebar's blocks, in the order the filters are declared: each filter with a
        facet in `facets` (by its key) as that facet, the others as their form fields."""
        by_key = {facet.key: facet for facet in facets}
        parts: list[SidebarPart] = []
        for name, filter_ in self.filters.items():
            if name == "sort":
                continue
            if name in by_key:
                parts.append(SidebarPart(facet=by_key[name]))
                continue
            title = getattr(filter_, "fieldset", None) or ""
            if title and parts and parts[-1].title == title:
                parts[-1].fields.append(self.form[name])
            else:
                parts.append(SidebarPart(title=title, fields=[self.form[name]]))
        return parts

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            for name, filter_ in self.filters.items():
                if getattr(filter_, "offered", None):
                    field = form.fields[name]
                    selected = self.data.getlist(name) if hasattr(self.data, "getlist") else []
                    field.widget.choices = partial(_choices, filter_.offered, selected, field.to_field_name)
        return self._form


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
        keys = [param for param in value or () if param]  # "title,,-end": the empty ones say nothing
        if not keys:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in keys], "pk")


def is_given(value) -> bool:
    """A filter's cleaned value that filters (False does; None, "" and no choices don't)."""
    if isinstance(value, QuerySet | list | tuple):
        return len(value) > 0
    return value not in EMPTY_VALUES


def _choices(offered, selected: list[str], key: str) -> list[tuple[str, str]]:
    return [(getattr(record, key), str(record)) for record in offered(selected)]


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

    `offered(selected)`, where given, is the records the form offers (the selected among
    them): any record can be asked for, but a list of them all would be too long."""

    def __init__(self, *args, offered=None, **kwargs):
        self.offered = offered
        super().__init__(*args, **kwargs)


def search_box(placeholder: str, max_length: int) -> forms.TextInput:
    """The search box of a list; longer text is cut to `max_length` (clean_query)."""
    attrs = {"type": "search", "class": "form-control", "maxlength": max_length}
    return forms.TextInput(attrs={**attrs, "placeholder": placeholder} if placeholder else attrs)


def tick_boxes() -> forms.CheckboxSelectMultiple:
    """Several choices as tick boxes, like the counted filters (filter_field.html lists them)."""
    return forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


def number_input(placeholder: str = "", **attrs) -> forms.NumberInput:
    """A number box of the filter sidebar; the field adds its own limits (min, max)."""
    return forms.NumberInput(
        attrs={"class": "form-control", **({"placeholder": placeholder} if placeholder else {}), **attrs}
    )


class YesNoAny(forms.NullBooleanSelect):
    """Yes, no, or either (an empty value, which leaves the filter out of the query)."""

    def __init__(self, attrs=None):
        super().__init__({"class": "form-select", **(attrs or {})})
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
