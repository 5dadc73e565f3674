import datetime
import re

from django.db.models import Max, Prefetch
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.citations import number_notes
from core.dates import plausible
from core.models import Source
from core.versioned_cache import cached

from .models import ChairTerm, CouncilInteraction, GroupName, Membership, WorkingGroup, WorkingGroupLead
from .timeline import timeline

PARTIAL_DAY = re.compile(r"(\d{4})(?:-(\d{1,2}))?")


def _day(raw: str | None, notices: list[str]) -> datetime.date:
    """The day asked for: a date, or a year or a year-month, read as its first day (and
    said so); today, with a notice, for anything else."""
    today = timezone.localdate()
    if not raw:
        return today
    raw = raw.strip()
    partial = PARTIAL_DAY.fullmatch(raw)
    try:
        day = datetime.date(int(partial[1]), int(partial[2] or 1), 1) if partial else datetime.date.fromisoformat(raw)
    except ValueError:
        notices.append(_("“%(value)s” is not a date (YYYY-MM-DD); showing today.") % {"value": raw[:40]})
        return today
    if not plausible(day):
        notices.append(_("Choose a date between 1900 and 2100; showing today."))
        return today
    if partial:
        notices.append(_("“%(value)s” is read as %(day)s.") % {"value": raw, "day": date_format(day, "DATE_FORMAT")})
    return day


def confirmed_on() -> datetime.date | None:
    """The latest date a source of the group's records was published or retrieved: what
    the portal knows of the group is as of that day."""
    dated = Source.objects.filter(citations__content_type__app_label="gmg")
    return dated.aggregate(latest=Max(Coalesce("retrieved", "published")))["latest"]


def _change_days() -> list[datetime.date]:
    """Every day on which the group's name, members or chair changed."""
    one = datetime.timedelta(days=1)
    days = set(GroupName.objects.values_list("start", flat=True))
    for model in (Membership, ChairTerm):
        for start, end in model.objects.values_list("start", "end"):
            days.add(start)
            if end is not None:
                days.add(end + one)
    return sorted(days)


@require_safe
def group_on(request):
    notices: list[str] = []
    day = _day(request.GET.get("on"), notices)
    if len(request.GET.getlist("on")) > 1:
        notices.append(_("“on” was given more than once; used the first date."))
    unknown = sorted(set(request.GET) - {"on"})
    if unknown:
        notices.append(_("Ignored: %(keys)s.") % {"keys": ", ".join(f"“{key[:40]}”" for key in unknown)})

    def body() -> str:
        name = GroupName.objects.on(day).first()
        chair = ChairTerm.objects.on(day).select_related("organisation").first()
        members = list(
            Membership.objects.on(day).select_related("organisation").order_by("start", "organisation__name")
        )
        context = {
            "day": day,
            "name": name,
            "members": members,
            "chair": chair,
            "changes": _previous_and_next(day),
            "council": CouncilInteraction.objects.all(),
            "notes": number_notes([record for record in (name, chair, *members) if record is not None]),
            "confirmed": confirmed_on(),
        }
        return render_to_string("gmg/group_body.html", context)

    context = {
        "day": day,
        "notices": notices,
        "tl": timeline(day),
        "body": cached("gmg", day.isoformat(), compute=body),
    }
    return render(request, "gmg/group_on.html", context)


def _previous_and_next(day: datetime.date) -> dict:
    changes = _change_days()
    return {
        "previous": next((d for d in reversed(changes) if d < day), None),
        "next": next((d for d in changes if d > day), None),
        "latest": changes[-1] if changes else None,
    }


@require_safe
def chair_list(request):
    terms = ChairTerm.objects.select_related("organisation").order_by("start")
    return render(request, "gmg/chair_list.html", {"terms": terms})


@require_safe
def group_list(request):
    leads = WorkingGroupLead.objects.select_related("organisation").order_by("position")
    groups = WorkingGroup.objects.prefetch_related(Prefetch("leads", queryset=leads))
    return render(request, "gmg/group_list.html", {"groups": groups})
