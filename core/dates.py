"""Dates known to a day, a month or a year.

The seed says "2006", "May 2007" and "2 May 2008". We store what is known as a date
plus its precision, and never invent a day:

- a *start* (or a single date) holds the first day of the period it names
  ("May 2007" -> 2007-05-01),
- an *end* holds the last day of its period ("June 2007" -> 2007-06-30),

so that "was it going on at date D?" is a plain range test, and the display shows
the date only as precisely as it is known.
"""

import calendar
import datetime
import functools
import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractDay, ExtractMonth
from django.db.models.lookups import Exact
from django.utils import formats, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class PrecisionField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("choices", Precision.choices)
        kwargs.setdefault("default", Precision.DAY)
        super().__init__(*args, **kwargs)


def period_start(value: datetime.date, precision: str) -> datetime.date:
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def period_end(value: datetime.date, precision: str) -> datetime.date:
    if precision == Precision.YEAR:
        return value.replace(month=12, day=31)
    if precision == Precision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def format_partial(value: datetime.date | None, precision: str, language: str | None = None) -> str:
    """'2006', 'May 2007' or '2 May 2008' in `language` (by default the active one,
    which costs 2 µs to look up: loops pass it); '' when unknown."""
    if value is None:
        return ""
    return _formatted(value, precision, language or translation.get_language())


@functools.lru_cache(maxsize=100_000)
def _formatted(value: datetime.date, precision: str, language: str) -> str:
    # Kept per language: lists and exports show the same few thousand dates again and again.
    if precision == Precision.YEAR:
        return str(value.year)
    name = "YEAR_MONTH_FORMAT" if precision == Precision.MONTH else "DATE_FORMAT"
    parts = _compiled(formats.get_format(name, language))
    if parts is None:
        return formats.date_format(value, name)
    return "".join(part if isinstance(part, str) else part(value) for part in parts)


# The letters of Django's date formats that the languages here use for a date, written
# without building a DateFormat for each date (an export writes a hundred thousand).
DATE_LETTERS = {
    "j": lambda day: str(day.day),
    "d": lambda day: f"{day.day:02}",
    "n": lambda day: str(day.month),
    "m": lambda day: f"{day.month:02}",
    "F": lambda day: str(MONTHS[day.month]),
    "Y": lambda day: f"{day.year:04}",
}


@functools.lru_cache(maxsize=32)
def _compiled(format_string: str) -> tuple | None:
    """A format as literal text and DATE_LETTERS; None when it uses another letter
    (Django's own formatting then writes it)."""
    parts, escaped = [], False
    for char in format_string:
        if escaped or (not char.isalpha() and char != "\\"):
            parts.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in DATE_LETTERS:
            parts.append(DATE_LETTERS[char])
        else:
            return None
    return tuple(parts)


PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial(text: str, *, end: bool = False) -> tuple[datetime.date, str]:
    """'2006' / '2007-05' / '2008-05-02' -> (date, precision); an end takes the last day."""
    match = PARTIAL_DATE.match(text)
    if match is None:
        raise ValueError(f"Not a year, year-month or date: {text!r}")
    year, month, day = match.groups()
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    value = datetime.date(int(year), int(month or 1), int(day or 1))
    return (period_end(value, precision) if end else value), precision


def start_aligned(field: str, name: str) -> models.CheckConstraint:
    """A start known to a month or a year holds the first day of that period."""
    precision = f"{field}_precision"
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{precision: Precision.DAY})
        | Q(**{precision: Precision.MONTH, f"{field}__day": 1})
        | Q(**{precision: Precision.YEAR, f"{field}__day": 1, f"{field}__month": 1}),
        name=name,
    )


def end_aligned(field: str, name: str) -> models.CheckConstraint:
    """An end known to a month or a year holds the last day of that period."""
    precision = f"{field}_precision"
    next_day = F(field) + timedelta(days=1)
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{precision: Precision.DAY})
        | Q(Exact(ExtractDay(next_day), 1), **{precision: Precision.MONTH})
        | Q(Exact(ExtractDay(next_day), 1), Exact(ExtractMonth(next_day), 1), **{precision: Precision.YEAR}),
        name=name,
    )


class PartialPeriod(models.Model):
    """A start and an end, each known to a day, a month or a year (see dates.py)."""

    start = models.DateField(_("start"), null=True, blank=True)
    start_precision = PrecisionField(_("start precision"))
    end = models.DateField(_("end"), null=True, blank=True)
    end_precision = PrecisionField(_("end precision"))

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.start:
            self.start = period_start(self.start, self.start_precision)
        if self.end:
            self.end = period_end(self.end, self.end_precision)
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("The end cannot be before the start.")})

    @property
    def start_display(self) -> str:
        return format_partial(self.start, self.start_precision)

    @property
    def end_display(self) -> str:
        return format_partial(self.end, self.end_precision)

    @classmethod
    def period_constraints(cls, prefix: str) -> list[models.BaseConstraint]:
        return [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(start__lte=F("end")),
                name=f"{prefix}_start_before_end",
                violation_error_message=_("The end cannot be before the start."),
            ),
            start_aligned("start", f"{prefix}_start_aligned"),
            end_aligned("end", f"{prefix}_end_aligned"),
        ]


# The years the portal takes in a filter or a date (a plausible range for its records).
FIRST_YEAR, LAST_YEAR = 1900, 2100


def plausible(day: datetime.date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


# A period's fields as the admin lays them out: each date beside its precision.
PERIOD_FIELDS = [("start", "start_precision"), ("end", "end_precision")]


class PartialDate:
    """For a model with `date` and `date_precision`: how it reads, and the date kept as
    the first day of its period (as PartialPeriod does for start and end)."""

    @property
    def date_display(self) -> str:
        return format_partial(self.date, self.date_precision)

    def clean(self):
        super().clean()
        if self.date:
            self.date = period_start(self.date, self.date_precision)
