"""The Global Migration Group: its names, members, chairs, working groups and
meetings at the IOM Council, each with dates known to a day, a month or a year.

Every "as of date D" question is a QuerySet method: `GroupName.objects.on(d)`,
`Membership.objects.on(d)`, `ChairTerm.objects.on(d)`.
"""

import datetime

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import PartialDate, PartialPeriod, PrecisionField, format_partial, period_start, start_aligned
from core.i18n import translated


def admin_link(record) -> str:
    """A link to the record's admin page, named by the record."""
    url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
    return format_html('<a href="{}">{}</a>', url, record)


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


def closed_range(start: str, end: str) -> DateRange:
    """[start, end] with both days included; an empty end is open-ended."""
    return DateRange(start, end, RangeBoundary(inclusive_lower=True, inclusive_upper=True))


class GroupNameQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        return self.filter(start__lte=day).order_by("-start")


class GroupName(models.Model):
    """The group's name from a date on (Geneva Migration Group, then Global Migration Group)."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    start = models.DateField(_("start"), unique=True)
    start_precision = PrecisionField(_("start precision"))
    note = models.TextField(_("note"), blank=True)

    objects = GroupNameQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group name")
        verbose_name_plural = _("group names")
        ordering = ["start"]
        constraints = [start_aligned("start", "gmg_groupname_start_aligned")]

    def __str__(self):
        return _("%(name)s (from %(start)s)") % {"name": self.name, "start": self.start_display}

    def get_absolute_url(self) -> str:
        return on_day_url(self.start)

    @property
    def start_display(self) -> str:
        return format_partial(self.start, self.start_precision)

    def clean(self):
        super().clean()
        if self.start:
            self.start = period_start(self.start, self.start_precision)


class Period(PartialPeriod):
    """A period from `start` on, until `end` (inclusive; empty while it lasts)."""

    start = models.DateField(_("start"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        """The group on the period's first day."""
        return on_day_url(self.start)


def on_day_url(day: datetime.date) -> str:
    return f"{reverse('gmg:on')}?on={day.isoformat()}#h-on"


class PeriodQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def overlapping(self, start: datetime.date, end: datetime.date | None):
        """Periods sharing at least a day with [start, end] (no end: from start on)."""
        during = Q(end__isnull=True) | Q(end__gte=start)
        return self.filter(during if end is None else during & Q(start__lte=end))


def covered(periods, start: datetime.date, end: datetime.date | None) -> bool:
    """Whether the `periods` (that do not overlap) together cover every day from start to
    end (no end: every day from start on)."""
    day = start
    for period in sorted(periods, key=lambda period: period.start):
        if period.start > day:
            return False
        if period.end is None:
            return True
        day = max(day, period.end + datetime.timedelta(days=1))
        if end is not None and day > end:
            return True
    return False


class Membership(Period):
    """An organisation's membership of the group; `start` is when it joined."""

    organisation = models.ForeignKey(
        "partnerships.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="gmg_memberships",
    )
    in_published_list = models.BooleanField(
        _("in published list"),
        default=True,
        help_text=_("Named in the source's bullet list of GMG members (which omits WHO and the World Bank)."),
    )
    note_fr = models.TextField(
        _("note in French"), blank=True, help_text=_("Shown in French; the English note where empty.")
    )
    note_es = models.TextField(
        _("note in Spanish"), blank=True, help_text=_("Shown in Spanish; the English note where empty.")
    )

    objects = PeriodQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["start", "organisation__name"]
        constraints = [
            ExclusionConstraint(
                name="gmg_membership_no_overlap",
                expressions=[
                    ("organisation", RangeOperators.EQUAL),
                    (closed_range("start", "end"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("This organisation is already a member during that period."),
            ),
            *PartialPeriod.period_constraints("gmg_membership"),
        ]

    def __str__(self):
        return _("%(organisation)s (joined %(start)s)") % {
            "organisation": self.organisation,
            "start": self.start_display,
        }

    @property
    def note_shown(self) -> str:
        """The note in the active language."""
        return translated(self, "note")

    def clean(self):
        """A chair stays a member for all of its terms (see ChairTerm.clean)."""
        super().clean()
        if not (self.start and self.organisation_id):
            return
        periods = [*Membership.objects.filter(organisation_id=self.organisation_id).exclude(pk=self.pk), self]
        for term in ChairTerm.objects.filter(organisation_id=self.organisation_id):
            if not covered(periods, term.start, term.end):
                raise ValidationError(
                    {
                        "end": format_html(
                            "{} {}",
                            _("This organisation chairs the group then, and must stay a member for all of its term:"),
                            admin_link(term),
                        )
                    }
                )


class ChairTerm(Period):
    """A term as chair of the group; no two terms may overlap."""

    organisation = models.ForeignKey(
        "partnerships.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="gmg_chair_terms",
    )

    objects = PeriodQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        ordering = ["start"]
        constraints = [
            ExclusionConstraint(
                name="gmg_chairterm_no_overlap",
                expressions=[(closed_range("start", "end"), RangeOperators.OVERLAPS)],
                violation_error_message=_("Another organisation chairs the group during part of this period."),
            ),
            *PartialPeriod.period_constraints("gmg_chairterm"),
        ]

    def __str__(self):
        end = self.end_display or "…"
        return f"{self.organisation}: {self.start_display} – {end}"

    def clean(self):
        """One chair at a time, and only a member can chair: the database holds both
        rules too (gmg_chairterm_no_overlap, gmg_chair_is_member); here they get
        messages that name the records involved."""
        super().clean()
        if not (self.start and self.organisation_id):
            return
        clash = ChairTerm.objects.overlapping(self.start, self.end).exclude(pk=self.pk).first()
        if clash:
            message = _("Another organisation chairs the group during part of this period.")
            raise ValidationError({"start": format_html("{} {}", message, admin_link(clash))})
        if not covered(Membership.objects.filter(organisation_id=self.organisation_id), self.start, self.end):
            raise ValidationError(
                {
                    "organisation": _(
                        "This organisation is not a member of the group on every day of this term. "
                        "Only a member can chair the group: record its membership first."
                    )
                }
            )


class WorkingGroup(models.Model):
    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Long-term working group")
        TASK_FORCE = "task_force", _("Time-bound task force")

    name = models.CharField(_("name"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class WorkingGroupLead(models.Model):
    """An organisation leading a working group, with the role word the source uses."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="leads")
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="gmg_group_leads",
    )
    role = models.CharField(_("role"), max_length=50, help_text=_("co-chair, co-convener…"))
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in which the source names them.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group lead")
        verbose_name_plural = _("working group leads")
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "organisation"], name="gmg_workinggrouplead_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.role}, {self.group})"


class CouncilInteraction(PartialDate, models.Model):
    """The GMG invited to interact with IOM's Member States at a session of the IOM Council."""

    date = models.DateField(_("date"), unique=True)
    date_precision = PrecisionField(_("date precision"))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IOM Council interaction")
        verbose_name_plural = _("IOM Council interactions")
        ordering = ["date"]
        constraints = [start_aligned("date", "gmg_councilinteraction_date_aligned")]

    def __str__(self):
        return _("GMG at the IOM Council, %(date)s") % {"date": self.date_display}
