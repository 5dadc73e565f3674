"""An organisation's history in date order: its projects and contributions, GMG
membership, chair terms, working-group roles, quotes, awards and publications.

Each entry keeps its date at the precision the source gives; entries without a date
come last. Queries are fixed in number, however long the history.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import format_partial
from core.db import reading
from core.numbers import grouped
from gmg.models import ChairTerm, Membership, WorkingGroupLead

from .facet_counts import EXACT_UP_TO
from .facet_filters import participation_fields
from .models import SAMPLE_MODULUS, Organisation, Participation, ProjectFacets, Publication, Quote


@dataclass
class Entry:
    date: datetime.date | None
    precision: str
    kind: str
    title: str
    url: str = ""
    details: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    record: Participation | None = None  # the contribution, whose sources the entry cites

    @property
    def date_display(self) -> str:
        return format_partial(self.date, self.precision) or _("Undated")

    @property
    def sort_key(self):
        return (self.date is None, self.date or datetime.date.max, self.title)


def _money(part: Participation) -> str:
    return f"{part.currency} {grouped(part.amount, 0)}" if part.amount is not None else ""


# Past this many projects, the timeline counts them per year instead of listing each.
SUMMARY_THRESHOLD = 100


TOKEN = participation_fields("x")
# Per year: the partner's projects, and those where it gave cash (a currency in its
# participation token); of the sample only, unless `every`.
PER_YEAR_SQL = f"""
SELECT extract(year FROM f.start)::int AS year, count(*),
       count(*) FILTER (WHERE EXISTS (
           SELECT FROM unnest(f.participations) x
            WHERE {TOKEN["organisation"]} = %(org)s AND {TOKEN["currency"]} <> ''))
  FROM partnerships_projectfacets f
 WHERE f.partners @> ARRAY[%(id)s]::bigint[] AND (%(every)s OR mod(f.project_id, {SAMPLE_MODULUS}) = 0)
 GROUP BY 1 ORDER BY 1 NULLS LAST
"""


def _scale(org: Organisation) -> int:
    """1, or for a partner in more projects than are counted exactly, the sample's scale."""
    return SAMPLE_MODULUS if org.facets.projects > EXACT_UP_TO else 1


def _projects_per_year(org: Organisation) -> list[Entry]:
    """The partner's projects counted per start year, from the project facet table (the
    sample's counts, scaled and said to be estimates, for a very busy partner)."""
    scale = _scale(org)
    with reading(ProjectFacets).cursor() as cursor:
        cursor.execute(PER_YEAR_SQL, {"org": str(org.pk), "id": org.pk, "every": scale == 1})
        rows = cursor.fetchall()
    about = "≈ " if scale > 1 else ""
    entries = []
    for year, projects, funded in rows:
        projects, funded = projects * scale, funded * scale
        query = {"organisation": org.slug} | ({"active_from": year, "active_to": year} if year else {})
        details = []
        if funded:
            text = ngettext("%(n)s with a cash contribution", "%(n)s with a cash contribution", funded)
            details.append(about + text % {"n": grouped(funded)})
        date = datetime.date(year, 1, 1) if year else None
        if year:
            title = ngettext("%(n)s project starting", "%(n)s projects starting", projects)
        else:
            title = ngettext("%(n)s project without a date", "%(n)s projects without a date", projects)
        title = about + title % {"n": grouped(projects)}
        url = reverse("partnerships:projects") + "?" + urlencode(query)
        entries.append(Entry(date, "year", "projects", title, url, details))
    return entries


def timeline(org: Organisation) -> list[Entry]:
    entries: list[Entry] = []
    quotes = Quote.objects.filter(organisation=org).select_related("person", "organisation")
    if org.facets.projects > SUMMARY_THRESHOLD:
        entries += _projects_per_year(org)
        for quote in quotes.select_related("project")[:SUMMARY_THRESHOLD]:
            project = quote.project
            date, precision = (project.start, project.start_precision) if project else (None, "day")
            entries.append(Entry(date, precision, "quote", _("Quote"), quotes=[quote]))
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
            details.append(_("contributed %(amount)s") % {"amount": _money(part)})
        if part.in_kind:
            details.append(_("in kind: %(what)s") % {"what": part.in_kind})
        if part.agreement:
            details.append(part.get_agreement_display())
        if part.note:
            details.append(part.note)
        entry_quotes = [] if project.pk in quoted_projects else project.org_quotes
        quoted_projects.add(project.pk)
        entries.append(
            Entry(date, precision, "project", project.title, project.get_absolute_url(), details, entry_quotes, part)
        )

    for quote in quotes.filter(project__isnull=True):
        entries.append(Entry(None, "day", "quote", _("Quote"), quotes=[quote]))
    return sorted(entries + _other_entries(org), key=lambda entry: entry.sort_key)


def _other_entries(org: Organisation) -> list[Entry]:
    """GMG membership, chair terms, working-group roles, awards and publications."""
    entries: list[Entry] = []
    for membership in Membership.objects.filter(organisation=org):
        entries.append(
            Entry(membership.start, membership.start_precision, "gmg", _("Joined the Global Migration Group"))
        )
        if membership.end:
            entries.append(Entry(membership.end, membership.end_precision, "gmg", _("Left the Global Migration Group")))

    for term in ChairTerm.objects.filter(organisation=org):
        until = _("until %(end)s") % {"end": term.end_display} if term.end else _("open-ended")
        entries.append(Entry(term.start, term.start_precision, "chair", _("Chair of the GMG"), details=[until]))

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


WORKS_WITH_SQL = f"""
SELECT partner, count(*) FROM (
    SELECT unnest(f.partners) AS partner FROM partnerships_projectfacets f
     WHERE f.partners @> ARRAY[%(id)s]::bigint[] AND (%(every)s OR mod(f.project_id, {SAMPLE_MODULUS}) = 0)
) shared
 WHERE partner <> %(id)s
 GROUP BY partner ORDER BY 2 DESC, 1 LIMIT %(limit)s
"""


def works_with(org: Organisation, limit: int = 20) -> list[Organisation]:
    """The organisations sharing projects with `org`, most shared projects first, each
    with `shared` (estimated from the sample for a very busy partner: `shared_estimated`)."""
    scale = _scale(org)
    with reading(ProjectFacets).cursor() as cursor:
        cursor.execute(WORKS_WITH_SQL, {"id": org.pk, "limit": limit, "every": scale == 1})
        shared = dict(cursor.fetchall())
    partners = Organisation.objects.in_bulk(list(shared))
    found = []
    for pk, n in shared.items():
        partner = partners[pk]
        partner.shared, partner.shared_estimated = n * scale, scale > 1
        found.append(partner)
    return sorted(found, key=lambda partner: (-shared[partner.pk], partner.name))
