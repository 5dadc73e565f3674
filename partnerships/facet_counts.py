"""Counts of a faceted list: how many results, each facet's counts beside the filters
(for each choice, how many results it would give with the other filters applied: its
own filter left out, as a user changing that choice would see), and the project
totals. All of it comes from the list's facet table (facet_tables.py). A list with k
filters needs k + 1 sets of rows; each pass below counts all the sets it is given in one
statement:

1. When the planner expects to read few rows (at most EXACT_UP_TO), every set is counted
   exactly, in a pass capped at twice that (a wrong guess costs little).
2. Otherwise, on a large table, a pass over its fixed 0.5% sample (an index-only scan of
   the sample index) counts every set and tells how large each is.
3. The sets that are small and cheap to read are then counted exactly. The others keep
   the sample's counts, scaled up and shown as estimates ("≈ 12,000"; a zero in the
   sample shows as "<100").

So no request counts a large set row by row: the work is bounded by the sample and by
EXACT_UP_TO, not by the table.
"""

import json
import operator
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import reduce
from urllib.parse import urlencode

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, QuerySet, Value
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_filters import BooleanFilter

from core.db import reading
from core.i18n import country_name
from core.numbers import grouped
from core.querystrings import link

from .filters import (
    PAGE_KEYS,
    TOKEN_FIELDS,
    FacetedFilterSet,
    FacetSpec,
    OrganisationFilter,
    PartnerCondition,
    ProjectFilter,
    token_fields,
)
from .models import SAMPLE_MODULUS, Country, Organisation, Project, sampled

# Sets of results up to this size are counted exactly; larger ones are estimated.
EXACT_UP_TO = 10_000
# Tables up to this size are always counted exactly (no sample pass).
SAMPLE_ABOVE = 50_000
# The fields of the participations in `t` (see _Counter._tokens).
TOKEN_COLUMNS = {name: f"t.{name}" for name in TOKEN_FIELDS}


@dataclass(frozen=True)
class Totals:
    projects: int
    cash: dict[str, Decimal]
    in_kind: int
    people_reached: Decimal
    people_reached_approximate: bool
    estimated: bool = False


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    display: str = ""

    @property
    def empty(self) -> bool:
        """No result for sure (an estimate of zero may still hide a few)."""
        return self.display == "0"


@dataclass
class Facet:
    key: str
    label: str
    choices: list[Choice] = field(default_factory=list)
    estimated: bool = False
    more: int = 0  # choices with results not shown (a long facet shows its top ones)


@dataclass
class Counted:
    """What a list's filters give: the number of results, facets and (projects) totals."""

    count: int
    estimated: bool
    facets: list[Facet]
    totals: Totals | None = None


@dataclass
class _SetCounts:
    """The counts over one set of rows (the results, or the results but one filter)."""

    rows: int = 0
    values: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    groups: dict[str, int] = field(default_factory=dict)  # a long facet: its values with results
    cash: dict[str, Decimal] = field(default_factory=dict)
    in_kind: int = 0
    people: Decimal = Decimal(0)
    approximate: bool = False
    scale: int = 1

    @property
    def estimated(self) -> bool:
        return self.scale > 1


def _table_values(values) -> list[str]:
    """Selected records or codes, as the facet table holds them (ids or codes, as text)."""
    return [str(getattr(value, "pk", value)) for value in values]


def large(model) -> bool:
    """Whether the table holds more rows than SAMPLE_ABOVE (by PostgreSQL's statistics)."""
    with reading(model).cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return bool(row) and row[0] > SAMPLE_ABOVE


