"""IATI 2.03 activity files read into the portal (`manage.py import_iati`): partners,
projects, their participations and money, countries, themes and dates, each citing the
file as a source with the activity's own words. All or nothing: the file is read and
checked whole first (`read`), and only a file without problems is written (`write`), in
one transaction. Reading the same file again changes nothing.

What maps to what (the inverse of iati.py):
- an activity is a project, matched by its IATI identifier (the portal's own activities,
  reported as IOM, by their slug); its title, description, status and dates (a narrative
  "Known to the month/year" gives the precision, as the export writes it);
- a participating organisation is a partner, matched by IATI identifier, then by name; a
  name under another organisation's identifier is a unit of it (IOM Pakistan under IOM).
  Its part's role is the portal's own where the file gives it (the export's `portal:`
  attributes), else IATI's role: 1 funding, 2 government, 3 coordinating, 4 implementing;
- money: incoming commitments and funds (transaction types 1 and 11) and planned
  disbursements are their provider's cash contribution; budgets are money figures;
- countries by ISO code; themes from the portal's own sector vocabulary (99), else from
  DAC codes (DAC_THEMES).
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.text import slugify
from lxml import etree

from core.citations import cite
from core.dates import Precision, period_end, period_start
from core.models import Source
from core.seeding import set_related, upsert

from . import iati_codes
from .iati import PORTAL, REPORTING_ORG, STATUS_CODES, THEME_SECTORS, THEME_VOCABULARY, VERSION
from .models import CURRENCIES, Country, Figure, Organisation, Participation, Project, Theme

MAX_BYTES = 50 * 1024 * 1024
MAX_ACTIVITIES = 20_000
ROLES = {"1": Participation.Role.FUNDING, "2": "government", "3": "coordinating", "4": "implementing"}
KINDS = {
    **dict.fromkeys(["10", "11", "15"], "government"),
    **dict.fromkeys(["21", "22", "23", "24", "30", "90"], "ngo"),
    "40": "un",
    "60": "foundation",
    **dict.fromkeys(["70", "71", "72", "73"], "company"),
    "80": "academic",
}
STATUSES = {code: status for status, code in STATUS_CODES.items()} | {"3": Project.Status.COMPLETED}
INCOMING = {"1", "11"}  # incoming funds, incoming commitment
# A DAC code's theme: the one THEME_SECTORS maps to it, or, where several do, the first here.
DAC_THEMES = {"15190": "labour-migration", "72010": "emergency-response"} | {
    code: slug for slug, code in sorted(THEME_SECTORS.items(), reverse=True) if code not in ("15190", "72010")
}
KNOWN_TO = re.compile(r"Known to the (month|year):")


class Refused(Exception):
    """The file cannot be imported; `problems` say why, each where it is."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Org:
    ref: str
    name: str
    kind: str

    @property
    def key(self) -> tuple[str, str]:
        return self.ref, self.name.casefold()


@dataclass
class Part:
    org: Org
    role: str
    in_kind: str = ""
    money: dict[str, Decimal] = field(default_factory=dict)  # currency -> amount
    day: datetime.date | None = None


@dataclass
class Activity:
    identifier: str
    slug: str
    own: bool  # reported by the portal's own organisation
    title: str
    summary: str
    status: str
    dates: dict
    countries: list[str]
    themes: list[str]
    parts: list[Part]
    budgets: list[tuple[Decimal, str, str]]  # amount, currency, period
    passage: str


@dataclass
class Read:
    """A file read and checked, nothing written yet."""

    name: str
    text: str
    reporting: Org
    activities: list[Activity]
    notes: list[str]

    @property
    def slug(self) -> str:
        return "iati-" + hashlib.sha256(self.text.encode()).hexdigest()[:16]


@dataclass
class Written:
    projects_created: int = 0
    projects_updated: int = 0
    partners_created: int = 0
    participations: int = 0
    notes: list[str] = field(default_factory=list)
    activities: list[tuple[str, str, str]] = field(default_factory=list)  # identifier, title, new/changed/same


