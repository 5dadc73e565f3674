"""Data quality: what complete records have, how many miss it, and how that changes.

Each project and organisation is checked in its facet row (its `gaps`, the checks that
apply, its completeness), so that a check is a filter of the ordinary lists
(`?missing=theme`). What fails each check is written in sql/facet_rows.sql, its label is
the facet model's Gap choice. The counts are QualityCount rows, kept by the same triggers:
reading them costs a few rows at any size (each row is a day's change; the counts are
their sums), and the sums at the end of each month are the trend.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Model, Sum
from django.urls import reverse

from core.citations import cited
from gmg.models import ChairTerm, GroupName, Membership

from .models import (
    Organisation,
    OrganisationFacets,
    Person,
    Project,
    ProjectFacets,
    QualityCount,
    Quote,
    Unstated,
)

SCOPES = {"project": ProjectFacets.Gap, "organisation": OrganisationFacets.Gap}
LISTS = {"project": "partnerships:projects", "organisation": "partnerships:organisations"}
MODELS = {"project": Project, "organisation": Organisation}
TREND_MONTHS = 12


@dataclass(frozen=True)
class Share:
    passed: int
    checks: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.passed / self.checks) if self.checks else None


@dataclass(frozen=True)
class Check:
    label: str
    count: int
    url: str  # the records that fail it
    admin_url: str = ""  # for those who may edit them: the admin's list of them
    unstated: int = 0  # passed because the sources do not state the fact (models.Unstated)
    unstated_admin_url: str = ""


@dataclass(frozen=True)
class Scope:
    records: int
    share: Share
    checks: list[Check]


def _latest() -> dict[str, dict[str, int]]:
    """The counts now of each scope (the sums of every day's changes): {scope: {measure: value}}."""
    counts = {
        scope: dict.fromkeys(["records", "checks", "passed", *(f"gap:{gap}" for gap in gaps)], 0)
        for scope, gaps in SCOPES.items()
    }
    totals = QualityCount.objects.values_list("scope", "measure").annotate(total=Sum("value")).order_by()
    for scope, measure, total in totals:
        if scope in counts:
            counts[scope][measure] = total
    return counts


def scopes(user, *, unstated: bool = False) -> dict[str, Scope]:
    """Projects' and organisations' checks, each with how many records fail it and a
    link to them in their list (and in the admin, for those who may see it there);
    `unstated`: with how many pass it as not stated in the sources."""
    result = {}
    not_stated = dict(Unstated.objects.values_list("fact").annotate(n=Count("pk")).order_by()) if unstated else {}
    for scope, measures in _latest().items():
        url, model = reverse(LISTS[scope]), MODELS[scope]
        checks = [
            Check(
                label,
                measures.get(f"gap:{gap}", 0),
                f"{url}?missing={gap}",
                admin_list(model, f"missing={gap}", user),
                not_stated.get(gap, 0),
                admin_list(Unstated, f"fact__exact={gap}", user) if not_stated.get(gap) else "",
            )
            for gap, label in SCOPES[scope].choices
        ]
        share = Share(measures.get("passed", 0), measures.get("checks", 0))
        result[scope] = Scope(measures.get("records", 0), share, checks)
    return result


def overall(found: dict[str, Scope]) -> Share:
    return Share(sum(s.share.passed for s in found.values()), sum(s.share.checks for s in found.values()))


def admin_list(model: type[Model], query: str, user) -> str:
    """The admin's list of `model` filtered by `query`, for a user who may see it there
    (staff, with the view permission: a viewer's link would end on "not authorized")."""
    if not (
        user.is_active and user.is_staff and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ):
        return ""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + "?" + query


# Other facts without a citation (projects, their contributions and figures, and
# organisations are checked in their lists), and their list in the portal, if any.
UNCITED = [(Quote, "partnerships:quotes"), (Person, ""), (GroupName, ""), (Membership, ""), (ChairTerm, "")]


def uncited_counts() -> list[int]:
    return [model.objects.filter(~cited(model)).count() for model, _list in UNCITED]


def uncited(counts: list[int], user) -> list[Check]:
    return [
        Check(
            str(model._meta.verbose_name_plural).capitalize(),
            count,
            f"{reverse(list_name)}?cited=false" if list_name else "",
            admin_list(model, "cited=no", user),
        )
        for (model, list_name), count in zip(UNCITED, counts, strict=True)
    ]


def trend(today: datetime.date, months: int = TREND_MONTHS) -> list[tuple[datetime.date, Share]]:
    """The share of checks passed at the end of each of the last `months` months (this
    one: today), from the first month with counts."""
    changes = (
        QualityCount.objects.filter(measure__in=["passed", "checks"], day__lte=today)
        .values_list("day", "measure")
        .annotate(change=Sum("value"))
        .order_by("day")
    )
    rows = iter(changes)
    row = next(rows, None)
    held = {"passed": 0, "checks": 0}  # the sums of the changes so far
    points, seen = [], False
    month = _month(today, -(months - 1))
    while month <= today:
        following = _month(month, 1)
        while row is not None and row[0] < following:
            held[row[1]] += row[2]
            seen = True
            row = next(rows, None)
        if seen:
            points.append((month, Share(held["passed"], held["checks"])))
        month = following
    return points


def _month(day: datetime.date, add: int) -> datetime.date:
    """The first day of the month `add` months after `day`'s."""
    index = day.year * 12 + day.month - 1 + add
    return datetime.date(index // 12, index % 12 + 1, 1)