class _Counter:
    """Builds and runs the one statement that counts several sets of rows at once: each
    set is a boolean column of a materialised scan, each count a GROUP BY over it."""

    def __init__(self, filterset: FacetedFilterSet, specs: list[FacetSpec], totals: bool):
        self.filterset = filterset
        self.specs = specs
        self.totals = totals
        used = filterset.used()
        # A long facet's selected values (as the facet table holds them), counted whatever their rank.
        self.chosen = {spec.key: _table_values(used.get(spec.key, [])) for spec in specs if spec.top}
        # The set every facet not in use counts over (None), and one per facet in use.
        self.sets: dict[str | None, list[FacetSpec]] = {None: [spec for spec in specs if spec.key not in used]}
        self.sets.update({spec.key: [spec] for spec in specs if spec.key in used})

    def rows(self, names: list[str | None], *, sample: bool = False) -> QuerySet:
        """The rows in any of these sets (of the sample's only, with `sample`), each with a
        flag per set (s0, s1...)."""
        model = self.filterset.facet_model
        rows = model.objects.filter(sampled(model._meta.pk.name)) if sample else model.objects.all()
        flags = {f"s{i}": self.filterset.facets_q(without=name, search=False) for i, name in enumerate(names)}
        rows = rows.filter(self.filterset.search_q())
        if all(flags.values()):  # an empty condition is every row
            rows = rows.filter(reduce(operator.or_, flags.values()))
        return rows.annotate(
            **{name: ExpressionWrapper(q or Value(True), output_field=BooleanField()) for name, q in flags.items()}
        )

    def planned(self, names: list[str | None]) -> float:
        """How many rows PostgreSQL's planner expects to read for these sets (nothing is
        run): the most any step of its plan handles, not only those it returns, as an
        index finding 70,000 rows to keep 9,000 of them costs 70,000 rows' work."""
        nodes = [json.loads(self.rows(names).explain(format="json"))[0]["Plan"]]
        most = 0.0
        while nodes:
            node = nodes.pop()
            most = max(most, node["Plan Rows"])
            nodes += node.get("Plans", [])
        return most

    def count(
        self, names: list[str | None], *, sample: bool = False, cap: int | None = None
    ) -> dict[str | None, _SetCounts] | None:
        """The counts of these sets (estimated from the sample's, with `sample`); with a
        `cap`, None when the sets hold more rows than that (having read no more)."""
        scale = SAMPLE_MODULUS if sample else 1
        rows = self.rows(names, sample=sample).values(*self.columns, *(f"s{i}" for i in range(len(names))))
        if cap is not None:
            rows = rows[: cap + 1]
        sql, params = rows.query.sql_with_params()
        selects: list[tuple[str, list]] = [("SELECT -1, '', NULL::text, count(*), NULL::numeric FROM s", [])]
        for i, name in enumerate(names):
            selects.append((f"SELECT {i}, '', NULL::text, count(*), NULL::numeric FROM s WHERE s{i}", []))
            selects += [self._facet_sql(i, spec) for spec in self.sets[name]]
            if name is None and self.totals:
                selects += self._totals_sql(i)
        ctes = f"s AS MATERIALIZED ({sql})"
        with_tokens = [i for i, name in enumerate(names) if self._reads_participations(name)]
        if with_tokens:
            ctes += f", t AS MATERIALIZED ({self._tokens(len(names), with_tokens)})"
        statement = f"WITH {ctes} " + " UNION ALL ".join(f"({select})" for select, _ in selects)
        params = [*params, *(param for _, select_params in selects for param in select_params)]
        counts = {name: _SetCounts(scale=scale) for name in names}
        with reading(self.filterset.facet_model).cursor() as cursor:
            cursor.execute(statement, params)
            for index, key, value, n, amount in cursor.fetchall():
                if index < 0:
                    if cap is not None and n > cap:
                        return None
                    continue
                into = counts[names[index]]
                if key == "":
                    into.rows = n
                elif key == "$cash":
                    into.cash[value] = amount
                elif key == "$in_kind":
                    into.in_kind = n
                elif key == "$people":
                    into.people, into.approximate = amount or Decimal(0), value == "true"
                elif key.endswith("#"):
                    into.groups[key[:-1]] = n
                else:
                    into.values[key][value] = n
        return counts

    @property
    def pk(self) -> str:
        return self.filterset.facet_model._meta.pk.attname

    @property
    def columns(self) -> list[str]:
        """The facet table's columns the counts read."""
        columns = {self.pk, *(spec.column for spec in self.specs)}
        if any(spec.part for spec in self.specs):
            columns.add("parts")
        if self.totals:
            columns |= {"people_reached", "people_reached_approximate"}
        return sorted(columns)

    def _facet_sql(self, i: int, spec: FacetSpec) -> tuple[str, list]:
        """One facet's (value, count) rows over set `i`. A long facet gives its top ones,
        those selected, and a row (key#) counting the values that have results."""
        counts, params = self._counts_sql(i, spec)
        head = f"SELECT {i}, '{spec.key}', c.v::text, c.n, NULL::numeric"
        if not spec.top:
            return f"{head} FROM ({counts}) c", params
        top = f"SELECT * FROM c ORDER BY c.n DESC, c.v LIMIT {spec.top}"
        return (
            f"WITH c AS MATERIALIZED ({counts}) {head} FROM ({top}) c "
            f"UNION ALL {head} FROM c WHERE c.v::text = ANY(%s) "
            f"UNION ALL SELECT {i}, '{spec.key}#', NULL, count(*), NULL FROM c",
            [*params, self.chosen.get(spec.key, [])],
        )

    def _coupled(self, spec: FacetSpec) -> PartnerCondition | None:
        """For a partner facet, the other partner filters in use, which its counts must
        meet in the same participation."""
        others = self._partner_condition(without=spec.key) if spec.part else None
        return others if others is not None and others.keys else None

    def _reads_participations(self, name: str | None) -> bool:
        """Whether the counts of a set read its participations (`t`)."""
        return bool(name is None and self.totals) or any(self._coupled(spec) for spec in self.sets[name])

    def _counts_sql(self, i: int, spec: FacetSpec) -> tuple[str, list]:
        """(v, n) rows: each value of the facet and its count over set `i`. Arrays are
        unnested in the select list (a ProjectSet: twice as fast as a lateral join)."""
        column = f"s.{spec.column}"
        others = self._coupled(spec)
        if others is not None:
            # Coupled: count the projects with a participation that matches the other
            # partner filters, by this facet's field of that participation.
            condition, params = others.token_sql(TOKEN_COLUMNS)
            field = f"t.{TOKEN_FIELDS[spec.part - 1]}"
            if spec.shape == "flag":
                field = f"({field} NOT IN ('', '0'))::text"
            pairs = f"SELECT DISTINCT t.id, {field} AS v FROM t WHERE t.s{i} AND {condition}"
            return f"SELECT d.v, count(*) AS n FROM ({pairs}) d GROUP BY d.v", params
        if spec.shape == "array" and spec.grouped:
            # Few distinct arrays (combinations of themes, say): group the rows by their
            # array first, then count each element once per group.
            grouped = f"SELECT {column} AS a, count(*) AS n FROM s WHERE s{i} GROUP BY {column}"
            values = f"SELECT unnest(g.a) AS v, g.n FROM ({grouped}) g"
            return f"SELECT u.v, sum(u.n)::bigint AS n FROM ({values}) u GROUP BY u.v", []
        values = f"SELECT unnest({column}) AS v FROM s WHERE s{i}"
        return {
            "array": f"SELECT u.v, count(*) AS n FROM ({values}) u GROUP BY u.v",
            "value": f"SELECT {column} AS v, count(*) AS n FROM s WHERE s{i} GROUP BY {column}",
            "flag": f"SELECT 'true' AS v, count(*) FILTER (WHERE {column}) AS n FROM s WHERE s{i}",
        }[spec.shape], []

    def _tokens(self, sets: int, needed: list[int]) -> str:
        """t: the participations of the rows of the `needed` sets, one row each, split
        into their fields once for every count that reads them."""
        flags = ", ".join(f"u.s{i}" for i in range(sets))
        fields = ", ".join(f"{sql} AS {name}" for name, sql in token_fields("u.x").items())
        flagged = ", ".join(f"s.s{i}" for i in range(sets))
        rows = " OR ".join(f"s.s{i}" for i in needed)
        participations = f"SELECT s.{self.pk} AS id, {flagged}, unnest(s.parts) AS x FROM s WHERE {rows}"
        return f"SELECT u.id, {flags}, {fields} FROM ({participations}) u"

    def _partner_condition(self, *, without: str | None = None) -> PartnerCondition | None:
        if isinstance(self.filterset, ProjectFilter):
            return self.filterset.partner_condition(without=without)
        return None

    def _totals_sql(self, i: int) -> list[tuple[str, list]]:
        """Money and in-kind contributions of the participations matching the partner
        filters; people reached."""
        condition, params = self._partner_condition().token_sql(TOKEN_COLUMNS)
        matching = f"FROM t WHERE t.s{i} AND {condition}"
        return [
            (
                f"SELECT {i}, '$cash', t.currency, count(*), sum(t.amount::numeric) "
                f"{matching} AND t.currency <> '' GROUP BY t.currency",
                params,
            ),
            (f"SELECT {i}, '$in_kind', NULL::text, count(*), NULL::numeric {matching} AND t.in_kind = '1'", params),
            (
                f"SELECT {i}, '$people', bool_or(s.people_reached_approximate)::text, count(*), "
                f"sum(s.people_reached) FROM s WHERE s{i}",
                [],
            ),
        ]


