"""Projects as IATI activities (IATI Standard 2.03), streamed like the CSV export, written
to pass the Standard's ruleset (IATI-Rulesets, standard.json) as well as its schema.

What maps to what:
- iati-identifier: the reporting organisation's identifier and the project's slug;
  @last-updated-datetime: the last change to the project or its contributions;
  @default-currency: its contributions' commonest currency (USD when it has none);
  @hierarchy: 1 (the portal's projects are not split into sub-activities);
- reporting-org: IOM, whose partnership records these are;
- participating-org: each partner, with the IATI organisation role of its part
  (ROLE_CODES), the IATI organisation type of its kind (TYPE_CODES) and, where known, its
  IATI identifier (its own, or that of the organisation it is part of: IOM Pakistan is IOM);
- activity-status: from the project's status (STATUS_CODES);
- activity-date: start and end, actual or planned by status, never an actual date in the
  future; a date known only to the month or year is its first (start) or last (end) day,
  with the source's words (an actual end known to a year that has not ended is today);
- recipient-country: ISO 3166-1 codes, the percentages an equal split;
- sector: each theme's DAC 5-digit purpose code (vocabulary 1, THEME_SECTORS; "sectors not
  specified" where the themes say how, not what for), and the themes themselves
  (vocabulary 99), the percentages of each vocabulary an equal split;
- transaction: each cash contribution dated today or before, as an incoming commitment
  (11) from its partner; planned-disbursement: one dated after today;
- document-link: each source the project cites that has a web address (category A12).

What the records cannot say is left out, never invented, and the file's comment says so.
"""

import datetime
import re
from collections import Counter
from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from core.dates import Precision
from core.db import batched
from core.downloads import in_english
from core.models import Citation, Source
from core.numbers import grouped

from .models import Organisation, Participation, Project

VERSION = "2.03"
# The portal's own attributes (IATI allows other namespaces): what IATI's codes cannot say.
PORTAL_NAMESPACE = "urn:x-partnership-portal:iati"
PORTAL = "{" + PORTAL_NAMESPACE + "}"
register_namespace("portal", PORTAL_NAMESPACE)
REPORTING_ORG = {"ref": "XM-DAC-47066", "type": "40", "name": "International Organization for Migration"}

ROLE_CODES = {
    Participation.Role.FUNDING: "1",
    Participation.Role.IN_KIND: "1",
    Participation.Role.GOVERNMENT: "2",
    Participation.Role.COORDINATING: "3",
    Participation.Role.IMPLEMENTING: "4",
    Participation.Role.RESEARCH: "4",
    Participation.Role.COMMUNITY: "4",
    Participation.Role.PRIVATE_SECTOR: "4",
}
TYPE_CODES = {
    Organisation.Kind.GOVERNMENT: "10",
    Organisation.Kind.NGO: "21",
    Organisation.Kind.UN: "40",
    Organisation.Kind.FOUNDATION: "60",
    Organisation.Kind.COMPANY: "70",
    Organisation.Kind.ACADEMIC: "80",
    Organisation.Kind.MEDIA: "90",
}
STATUS_CODES = {
    Project.Status.PLANNED: "1",
    Project.Status.ACTIVE: "2",
    Project.Status.COMPLETED: "4",
    Project.Status.CANCELLED: "5",
    Project.Status.SUSPENDED: "6",
}
INCOMING_COMMITMENT = "11"
ORIGINAL_PLAN = "1"  # planned-disbursement/@type
DAC_VOCABULARY = "1"  # OECD DAC CRS purpose codes, 5 digits
THEME_VOCABULARY = "99"  # the reporting organisation's own: the portal's themes
DEFAULT_CURRENCY = "USD"
BATCH = 500

# Each theme's DAC purpose code (IATI's Sector codelist). Awareness raising, capacity
# building and research say how a project works, not what for: they have none, and a
# project with only such themes is "sectors not specified".
THEME_SECTORS = {
    "counter-trafficking": "15190",  # facilitation of orderly, safe, regular and responsible migration
    "labour-migration": "15190",
    "return-and-reintegration": "15190",
    "disaster-preparedness": "74020",  # multi-hazard response preparedness
    "education": "11120",  # education facilities and training
    "emergency-response": "72010",  # material relief assistance and services
    "shelter": "72010",
    "gender-based-violence": "15180",  # ending violence against women and girls
    "health": "12220",  # basic health care
    "legal-assistance": "15130",  # legal and judicial development
    "livelihoods": "16020",  # employment creation
    "protection": "15160",  # human rights
    "social-cohesion": "15220",  # civilian peace-building, conflict prevention and resolution
    "water-and-sanitation": "14030",  # basic drinking water supply and basic sanitation
}
SECTORS_NOT_SPECIFIED = "99810"