def read(data: bytes, name: str) -> Read:
    """The file's activities, checked against the Standard's codes; Refused if the file is
    not IATI 2.03 activity XML or any of its codes is wrong."""
    if len(data) > MAX_BYTES:
        raise Refused([f"The file is larger than {MAX_BYTES // 1024 // 1024} MB: split it, as publishers do."])
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as error:
        raise Refused([f"Not an XML file: {error}."]) from error
    if root.tag != "iati-activities":
        raise Refused([f"Not an IATI activity file: its root is <{root.tag}>, not <iati-activities>."])
    if root.get("version") != VERSION:
        raise Refused([f"IATI version {root.get('version') or '(none given)'}: the portal reads {VERSION} files."])
    elements = root.findall("iati-activity")
    if not elements:
        raise Refused(["The file holds no activity."])
    if len(elements) > MAX_ACTIVITIES:
        raise Refused([f"The file holds {len(elements):,} activities; the portal reads up to {MAX_ACTIVITIES:,}."])
    text = data.decode("utf-8", errors="replace")
    passages = re.findall(r"<iati-activity\b.*?</iati-activity>", text, re.S)
    problems, notes, activities = [], [], []
    reporting = None
    for index, element in enumerate(elements):
        found = _Activity(element, passages[index] if index < len(passages) else "")
        activities.append(found.activity)
        problems += found.problems
        notes += found.notes
        reporting = reporting or found.reporting
    identifiers = [activity.identifier for activity in activities]
    for twice in sorted({i for i in identifiers if identifiers.count(i) > 1}):
        problems.append(f"{twice}: the activity is in the file twice.")
    if problems:
        raise Refused(problems)
    return Read(name, text, reporting, activities, notes)


