"""Projects as IATI activities (IATI Standard 2.03), streamed like the CSV export.

What maps to what:
- iati-identifier: the reporting organisation's identifier and the project's slug;
- reporting-org: IOM, whose partnership records these are;
- participating-org: each partner, with the IATI organisation role of its part
  (ROLE_CODES) and the IATI organisation type of its kind (TYPE_CODES);
- activity-status: from the project's status (STATUS_CODES);
- activity-date: start and end, actual or planned by status; a date known only to
  the month or year is its first (start) or last (end) day, with the source's words;
- recipient-country: ISO 3166-1 codes; tag (vocabulary 99, the reporter's own): themes;
- transaction: each cash contribution, as an incoming commitment (11) from its partner;
- document-link: each source the project cites that has a web address (category A12).

IATI requires an activity date: projects with no date at all are left out, and the
file says how many in a comment.
"""

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, SubElement, tostring

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from core.dates import Precision
from core.db import batched
from core.downloads import in_english
from core.models import Citation, Source

from .models import Organisation, Participation, Project

VERSION = "2.03"
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
THEME_VOCABULARY = "99"
BATCH = 500

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


def activity(project: Project, documents: list[Source] = ()) -> Element:
    element = Element("iati-activity", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    SubElement(element, "iati-identifier").text = f"{REPORTING_ORG['ref']}-{project.slug}"
    _narrative(element, "reporting-org", REPORTING_ORG["name"], ref=REPORTING_ORG["ref"], type=REPORTING_ORG["type"])
    _narrative(element, "title", project.title)
    _narrative(element, "description", project.summary or project.title, type="1")
    participations = list(project.participations.all())
    for part in participations:
        org = part.organisation
        _narrative(element, "participating-org", org.name, role=ROLE_CODES[part.role], type=TYPE_CODES[org.kind])
    if not participations:
        # IATI needs one; the reporting organisation is party to all its partnership records.
        _narrative(element, "participating-org", REPORTING_ORG["name"], ref=REPORTING_ORG["ref"], role="2")
    SubElement(element, "activity-status", code=STATUS_CODES[project.status])
    planned = project.status == Project.Status.PLANNED
    ended = project.status in {Project.Status.COMPLETED, Project.Status.CANCELLED}
    for date, precision, display, code in (
        (project.start, project.start_precision, project.start_display, "1" if planned else "2"),
        (project.end, project.end_precision, project.end_display, "4" if ended else "3"),
    ):
        if date is not None:
            date_element = SubElement(element, "activity-date", type=code, **{"iso-date": date.isoformat()})
            if precision != Precision.DAY:
                _narrative(date_element, None, f"Known to the {Precision(precision).label.lower()}: {display}")
    for country in project.countries.all():
        _narrative(element, "recipient-country", country.name, code=country.code)
    for theme in project.themes.all():
        _narrative(element, "tag", theme.name, code=theme.slug, vocabulary=THEME_VOCABULARY)
    for part in participations:
        day = part.start or project.start
        if part.amount is None or day is None:
            continue
        transaction = SubElement(element, "transaction")
        SubElement(transaction, "transaction-type", code=INCOMING_COMMITMENT)
        SubElement(transaction, "transaction-date", **{"iso-date": day.isoformat()})
        value = SubElement(transaction, "value", currency=part.currency, **{"value-date": day.isoformat()})
        value.text = str(part.amount)
        _narrative(transaction, "provider-org", part.organisation.name, type=TYPE_CODES[part.organisation.kind])
    for source in documents:
        link = SubElement(element, "document-link", url=source.url, format="text/html")
        _narrative(link, "title", source.title)
        SubElement(link, "category", code=DOCUMENT_CATEGORY)
        if source.published:
            SubElement(link, "document-date", **{"iso-date": source.published.isoformat()})
    return element


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


def _activities(projects: list[Project]) -> str:
    documents = _documents(projects)
    return "".join(tostring(activity(p, documents.get(p.pk, [])), encoding="unicode") + "\n" for p in projects)


def activities_xml(projects: QuerySet) -> Iterator[str]:
    dated = projects.exclude(start__isnull=True, end__isnull=True)
    left_out = projects.filter(start__isnull=True, end__isnull=True).count()
    generated = timezone.now().replace(microsecond=0).isoformat()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<iati-activities version="{VERSION}" generated-datetime="{generated}">\n'
    if left_out:
        yield f"<!-- {left_out} matching projects have no date and are left out: IATI requires one. -->\n"
    rows = dated.prefetch_related(
        "countries", "themes", Prefetch("participations", Participation.objects.select_related("organisation"))
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
