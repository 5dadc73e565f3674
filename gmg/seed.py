"""The seed's facts about the Global Migration Group (see partnerships/data/source.txt).

Membership follows the group's history, which is the truth: 16 agencies by 2010. The
source's bullet list of members is out of date (it omits WHO and the World Bank);
`Membership.in_published_list` keeps that statement too.
"""

from django.db import transaction

from core.dates import parse_partial
from core.seeding import single_date, upsert

from .models import ChairTerm, CouncilInteraction, GroupName, Membership, WorkingGroup, WorkingGroupLead

NAMES = [
    (
        "Geneva Migration Group",
        "",
        "2003-04",
        "Established in April 2003 by the heads of IOM, ILO, OHCHR, UNCTAD, UNHCR and UNODC.",
    ),
    (
        "Global Migration Group",
        "GMG",
        "2006",
        "In early 2006 the Geneva Migration Group was expanded, its Terms of Reference were updated, and it was "
        "renamed the “Global Migration Group”.",
    ),
]

# (organisation slug, joined, in the source's bullet list of members, note)
MEMBERS = [
    ("iom", "2003-04", True, "Founding member of the Geneva Migration Group."),
    ("ilo", "2003-04", True, "Founding member of the Geneva Migration Group."),
    ("ohchr", "2003-04", True, "Founding member of the Geneva Migration Group."),
    ("unctad", "2003-04", True, "Founding member of the Geneva Migration Group."),
    ("unhcr", "2003-04", True, "Founding member of the Geneva Migration Group."),
    ("unodc", "2003-04", True, "Founding member of the Geneva Migration Group."),
    ("un-desa", "2006", True, "Joined in early 2006."),
    ("undp", "2006", True, "Joined in early 2006."),
    ("unfpa", "2006", True, "Joined in early 2006."),
    ("world-bank", "2006", False, "Joined in early 2006; missing from the source's list of members."),
    ("unesco", "2007-11", True, "Admitted in November 2007."),
    ("unicef", "2007-11", True, "Admitted in November 2007."),
    (
        "un-regional-commissions",
        "2007-11",
        True,
        "Admitted in November 2007: ECA, ECE, ECLAC, ESCAP and ESCWA, counted as one member.",
    ),
    ("unitar", "2007-11", True, "Admitted in November 2007."),
    ("who", "2010", False, "Admitted in 2010; missing from the source's list of members."),
    ("un-women", "2010", True, "Admitted in 2010, bringing the membership to 16 agencies."),
]

# (organisation slug, start, end, note)
CHAIRS = [
    ("iom", "2007-01", "2007-06", "IOM served as Chair from January to June 2007."),
    (
        "iom",
        "2013-07",
        "2013-12",
        "IOM served as Chair from July to December 2013 (the source, written then, says IOM is “currently chair”).",
    ),
    (
        "ilo",
        "2014-01-01",
        "2014-12-31",
        "ILO assumed the chairmanship on 1 January 2014 for a full year, following a GMG internal review.",
    ),
]

# (name, kind, [(organisation slug, role word)])
GROUPS = [
    (
        "Working Group on Mainstreaming Migration into National Development Strategies",
        WorkingGroup.Kind.WORKING_GROUP,
        [("iom", "co-chair"), ("undp", "co-chair")],
    ),
    (
        "Working Group on Data and Research",
        WorkingGroup.Kind.WORKING_GROUP,
        [("iom", "co-chair"), ("un-desa", "co-chair")],
    ),
    (
        "Working Group on Migration, Human Rights and Gender",
        WorkingGroup.Kind.WORKING_GROUP,
        [("ohchr", "co-chair"), ("un-women", "co-chair"), ("unicef", "co-chair")],
    ),
    (
        "Task Force on Capacity Development",
        WorkingGroup.Kind.TASK_FORCE,
        [("iom", "co-convener"), ("unitar", "co-convener")],
    ),
    (
        "Task Force on Migration and Decent Work",
        WorkingGroup.Kind.TASK_FORCE,
        [("ilo", "co-convener"), ("iom", "co-convener")],
    ),
]

COUNCIL_NOTE = "IOM invited the GMG to interact with its Member States on the occasion of the IOM Council."
COUNCIL_YEARS = ["2008", "2009", "2010", "2013"]


@transaction.atomic
def load(organisations: dict[str, int]) -> None:
    """Load (or bring up to date) the GMG's facts; `organisations` are the ids of the
    partner organisations by slug (the partnerships seed's)."""
    orgs = organisations
    for name, acronym, start, note in NAMES:
        value, precision = parse_partial(start)
        upsert(
            GroupName, {"start": value}, {"name": name, "acronym": acronym, "start_precision": precision, "note": note}
        )

    for slug, joined, listed, note in MEMBERS:
        value, precision = parse_partial(joined)
        upsert(
            Membership,
            {"organisation_id": orgs[slug], "start": value},
            {"start_precision": precision, "end": None, "in_published_list": listed, "note": note},
        )

    for slug, start, end, note in CHAIRS:
        start_value, start_precision = parse_partial(start)
        end_value, end_precision = parse_partial(end, end=True)
        upsert(
            ChairTerm,
            {"organisation_id": orgs[slug], "start": start_value},
            {"start_precision": start_precision, "end": end_value, "end_precision": end_precision, "note": note},
        )

    for name, kind, leads in GROUPS:
        group = upsert(WorkingGroup, {"name": name}, {"kind": kind})
        for position, (slug, role) in enumerate(leads):
            upsert(
                WorkingGroupLead, {"group": group, "organisation_id": orgs[slug]}, {"role": role, "position": position}
            )

    for year in COUNCIL_YEARS:
        upsert(CouncilInteraction, single_date(year), {"note": COUNCIL_NOTE})
