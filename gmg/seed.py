"""The seed's facts about the Global Migration Group (see partnerships/data/source.txt),
kept as data in gmg/data/seed.yaml.

Membership follows the group's history, which is the truth: 16 agencies by 2010. The
source's bullet list of members is out of date (it omits WHO and the World Bank);
`Membership.in_published_list` keeps that statement too.
"""

from pathlib import Path

import yaml
from django.db import transaction

from core.citations import cite
from core.dates import parse_partial
from core.seeding import single_date, upsert

from .models import ChairTerm, CouncilInteraction, GroupName, Membership, WorkingGroup, WorkingGroupLead

SEED_FILE = Path(__file__).resolve().parent / "data" / "seed.yaml"


@transaction.atomic
def load(organisations: dict[str, int], source) -> None:
    """Load (or bring up to date) the GMG's facts; `organisations` are the ids of the
    partner organisations by slug (the partnerships seed's), `source` the document they
    come from, whose passages the names, memberships and chair terms cite."""
    with open(SEED_FILE, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)

    for spec in seed["names"]:
        value, precision = parse_partial(spec["start"])
        values = {"name": spec["name"], "acronym": spec.get("acronym", ""), "start_precision": precision}
        cite(upsert(GroupName, {"start": value}, {**values, "note": spec["note"]}), source, spec["passage"])

    for spec in seed["members"]:
        value, precision = parse_partial(spec["joined"])
        membership = upsert(
            Membership,
            {"organisation_id": organisations[spec["organisation"]], "start": value},
            {
                "start_precision": precision,
                "end": None,
                "in_published_list": spec["in_published_list"],
                "note": spec["note"],
                "note_fr": spec["note_fr"],
                "note_es": spec["note_es"],
            },
        )
        cite(membership, source, spec["passage"])

    for spec in seed["chairs"]:
        start, start_precision = parse_partial(spec["start"])
        end, end_precision = parse_partial(spec["end"], end=True)
        term = upsert(
            ChairTerm,
            {"organisation_id": organisations[spec["organisation"]], "start": start},
            {"start_precision": start_precision, "end": end, "end_precision": end_precision, "note": spec["note"]},
        )
        cite(term, source, spec["passage"])

    for spec in seed["groups"]:
        group = upsert(WorkingGroup, {"name": spec["name"]}, {"kind": spec["kind"]})
        for position, lead in enumerate(spec["leads"]):
            lookup = {"group": group, "organisation_id": organisations[lead["organisation"]]}
            upsert(WorkingGroupLead, lookup, {"role": lead["role"], "position": position})

    for year in seed["council"]["years"]:
        upsert(CouncilInteraction, single_date(year), {"note": seed["council"]["note"]})
