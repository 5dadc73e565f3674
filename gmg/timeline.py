"""The GMG timeline drawn as SVG: one bar per member agency from the day it joined,
the group's renaming marked, and the chair terms as a band on top. Geometry here,
markup in templates/gmg/timeline.html; every date on it links to the group that day."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ChairTerm, GroupName, Membership

LABEL_WIDTH = 190
PLOT_WIDTH = 620
ROW = 20
BAR = 14
TOP = 46  # room for the year axis and the chair band


@dataclass(frozen=True)
class Span:
    label: str
    title: str  # the full text, shown on hover and read by screen readers
    on: datetime.date  # the day the link opens
    x: float
    width: float
    y: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2

    @property
    def fits(self) -> bool:
        """Whether the label fits inside the bar (about 6.5 units a character)."""
        return self.width >= 6.5 * len(self.label) + 3


@dataclass(frozen=True)
class Tick:
    year: int
    x: float


@dataclass(frozen=True)
class Timeline:
    first: datetime.date
    last: datetime.date
    members: list[Span]
    chairs: list[Span]
    renamings: list[Span]  # width 0: a line
    ticks: list[Tick]
    day_x: float | None  # the date the page shows, if on the timeline

    label_width = LABEL_WIDTH
    plot_width = PLOT_WIDTH

    @property
    def width(self) -> int:
        return LABEL_WIDTH + PLOT_WIDTH + 10

    @property
    def height(self) -> float:
        return TOP + len(self.members) * ROW + 24

    @property
    def bottom(self) -> float:
        return self.height - 20


def timeline(day: datetime.date) -> Timeline:
    memberships = list(Membership.objects.select_related("organisation").order_by("start", "organisation__name"))
    terms = list(ChairTerm.objects.select_related("organisation").order_by("start"))
    names = list(GroupName.objects.order_by("start"))
    today = timezone.localdate()
    starts = [m.start for m in memberships] + [t.start for t in terms] + [n.start for n in names]
    first = datetime.date(min(starts, default=today).year, 1, 1)
    last = datetime.date(today.year, 12, 31)
    scale = PLOT_WIDTH / ((last - first).days + 1)

    def x(date: datetime.date) -> float:
        return LABEL_WIDTH + (min(max(date, first), last) - first).days * scale

    def span(label, title, start, end, y) -> Span:
        end = min(end or today, last)
        return Span(label=label, title=title, on=start, x=x(start), width=max(2.0, x(end) - x(start)), y=y)

    members = [
        span(
            m.organisation.acronym or m.organisation.name,
            (_("%(name)s: member from %(start)s to %(end)s") if m.end else _("%(name)s: member from %(start)s"))
            % {"name": m.organisation.name, "start": m.start_display, "end": m.end_display},
            m.start,
            m.end,
            TOP + i * ROW,
        )
        for i, m in enumerate(memberships)
    ]
    chairs = [
        span(
            t.organisation.acronym or t.organisation.name,
            _("%(name)s: chair %(start)s – %(end)s")
            % {"name": t.organisation.name, "start": t.start_display, "end": t.end_display or _("today")},
            t.start,
            t.end,
            22,
        )
        for t in terms
    ]
    renamings = [
        Span(
            label=_("Renamed %(name)s") % {"name": n.name},
            title=_("Renamed %(name)s (%(date)s)") % {"name": n.name, "date": n.start_display},
            on=n.start,
            x=x(n.start),
            width=0,
            y=0,
        )
        for n in names[1:]
    ]
    ticks = [Tick(year, x(datetime.date(year, 1, 1))) for year in range(first.year, last.year + 1)]
    day_x = x(day) if first <= day <= last else None
    return Timeline(first, last, members, chairs, renamings, ticks, day_x)
