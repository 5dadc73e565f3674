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
from enum import StrEnum
from functools import reduce
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib.postgres.fields import ArrayField
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, QuerySet, Value
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_filters import BooleanFilter

from core.db import reading
from core.numbers import grouped

from .facet_filters import (
    PARTICIPATION_FIELDS,
    CountedFacet,
    FacetedFilterSet,
    PartnerCondition,
    participation_fields,
)
from .models import SAMPLE_MODULUS, sampled

# Sets of results up to this size are counted exactly; larger ones are estimated.
EXACT_UP_TO = 10_000
# Tables up to this size are always counted exactly (no sample pass).
SAMPLE_ABOVE = 50_000
# The fields of the participations in `t` (see _Counter._tokens).
TOKEN_COLUMNS = {name: f"t.{name}" for name in PARTICIPATION_FIELDS}
# The same fields, split out of the participation tokens `u.x` (see _Counter._tokens).
TOKEN_FIELDS = participation_fields("u.x")


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
    counts: dict[str, int] | None = None  # a mapped facet: every value's count (scaled)
    scale: int = 1  # > 1: the counts are estimates from the sample


@dataclass
class Counted:
    """What a list's filters give: the number of results, facets and (projects) totals."""

    count: int
    estimated: bool
    facets: list[Facet]
    totals: Totals | None = None


class Row(StrEnum):
    """What a row of the counting statement holds: (set, Row, facet, value, count, amount)."""

    RESULTS = "results"  # how many rows the set holds (set -1: all the sets together)
    CHOICE = "choice"  # a facet's value and its count
    CHOICES = "choices"  # how many values of a long facet have results
    CASH = "cash"  # a currency (value) and the sum of the contributions in it (amount)
    IN_KIND = "in_kind"  # how many contributions in kind
    PEOPLE = "people"  # people reached (amount); value: whether any figure is approximate


@dataclass
class _SetCounts:
    """The counts over one set of rows (the results, or the results but one filter)."""

    rows: int = 0
    values: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    choices: dict[str, int] = field(default_factory=dict)  # a long facet: how many of its values have results
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
    return [_as_text(getattr(value, "pk", value)) for value in values]