LEFT_OUT = """
What the records cannot say is left out, not invented:
- {undated} matching projects have no start date and are left out: IATI requires a planned or actual start.
- {no_end} completed or cancelled activities have no actual end date: the sources do not state one.
- A participating or provider organisation has a ref only where its IATI identifier is known.
- Shares of countries and sectors are equal splits: the records do not apportion them.
- A contribution dated after today is a planned disbursement, not a transaction.
"""

# Characters XML 1.0 cannot carry (control characters other than tab and newlines).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _narrative(parent: Element, tag: str | None, text: str, **attributes) -> Element:
    element = SubElement(parent, tag, attributes) if tag else parent
    SubElement(element, "narrative").text = _text(text)
    return element


# The IATI document category of a source with a web address: "Activity web page".
DOCUMENT_CATEGORY = "A12"


def activity(project: Project, documents: list[Source] = (), updated: datetime.datetime | None = None) -> Element:
    today = timezone.localdate()
    participations = list(project.participations.all())
    currencies = Counter(part.currency for part in participations if part.currency)
    attributes = {
        "{http://www.w3.org/XML/1998/namespace}lang": "en",
        "default-currency": currencies.most_common(1)[0][0] if currencies else DEFAULT_CURRENCY,
        "hierarchy": "1",
    }
    if updated is not None:
        attributes["last-updated-datetime"] = updated.replace(microsecond=0).isoformat()
    element = Element("iati-activity", attributes)
    SubElement(element, "iati-identifier").text = f"{REPORTING_ORG['ref']}-{project.slug}"
    _narrative(element, "reporting-org", REPORTING_ORG["name"], ref=REPORTING_ORG["ref"], type=REPORTING_ORG["type"])
    _narrative(element, "title", project.title)
    _narrative(element, "description", project.summary or project.title, type="1")
    for part in participations:
        org = part.organisation
        # IATI's roles are fewer than the portal's: its own, and the partner's kind, in its namespace.
        portal = {PORTAL + "role": part.role, PORTAL + "kind": org.kind}
        if part.in_kind:
            portal[PORTAL + "in-kind"] = _text(part.in_kind)
        _narrative(element, "participating-org", org.name, **_org(org), role=ROLE_CODES[part.role], **portal)
    if not participations:
        # IATI needs one; the reporting organisation is party to all its partnership records.
        _narrative(element, "participating-org", REPORTING_ORG["name"], ref=REPORTING_ORG["ref"], role="2")
    SubElement(element, "activity-status", code=STATUS_CODES[project.status])
    _dates(element, project, today)
    countries = list(project.countries.all())
    for country, share in zip(countries, _shares(len(countries)), strict=True):
        _narrative(element, "recipient-country", country.name, code=country.code, percentage=share)
    themes = list(project.themes.all())
    sectors = sorted({THEME_SECTORS[theme.slug] for theme in themes if theme.slug in THEME_SECTORS})
    for code, share in zip(sectors or [SECTORS_NOT_SPECIFIED], _shares(len(sectors) or 1), strict=True):
        SubElement(element, "sector", code=code, vocabulary=DAC_VOCABULARY, percentage=share)
    for theme, share in zip(themes, _shares(len(themes)), strict=True):
        _narrative(element, "sector", theme.name, code=theme.slug, vocabulary=THEME_VOCABULARY, percentage=share)
    money = [(part, part.start or project.start) for part in participations if part.amount is not None]
    for part, day in money:
        if day > today:
            planned = SubElement(element, "planned-disbursement", type=ORIGINAL_PLAN)
            SubElement(planned, "period-start", **{"iso-date": day.isoformat()})
            _value(planned, part, day)
            _narrative(planned, "provider-org", part.organisation.name, **_org(part.organisation))
    for part, day in money:
        if day <= today:
            transaction = SubElement(element, "transaction")
            SubElement(transaction, "transaction-type", code=INCOMING_COMMITMENT)
            SubElement(transaction, "transaction-date", **{"iso-date": day.isoformat()})
            _value(transaction, part, day)
            _narrative(transaction, "provider-org", part.organisation.name, **_org(part.organisation))
    for source in documents:
        link = SubElement(element, "document-link", url=source.url, format="text/html")
        _narrative(link, "title", source.title)
        SubElement(link, "category", code=DOCUMENT_CATEGORY)
        if source.published:
            SubElement(link, "document-date", **{"iso-date": source.published.isoformat()})
    return element


