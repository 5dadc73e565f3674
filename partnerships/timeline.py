"""An organisation's history in date order: its projects and contributions, GMG
membership, chair terms, working-group roles, quotes, awards and publications.

Each entry keeps its date at the precision the source gives; entries without a date
come last. Queries are fixed in number, however long the history.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse

from gmg.models import ChairTerm, Membership, WorkingGroupLead

from .dates import format_partial
from .models import Organisation, Participation, Publication, Quote


@dataclass
class Entry:
    date: datetime.date | None
    precision: str
    kind: str
    title: str
    url: str = ""
    details: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def date_display(self) -> str:
        return format_partial(self.date, self.precision) or "Undated"

    @property
    def sort_key(self):
        return (self.date is None, self.date or datetime.date.max, self.title)


def _money(part: Participation) -> str:
    return f"{part.currency} {part.amount:,.0f}" if part.amount is not None else ""


# Past this many projects, the timeline counts them per year instead of listing each.
SUMMARY_THRESHOLD = 100


def _projects_per_year(org: Organisation) -> list[Entry]:
    rows = (
        Participation.objects.filter(organisation=org)
        .annotate(year=ExtractYear(Coalesce("start", "project__start")))
        .values("year")
        .annotate(projects=Count("project", distinct=True), funded=Count("pk", filter=Q(amount__isnull=False)))
        .order_by("year")
    )
    entries = []
    for row in rows:
        year = row["year"]
        query = {"organisation": org.slug} | ({"active_from": year, "active_to": year} if year else {})
        details = [f"{row['funded']:,} with a cash contribution"] if row["funded"] else []
        date = datetime.date(year, 1, 1) if year else None
        title = f"{row['projects']:,} projects starting" if year else f"{row['projects']:,} projects without a date"
        url = reverse("partnerships:projects") + "?" + urlencode(query)
        entries.append(Entry(date, "year", "projects", title, url, details))
    return entries


def timeline(org: Organisation) -> list[Entry]:
    entries: list[Entry] = []
    quotes = Quote.objects.filter(organisation=org).select_related("person", "organisation")
    if org.participations.count() > SUMMARY_THRESHOLD:
        entries += _projects_per_year(org)
        for quote in quotes.select_related("project")[:SUMMARY_THRESHOLD]:
            project = quote.project
            date, precision = (project.start, project.start_precision) if project else (None, "day")
            entries.append(Entry(date, precision, "quote", "Quote", quotes=[quote]))
        return sorted(entries + _other_entries(org), key=lambda entry: entry.sort_key)
    participations = (
        Participation.objects.filter(organisation=org)
        .select_related("project")
        .prefetch_related(Prefetch("project__quotes", queryset=quotes, to_attr="org_quotes"))
    )
    quoted_projects = set()
    for part in participations:
        project = part.project
        date, precision = (part.start, part.start_precision) if part.start else (project.start, project.start_precision)
        details = [part.get_role_display()]
        if part.amount is not None:
            details.append(f"contributed {_money(part)}")
        if part.in_kind:
            details.append(f"in kind: {part.in_kind}")
        if part.agreement:
            details.append(part.get_agreement_display())
        if part.note:
            details.append(part.note)
        entry_quotes = [] if project.pk in quoted_projects else project.org_quotes
        quoted_projects.add(project.pk)
        entries.append(
            Entry(date, precision, "project", project.title, project.get_absolute_url(), details, entry_quotes)
        )

    for quote in quotes.filter(project__isnull=True):
        entries.append(Entry(None, "day", "quote", "Quote", quotes=[quote]))
    return sorted(entries + _other_entries(org), key=lambda entry: entry.sort_key)


def _other_entries(org: Organisation) -> list[Entry]:
    """GMG membership, chair terms, working-group roles, awards and publications."""
    entries: list[Entry] = []
    for membership in Membership.objects.filter(organisation=org):
        entries.append(Entry(membership.start, membership.start_precision, "gmg", "Joined the Global Migration Group"))
        if membership.end:
            entries.append(Entry(membership.end, membership.end_precision, "gmg", "Left the Global Migration Group"))

    for term in ChairTerm.objects.filter(organisation=org):
        until = f"until {term.end_display}" if term.end else "open-ended"
        entries.append(Entry(term.start, term.start_precision, "chair", "Chair of the GMG", details=[until]))

    for lead in WorkingGroupLead.objects.filter(organisation=org).select_related("group"):
        entries.append(
            Entry(None, "day", "group", lead.group.name, details=[f"{lead.role} ({lead.group.get_kind_display()})"])
        )

    for award in org.awards.all():
        date = datetime.date(award.year, 1, 1) if award.year else None
        entries.append(Entry(date, "year", "award", award.name, details=[award.note] if award.note else []))

    for publication in Publication.objects.filter(organisations=org):
        details = [publication.get_kind_display()]
        entries.append(
            Entry(publication.date, publication.date_precision, "publication", publication.title, details=details)
        )

    return sorted(entries, key=lambda entry: entry.sort_key)


def works_with(org: Organisation, limit: int = 20):
    """The organisations sharing projects with `org`, most shared projects first."""
    projects = Participation.objects.filter(organisation=org).values("project")
    return (
        Organisation.objects.filter(participations__project__in=projects)
        .exclude(pk=org.pk)
        .annotate(shared=Count("participations__project", distinct=True))
        .order_by("-shared", "name")[:limit]
    )