class _Activity:
    """One activity read, with the problems and notes found on the way."""

    def __init__(self, element, passage: str):
        self.element, self.problems, self.notes = element, [], []
        self.identifier = (element.findtext("iati-identifier") or "").strip()
        if not self.identifier:
            self.problems.append(f"Activity on line {element.sourceline}: no iati-identifier.")
        reporting = element.find("reporting-org")
        self.reporting = self._org(reporting, "reporting-org") if reporting is not None else Org("", "", "ngo")
        own = self.reporting.ref == REPORTING_ORG["ref"] and self.identifier.startswith(self.reporting.ref + "-")
        slug_source = self.identifier[len(self.reporting.ref) + 1 :] if own else self.identifier
        default_currency = element.get("default-currency", "")
        self.activity = Activity(
            identifier=self.identifier,
            slug=slugify(slug_source)[:200] or "activity",
            own=own,
            title=_narrative(element.find("title")) or self.identifier,
            summary=_narrative(element.find("description")) or _narrative(element.find("title")) or "",
            status=self._status(),
            dates=self._dates(),
            countries=self._countries(),
            themes=self._themes(),
            parts=self._parts(default_currency),
            budgets=self._budgets(default_currency),
            passage=passage,
        )

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.identifier or 'An activity'}: {message}")

    def _org(self, element, where: str) -> Org:
        ref = (element.get("ref") or "").strip()
        name = _narrative(element) or ref
        code = element.get("type", "")
        if code and code not in iati_codes.codelist("OrganisationType"):
            self.problem(f"{where} “{name}” has organisation type {code}, which IATI does not list.")
        if ref and iati_codes.agency_of(ref) is None:
            self.notes.append(f"{self.identifier}: “{ref}” is not an identifier IATI's agencies give; kept as a name.")
            ref = ""
        if not name:
            self.problem(f"a {where} has neither a ref nor a name.")
        return Org(ref, name, element.get(PORTAL + "kind") or KINDS.get(code, "ngo"))

    def _status(self) -> str:
        code = _attribute(self.element, "activity-status", "code")
        if code not in STATUSES:
            self.problem(f"activity-status {code or '(none)'} is not an IATI activity status.")
            return Project.Status.ACTIVE
        return STATUSES[code]

    def _dates(self) -> dict:
        found = {}
        for element in self.element.findall("activity-date"):
            kind, value = element.get("type", ""), element.get("iso-date", "")
            if kind not in iati_codes.codelist("ActivityDateType"):
                self.problem(f"activity-date type {kind} is not an IATI date type.")
                continue
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                self.problem(f"activity-date “{value}” is not a date (YYYY-MM-DD).")
                continue
            said = KNOWN_TO.match(_narrative(element) or "")
            found[kind] = (day, Precision(said.group(1)) if said else Precision.DAY)
        start = found.get("2") or found.get("1")
        end = found.get("4") or found.get("3")
        dates = {"start": None, "start_precision": Precision.DAY, "end": None, "end_precision": Precision.DAY}
        if start:
            day, precision = start
            dates |= {"start": period_start(day, precision), "start_precision": precision}
        if end:
            day, precision = end
            dates |= {"end": period_end(period_start(day, precision), precision), "end_precision": precision}
        return dates

    def _countries(self) -> list[str]:
        codes = [element.get("code", "").upper() for element in self.element.findall("recipient-country")]
        known = set(Country.objects.filter(code__in=codes).values_list("code", flat=True))
        for code in codes:
            if code not in known:
                self.problem(f"recipient-country {code or '(none)'} is not an ISO 3166-1 country code.")
        return [code for code in codes if code in known]

    def _themes(self) -> list[str]:
        sectors = self.element.findall("sector")
        own = [s.get("code", "") for s in sectors if s.get("vocabulary") == THEME_VOCABULARY]
        dac = [s.get("code", "") for s in sectors if s.get("vocabulary", "1") == "1"]
        for code in dac:
            if code not in iati_codes.codelist("Sector"):
                self.problem(f"sector {code} is not a DAC 5-digit code.")
        wanted = own or [DAC_THEMES[code] for code in dac if code in DAC_THEMES]
        known = set(Theme.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        for slug in wanted:
            if slug not in known:
                self.notes.append(f"{self.identifier}: no theme “{slug}”; left out.")
        return [slug for slug in dict.fromkeys(wanted) if slug in known]

    def _parts(self, default_currency: str) -> list[Part]:
        parts: dict[tuple, Part] = {}
        for element in self.element.findall("participating-org"):
            org = self._org(element, "participating-org")
            code = element.get("role", "")
            role = element.get(PORTAL + "role") or ROLES.get(code)
            if role not in Participation.Role.values:
                self.problem(f"participating-org “{org.name}” has role {code or '(none)'}, which IATI does not list.")
                continue
            parts.setdefault((org.key, role), Part(org, role, in_kind=element.get(PORTAL + "in-kind", "")))
        for path, kinds in (("transaction", INCOMING), ("planned-disbursement", None)):
            for element in self.element.findall(path):
                if kinds is not None:
                    kind = _attribute(element, "transaction-type", "code")
                    if kind not in iati_codes.codelist("TransactionType"):
                        self.problem(f"transaction type {kind or '(none)'} is not an IATI transaction type.")
                        continue
                    if kind not in kinds:
                        continue  # money going out, or spent: not a partner's contribution
                self._money(element, parts, default_currency)
        return list(parts.values())

    def _money(self, element, parts: dict, default_currency: str) -> None:
        provider = element.find("provider-org")
        value = element.find("value")
        if provider is None or value is None:
            self.notes.append(f"{self.identifier}: money on line {element.sourceline} names no provider; left out.")
            return
        org = self._org(provider, "provider-org")
        currency = value.get("currency") or default_currency
        amount = _amount(value.text)
        day = _day(value.get("value-date"))
        if currency not in dict(CURRENCIES):
            self.problem(f"currency {currency or '(none)'} of line {element.sourceline} is not an ISO 4217 code.")
            return
        if amount is None or day is None:
            self.problem(f"the value on line {element.sourceline} is not an amount with a value-date.")
            return
        part = next((p for (key, role), p in parts.items() if key == org.key and role == "funding"), None)
        if part is None:
            part = parts.setdefault((org.key, "funding"), Part(org, Participation.Role.FUNDING))
        part.money[currency] = part.money.get(currency, Decimal(0)) + amount
        part.day = min(part.day, day) if part.day else day
        if len(part.money) > 1:
            self.problem(f"“{org.name}” gives money in {' and '.join(sorted(part.money))}: one currency per partner.")

    def _budgets(self, default_currency: str) -> list[tuple[Decimal, str, str]]:
        budgets = []
        for element in self.element.findall("budget"):
            value = element.find("value")
            start = _attribute(element, "period-start", "iso-date")
            end = _attribute(element, "period-end", "iso-date")
            amount = _amount(value.text if value is not None else None)
            currency = (value.get("currency") if value is not None else None) or default_currency
            if amount is None or currency not in dict(CURRENCIES):
                self.problem(f"the budget on line {element.sourceline} has no amount in a known currency.")
                continue
            budgets.append((amount, currency, f"{start} – {end}"))
        return budgets


def _attribute(element, path: str, name: str) -> str:
    """An attribute of a child element ("" when either is missing; an element without
    children is false in lxml, so `find(...) or ...` would not do)."""
    child = element.find(path)
    return "" if child is None else child.get(name, "")


def _narrative(element) -> str:
    if element is None:
        return ""
    texts = [n.text.strip() for n in element.findall("narrative") if n.text and n.text.strip()]
    english = [n.text.strip() for n in element.findall("narrative") if n.text and n.get(_LANG) in (None, "en")]
    return (english or texts or [""])[0]


_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _amount(text: str | None) -> Decimal | None:
    try:
        amount = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def _day(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def write(found: Read) -> Written:
    """Everything read, in one transaction: created, or updated where it differs."""
    written = Written(notes=list(found.notes))
    with transaction.atomic():
        source = upsert(
            Source,
            {"slug": found.slug},
            {
                "title": found.name[:300],
                "publisher": found.reporting.name[:200],
                "reference": found.name[:300],
                "text": found.text,
            },
        )
        orgs = _Organisations(written)
        reporting = orgs.get(found.reporting)
        cite(reporting, source, found.activities[0].passage)
        for activity in found.activities:
            _write_activity(activity, source, orgs, written)
    return written


class _Organisations:
    """Partners matched by IATI identifier, then by name, or created."""

    def __init__(self, written: Written):
        self.written, self.known = written, {}

    def get(self, org: Org) -> Organisation:
        if org.key not in self.known:
            self.known[org.key] = self._find(org) or self._create(org)
        return self.known[org.key]

    def _find(self, org: Org) -> Organisation | None:
        if org.ref:
            holder = Organisation.objects.filter(iati_identifier=org.ref).first()
            if holder and org.name.casefold() in (
                holder.name.casefold(),
                holder.acronym.casefold(),
                org.ref.casefold(),
            ):
                return holder
            unit = Organisation.objects.filter(name__iexact=org.name, parent__iati_identifier=org.ref).first()
            if unit:
                return unit
        return Organisation.objects.filter(name__iexact=org.name).first()

    def _create(self, org: Org) -> Organisation:
        holder = Organisation.objects.filter(iati_identifier=org.ref).first() if org.ref else None
        slug, n = slugify(org.name)[:190] or "partner", 1
        while Organisation.objects.filter(slug=slug if n == 1 else f"{slug}-{n}").exists():
            n += 1
        created = Organisation(
            name=org.name[:200],
            slug=slug if n == 1 else f"{slug}-{n}",
            kind=org.kind,
            iati_identifier="" if holder else org.ref,
            parent=holder,  # a name under another's identifier: a unit of it
        )
        created.full_clean()
        created.save()
        self.written.partners_created += 1
        return created


def _write_activity(activity: Activity, source: Source, orgs: _Organisations, written: Written) -> None:
    mine = {"slug": activity.slug} if activity.own else {"iati_identifier": activity.identifier}
    existing = Project.objects.filter(**mine).first()
    slug = activity.slug
    if existing is None and not activity.own and Project.objects.filter(slug=slug).exists():
        slug = f"{slug[:190]}-{hashlib.sha256(activity.identifier.encode()).hexdigest()[:6]}"  # another's slug
    values = {
        "title": activity.title[:300],
        "summary": activity.summary,
        "status": activity.status,
        **activity.dates,
        **({} if activity.own else {"iati_identifier": activity.identifier}),
    }
    if existing is None:
        written.projects_created += 1
        what = "new"
    elif any(getattr(existing, name) != value for name, value in values.items()):
        written.projects_updated += 1
        what = "changed"
    else:
        what = "same"
    written.activities.append((activity.identifier, activity.title, what))
    project = upsert(Project, {"pk": existing.pk} if existing else {"slug": slug}, values)
    cite(project, source, activity.passage)
    set_related(project.countries, list(Country.objects.filter(code__in=activity.countries)))
    set_related(project.themes, list(Theme.objects.filter(slug__in=activity.themes)))
    for part in activity.parts:
        organisation = orgs.get(part.org)
        currency, amount = next(iter(part.money.items()), ("", None))
        day = part.day if part.day and part.day != project.start else None
        participation = upsert(
            Participation,
            {"project": project, "organisation": organisation, "role": part.role},
            {
                "amount": amount,
                "currency": currency,
                "in_kind": part.in_kind,
                "start": day,
                "start_precision": Precision.DAY,
            },
        )
        cite(participation, source, activity.passage)
        cite(organisation, source, activity.passage)
        written.participations += 1
    for amount, currency, period in activity.budgets:
        figure = upsert(
            Figure,
            {"project": project, "kind": Figure.Kind.MONEY, "label": f"Budget {period}"[:200], "unit": currency},
            {"value": amount, "source_text": f"budget {period}"[:300]},
        )
        cite(figure, source, activity.passage)


def import_file(data: bytes, name: str, *, dry_run: bool = False) -> Written:
    """Read `data` and, unless `dry_run`, write it; a dry run writes and rolls back, so
    that it checks all that the real one would."""
    found = read(data, name)
    with transaction.atomic():
        written = write(found)
        if dry_run:
            transaction.set_rollback(True)
    return written