def _as_text(value) -> str:
    """A value of the facet table as the counts read it (PostgreSQL's text of it)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def large(model) -> bool:
    """Whether the table holds more rows than SAMPLE_ABOVE (by PostgreSQL's statistics)."""
    with reading(model).cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return bool(row) and row[0] > SAMPLE_ABOVE


class _Counter:
    """Builds and runs the one statement that counts several sets of rows at once: each
    set is a boolean column of a materialised scan, each count a GROUP BY over it."""

    def __init__(self, filterset: FacetedFilterSet, specs: list[CountedFacet], totals: bool):
        self.filterset = filterset
        self.specs = specs
        self.totals = totals
        given = filterset.given_values
        # A long facet's selected values (as the facet table holds them), counted whatever their rank.
        self.chosen = {spec.key: _table_values(given.get(spec.key, [])) for spec in specs if spec.top}
        # The set every facet not in use counts over (None), and one per facet in use.
        self.sets: dict[str | None, list[CountedFacet]] = {None: [spec for spec in specs if spec.key not in given]}
        self.sets.update({spec.key: [spec] for spec in specs if spec.key in given})
        # What each set is: the results with every filter but one (None: with all of them),
        # on the facet table, and the partner filters that its participations must meet.
        self.conditions = filterset.conditions_without(list(self.sets))
        partner_keys = [None, *(spec.key for spec in specs if spec.participation)]
        self.partner_conditions = filterset.partner_conditions_without(partner_keys)
        self.search = filterset.search_q()

    def rows(self, names: list[str | None], *, sample: bool = False) -> QuerySet:
        """The rows in any of these sets (of the sample's only, with `sample`), each with a
        flag per set (s0, s1...)."""
        model = self.filterset.facet_model
        rows = model.objects.filter(sampled(model._meta.pk.name)) if sample else model.objects.all()
        flags = {f"s{i}": self.conditions[name] for i, name in enumerate(names)}
        rows = rows.filter(self.search)
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
        results = f"'{Row.RESULTS}', NULL, NULL::text, count(*), NULL::numeric FROM s"
        selects: list[tuple[str, list]] = [(f"SELECT -1, {results}", [])]
        for i, name in enumerate(names):
            selects.append((f"SELECT {i}, {results} WHERE s{i}", []))
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
            for index, row, key, value, n, amount in cursor.fetchall():
                if index < 0:
                    if cap is not None and n > cap:
                        return None
                    continue
                into = counts[names[index]]
                match row:
                    case Row.RESULTS:
                        into.rows = n
                    case Row.CHOICE:
                        into.values[key][value] = n
                    case Row.CHOICES:
                        into.choices[key] = n
                    case Row.CASH:
                        into.cash[value] = amount
                    case Row.IN_KIND:
                        into.in_kind = n
                    case Row.PEOPLE:
                        into.people, into.approximate = amount or Decimal(0), value == "true"
        return counts

    @property
    def pk(self) -> str:
        return self.filterset.facet_model._meta.pk.attname

    @property
    def columns(self) -> list[str]:
        """The facet table's columns the counts read."""
        columns = {self.pk, *(spec.column for spec in self.specs)}
        if any(spec.participation for spec in self.specs):
            columns.add("participations")
        if self.totals:
            columns |= {"people_reached", "people_reached_approximate"}
        return sorted(columns)

    def _facet_sql(self, i: int, spec: CountedFacet) -> tuple[str, list]:
        """One facet's (value, count) rows over set `i`. A long facet gives its top ones
        (a mapped one, all), those selected, and a row counting the values that have results."""
        counts, params = self._counts_sql(i, spec)
        head = f"SELECT {i}, '{Row.CHOICE}', '{spec.key}', c.v::text, c.n, NULL::numeric"
        if not spec.top:
            return f"{head} FROM ({counts}) c", params
        top = "SELECT * FROM c" if spec.mapped else f"SELECT * FROM c ORDER BY c.n DESC, c.v LIMIT {spec.top}"
        return (
            f"WITH c AS MATERIALIZED ({counts}) {head} FROM ({top}) c "
            f"UNION ALL {head} FROM c WHERE c.v::text = ANY(%s) "
            f"UNION ALL SELECT {i}, '{Row.CHOICES}', '{spec.key}', NULL, count(*), NULL FROM c",
            [*params, self.chosen.get(spec.key, [])],
        )

    def _other_partner_filters(self, spec: CountedFacet) -> PartnerCondition | None:
        """For a partner facet, the other partner filters in use, which its counts must
        meet in the same participation."""
        others = self.partner_conditions[spec.key] if spec.participation else None
        return others if others is not None and others.keys else None

    def _reads_participations(self, name: str | None) -> bool:
        """Whether the counts of a set read its participations (`t`)."""
        return bool(name is None and self.totals) or any(self._other_partner_filters(spec) for spec in self.sets[name])

    def _counts_sql(self, i: int, spec: CountedFacet) -> tuple[str, list]:
        """(v, n) rows: each value of the facet and its count over set `i`. Arrays are
        unnested in the select list (a ProjectSet: twice as fast as a lateral join)."""
        column = f"s.{spec.column}"
        others = self._other_partner_filters(spec)
        if others is not None:
            # Count the projects with a participation that matches the other partner
            # filters, by this facet's field of that participation.
            condition, params = others.token_sql(TOKEN_COLUMNS)
            field = f"t.{spec.participation}"
            if spec.shape == "flag":
                field = f"({field} NOT IN ('', '0'))::text"
            pairs = f"SELECT DISTINCT t.id, {field} AS v FROM t WHERE t.s{i} AND {condition}"
            return f"SELECT d.v, count(*) AS n FROM ({pairs}) d GROUP BY d.v", params
        if spec.shape == "array" and not spec.many_combinations:
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
        fields = ", ".join(f"{sql} AS {name}" for name, sql in TOKEN_FIELDS.items())
        flagged = ", ".join(f"s.s{i}" for i in range(sets))
        rows = " OR ".join(f"s.s{i}" for i in needed)
        participations = f"SELECT s.{self.pk} AS id, {flagged}, unnest(s.participations) AS x FROM s WHERE {rows}"
        return f"SELECT u.id, {flags}, {fields} FROM ({participations}) u"

    def _totals_sql(self, i: int) -> list[tuple[str, list]]:
        """Money and in-kind contributions of the participations matching the partner
        filters; people reached."""
        condition, params = self.partner_conditions[None].token_sql(TOKEN_COLUMNS)
        matching = f"FROM t WHERE t.s{i} AND {condition}"
        return [
            (
                f"SELECT {i}, '{Row.CASH}', NULL, t.currency, count(*), sum(t.amount::numeric) "
                f"{matching} AND t.currency <> '' GROUP BY t.currency",
                params,
            ),
            (
                f"SELECT {i}, '{Row.IN_KIND}', NULL, NULL::text, count(*), NULL::numeric "
                f"{matching} AND t.in_kind = '1'",
                params,
            ),
            (
                f"SELECT {i}, '{Row.PEOPLE}', NULL, bool_or(s.people_reached_approximate)::text, count(*), "
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


def count(filterset: FacetedFilterSet, *, facets: bool = True) -> Counted:
    """The number of results, the facets and (`with_totals`) the totals of a filterset;
    without `facets`, the number of results alone."""
    specs = filterset.counted_facets() if facets else []
    totals = filterset.with_totals and facets
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


class Option(NamedTuple):
    """A choice of a facet: its value in the facet table (as the counts read it), in the
    query string, and its label."""

    stored: str
    value: str
    label: str


def _options(
    spec: CountedFacet, filterset: FacetedFilterSet, counts: dict[str, int], chosen: list[str], every: bool = False
) -> list[Option]:
    """A facet's choices, in the order shown: the filter's choices, or for a long facet
    the `chosen` values and the top ones by count. A long facet listed by name lists,
    `every`, each record in use (an estimate may miss a rare one)."""
    filter_ = filterset.filters[spec.key]
    if isinstance(filter_, BooleanFilter):
        return [Option("true", "true", _("Yes"))]
    if "choices" in filter_.extra:
        choices = filter_.extra["choices"]
        return [Option(_as_text(spec.column_values.get(value, value)), value, label) for value, label in choices]
    records = filter_.queryset
    if spec.top:
        found = (value for value, n in counts.items() if n and value not in chosen)
        ranked = sorted(found, key=lambda v: (-counts[v], v or ""))
        listed = [*chosen, *ranked[: spec.top]]
        if every and spec.by_name:
            records = records.filter(Exists(_rows_holding(filterset.facet_model, spec, OuterRef("pk"))))
        else:
            records = records.filter(pk__in=listed)
    key = filter_.field.to_field_name
    options = [Option(str(record.pk), getattr(record, key), str(record)) for record in records]
    if not spec.top:
        return options
    if spec.by_name:
        return sorted(options, key=lambda option: option.label)
    by_value = {option.stored: option for option in options}
    return [by_value[value] for value in listed if value in by_value]


def _rows_holding(facet_model, spec: CountedFacet, value) -> QuerySet:
    """The facet table's rows whose column holds `value` (an array column: among its elements)."""
    if isinstance(facet_model._meta.get_field(spec.field_name), ArrayField):
        return facet_model.objects.filter(**{f"{spec.field_name}__contains": [value]})
    return facet_model.objects.filter(**{spec.field_name: value})


def _facets(
    filterset: FacetedFilterSet, specs: list[CountedFacet], counter: _Counter, results, every=False
) -> list[Facet]:
    facets = []
    data = filterset.data
    for spec in specs:
        counted = results[spec.key if spec.key in counter.sets else None]
        counts = counted.values.get(spec.key, {})
        selected = data.getlist(spec.key)
        options = _options(spec, filterset, counts, counter.chosen.get(spec.key, []), every)
        toggles = _Toggles(data, spec.key)
        choices = [
            Choice(
                value=option.value,
                label=str(option.label),
                count=counts.get(option.stored, 0) * counted.scale,
                selected=option.value in selected,
                url=toggles.url(option.value),
                display=estimate_display(counts.get(option.stored, 0), counted.scale),
            )
            for option in options
        ]
        listed = sum(1 for option in options if counts.get(option.stored))
        more = counted.choices[spec.key] - listed if spec.top else 0
        facets.append(
            Facet(
                spec.key,
                str(filterset.filters[spec.key].label),
                choices,
                estimated=counted.estimated,
                more=more,
                counts={value: n * counted.scale for value, n in counts.items()} if spec.mapped else None,
                scale=counted.scale,
            )
        )
    return facets


# The choices page lists at most this many, by count.
MAX_CHOICES = 300


def long_facets(filter_class: type[FacetedFilterSet]) -> set[str]:
    """The facets that show only their top choices in the sidebar."""
    return {spec.key for spec in filter_class.counted_facets() if spec.top}


def all_choices(filterset: FacetedFilterSet, key: str) -> Facet:
    """Every choice of one facet that has results (the most frequent MAX_CHOICES), and
    those selected: what a long facet leaves out of the sidebar."""
    spec = replace(next(spec for spec in filterset.counted_facets() if spec.key == key), top=MAX_CHOICES)
    counter = _Counter(filterset, [spec], totals=False)
    return _facets(filterset, [spec], counter, _count_sets(counter), every=True)[0]