def _count_sets(counter: _Counter) -> dict[str | None, _SetCounts]:
    """Every set counted exactly when together they are small; otherwise from the sample
    first, then exactly those sets that are small."""
    names = list(counter.sets)
    if not large(counter.filterset.facet_model):
        return counter.count(names)
    # The planner's guess decides what to try first; the cap bounds a wrong guess.
    if counter.planned(names) <= EXACT_UP_TO:
        results = counter.count(names, cap=2 * EXACT_UP_TO)
        if results is not None:
            return results
    results = counter.count(names, sample=True)
    # Counted exactly: the sets that are small and cheap to read (a small set found by
    # filtering a large one on the heap keeps its estimate).
    small = [
        name
        for name in names
        if results[name].rows * SAMPLE_MODULUS <= EXACT_UP_TO and counter.planned([name]) <= EXACT_UP_TO
    ]
    if small:
        results.update(counter.count(small))
    return results


def count(filterset: FacetedFilterSet, *, totals: bool = False) -> Counted:
    """The number of results, the facets and the totals of a valid filterset."""
    specs = list(filterset.facets)
    counter = _Counter(filterset, specs, totals)
    results = _count_sets(counter)
    base = results[None]
    return Counted(
        count=base.rows * base.scale,
        estimated=base.estimated,
        facets=_facets(filterset, specs, counter, results),
        totals=_totals(base) if totals else None,
    )