def _dates(element: Element, project: Project, today: datetime.date) -> None:
    """The start (planned, or actual once it is past) and the end (actual when the project
    is over, else planned). No actual date is in the future: an end known only to a year
    that has not ended is today, the latest day the record allows."""
    planned = project.status == Project.Status.PLANNED
    start_code = "1" if planned or project.start > today else "2"
    _date(element, start_code, project.start, project.start_precision, project.start_display)
    if project.end is None:
        return
    end = project.end
    over = project.status in {Project.Status.COMPLETED, Project.Status.CANCELLED}
    if over and end > today and project.end_precision != Precision.DAY:
        end = today
    _date(element, "4" if over and end <= today else "3", end, project.end_precision, project.end_display)


def _date(element: Element, code: str, day: datetime.date, precision: str, display: str) -> None:
    date_element = SubElement(element, "activity-date", type=code, **{"iso-date": day.isoformat()})
    if precision != Precision.DAY:
        _narrative(date_element, None, f"Known to the {Precision(precision).label.lower()}: {display}")


def _value(parent: Element, part: Participation, day: datetime.date) -> None:
    value = SubElement(parent, "value", currency=part.currency, **{"value-date": day.isoformat()})
    value.text = str(part.amount)


def _org(org: Organisation) -> dict[str, str]:
    """An organisation's IATI attributes: its type, and its identifier where known (its own,
    or that of the organisation it is part of)."""
    ref = org.iati_identifier or (org.parent.iati_identifier if org.parent_id else "")
    return {"ref": ref, "type": TYPE_CODES[org.kind]} if ref else {"type": TYPE_CODES[org.kind]}


def _shares(n: int) -> list[str]:
    """n equal percentages that add up to 100 (the last takes the rounding)."""
    if n == 0:
        return []
    each = (Decimal(100) / n).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [str(each)] * (n - 1) + [str(Decimal(100) - each * (n - 1))]


def _documents(projects: list[Project]) -> dict[int, list[Source]]:
    """The sources with a web address that each project cites (one query per batch)."""
    cited = (
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(Project), object_id__in=[str(p.pk) for p in projects]
        )
        .exclude(source__url="")
        .select_related("source")
        .order_by("pk")
    )
    found: dict[int, dict[int, Source]] = {}
    for citation in cited:
        found.setdefault(int(citation.object_id), {})[citation.source_id] = citation.source
    return {pk: list(sources.values()) for pk, sources in found.items()}


def _updated(projects: list[Project]) -> dict[int, datetime.datetime]:
    """When each project or one of its contributions last changed (their history)."""
    ids = [project.pk for project in projects]
    latest: dict[int, datetime.datetime] = {}
    for history, key in ((Project.history.model, "id"), (Participation.history.model, "project_id")):
        rows = history.objects.filter(**{f"{key}__in": ids}).values_list(key).annotate(last=Max("history_date"))
        for pk, last in rows.order_by():
            latest[pk] = max(latest.get(pk, last), last)
    return latest


def _activities(projects: list[Project]) -> str:
    documents, updated = _documents(projects), _updated(projects)
    return "".join(
        tostring(activity(p, documents.get(p.pk, []), updated.get(p.pk)), encoding="unicode") + "\n" for p in projects
    )


def activities_xml(projects: QuerySet) -> Iterator[str]:
    exported = projects.filter(start__isnull=False)
    over = [Project.Status.COMPLETED, Project.Status.CANCELLED]
    left_out = LEFT_OUT.format(
        undated=grouped(projects.filter(start__isnull=True).count()),
        no_end=grouped(exported.filter(status__in=over, end__isnull=True).count()),
    )
    generated = timezone.now().replace(microsecond=0).isoformat()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<iati-activities version="{VERSION}" generated-datetime="{generated}">\n'
    yield f"<!--{left_out}-->\n"
    rows = exported.prefetch_related(
        "countries",
        "themes",
        Prefetch("participations", Participation.objects.select_related("organisation__parent")),
    )
    batch = []
    for project in batched(rows, BATCH):
        batch.append(project)
        if len(batch) == BATCH:
            yield _activities(batch)
            batch = []
    yield _activities(batch) + "</iati-activities>\n"


def iati_response(projects: QuerySet) -> StreamingHttpResponse:
    xml = in_english(activities_xml(projects))
    response = StreamingHttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="projects.iati.xml"'
    return response