def _totals(base: _SetCounts) -> Totals:
    scale = base.scale
    if scale == 1:
        return Totals(base.rows, base.cash, base.in_kind, base.people, base.approximate)
    return Totals(
        projects=base.rows * scale,
        cash={currency: round(amount * scale, -3) for currency, amount in base.cash.items()},
        in_kind=base.in_kind * scale,
        people_reached=round(base.people * scale, -3),
        people_reached_approximate=True,
        estimated=True,
    )


def estimate_display(count: int, scale: int) -> str:
    if scale == 1:
        return grouped(count)
    if count == 0:
        return "<" + grouped(scale)
    estimate = count * scale
    return "≈" + grouped(round(estimate, -len(str(estimate)) + 2))


class _Toggles:
    """The list's query string with a choice of one facet added or removed, on page 1:
    the links of that facet's choices (the query is read once for all of them)."""

    def __init__(self, data: QueryDict, key: str):
        self.key = key
        self.others = [(name, values) for name, values in data.lists() if name not in {key, "page"}]
        self.chosen = data.getlist(key)

    def url(self, value: str) -> str:
        chosen = [v for v in self.chosen if v != value] if value in self.chosen else [*self.chosen, value]
        pairs = sorted([*self.others, *([(self.key, chosen)] if chosen else [])])
        return "?" + urlencode(pairs, doseq=True)


def _options(
    spec: FacetSpec, filter_, counts: dict[str, int], chosen: list[str], every: bool = False
) -> list[tuple[str, str, str]]:
    """(value in the facet table, value in the query string, label) of a facet's choices,
    in the order shown: the filter's choices, or for a long facet the `chosen` values and
    the top ones by count (or, `every`, each country in use: an estimate may miss a rare one)."""
    if isinstance(filter_, BooleanFilter):
        return [("true", "true", _("Yes"))]
    if "choices" in filter_.extra:
        return [(spec.stored.get(value, value), value, label) for value, label in filter_.extra["choices"]]
    if not spec.top:
        records = filter_.queryset
        return [(str(record.pk), getattr(record, filter_.field.to_field_name), str(record)) for record in records]
    ranked = sorted((value for value, n in counts.items() if n and value not in chosen), key=lambda v: -counts[v])
    shown = [*chosen, *ranked[: spec.top]]
    if spec.key == "organisation":
        rows = Organisation.objects.filter(pk__in=shown).values_list("pk", "slug", "name")
        options = {str(pk): (str(pk), slug, name) for pk, slug, name in rows}
        return [options[value] for value in shown if value in options]
    countries = Country.objects.all() if every else Country.objects.filter(pk__in=shown)
    if every and spec.key == "hq":
        countries = countries.filter(Exists(Organisation.objects.filter(hq_country=OuterRef("pk"))))
    elif every:
        countries = countries.filter(Exists(Project.countries.through.objects.filter(country=OuterRef("pk"))))
    names = {code: country_name(code, name) for code, name in countries.values_list("pk", "name")}
    return sorted(((code, code, name) for code, name in names.items()), key=lambda option: option[2])


def _facets(
    filterset: FacetedFilterSet, specs: list[FacetSpec], counter: _Counter, results, every=False
) -> list[Facet]:
    facets = []
    data = filterset.data
    for spec in specs:
        counted = results[spec.key if spec.key in counter.sets else None]
        counts = counted.values.get(spec.key, {})
        selected = data.getlist(spec.key)
        options = _options(spec, filterset.filters[spec.key], counts, counter.chosen.get(spec.key, []), every)
        toggles = _Toggles(data, spec.key)
        choices = [
            Choice(
                value=query_value,
                label=str(label),
                count=counts.get(value, 0) * counted.scale,
                selected=query_value in selected,
                url=toggles.url(query_value),
                display=estimate_display(counts.get(value, 0), counted.scale),
            )
            for value, query_value, label in options
        ]
        shown = sum(1 for value, _query, _label in options if counts.get(value))
        more = counted.groups[spec.key] - shown if spec.top else 0
        facets.append(
            Facet(spec.key, str(filterset.filters[spec.key].label), choices, estimated=counted.estimated, more=more)
        )
    return facets


# The choices page lists at most this many, by count.
MAX_CHOICES = 300


def long_facets(filter_class: type[FacetedFilterSet]) -> set[str]:
    """The facets that show only their top choices in the sidebar."""
    return {spec.key for spec in filter_class.facets if spec.top}


def all_choices(filterset: FacetedFilterSet, key: str) -> Facet:
    """Every choice of one facet that has results (the most frequent MAX_CHOICES), and
    those selected: what a long facet leaves out of the sidebar."""
    spec = replace(next(spec for spec in filterset.facets if spec.key == key), top=MAX_CHOICES)
    counter = _Counter(filterset, [spec], totals=False)
    return _facets(filterset, [spec], counter, _count_sets(counter), every=True)[0]


def project_counts(filterset: ProjectFilter) -> Counted:
    return count(filterset, totals=True)


def organisation_counts(filterset: OrganisationFilter) -> Counted:
    return count(filterset)


@dataclass
class ActiveFilter:
    label: str
    remove_url: str


def _in_use(label, value) -> str:
    return _("%(filter)s: %(value)s") % {"filter": label, "value": value}


def active_filters(filterset: FacetedFilterSet, facets: list[Facet]) -> list[ActiveFilter]:
    """Every filter in use, each with a link that removes it."""
    active = [
        ActiveFilter(_in_use(facet.label, choice.label), choice.url)
        for facet in facets
        for choice in facet.choices
        if choice.selected
    ]
    faceted = {facet.key for facet in facets} | {"sort", *PAGE_KEYS}
    for key, values in filterset.data.lists():
        if key in faceted or not values[0]:
            continue
        query = filterset.data.copy()
        query.pop(key)
        query.pop("page", None)
        filter_ = filterset.filters[key]
        value = values[0]
        if isinstance(filter_, BooleanFilter):
            value = _("Yes") if value == "true" else _("No")
        active.append(ActiveFilter(_in_use(filter_.label, value), link(query)))
    return active
