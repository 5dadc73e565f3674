"""The IATI 2.03 codelists the export writes and the import reads (data/iati-codelists/,
as the IATI Standard publishes them): each code with its English name and whether it is
still in use."""

import re
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CODELISTS = Path(__file__).resolve().parent / "data" / "iati-codelists"
# What the Standard's ruleset accepts in an identifier (reporting-org/@ref, iati-identifier...).
IDENTIFIER = re.compile(r"[^/&|?\s]+")


@cache
def codelist(name: str) -> dict[str, tuple[str, bool]]:
    """code -> (English name, active) of the codelist `name` (ActivityStatus, Sector...)."""
    root = ElementTree.parse(CODELISTS / f"{name}.xml").getroot()
    return {
        item.findtext("code"): (item.findtext("name/narrative") or "", item.get("status", "active") == "active")
        for item in root.iter("codelist-item")
    }


def active(name: str) -> set[str]:
    return {code for code, (_name, is_active) in codelist(name).items() if is_active}


def agency_of(identifier: str) -> str | None:
    """The registration agency an organisation identifier starts with (XM-DAC in
    XM-DAC-47066), if it is one IATI lists."""
    parts = identifier.split("-", 2)  # every agency code is two parts: a country (or XM, XI) and a name
    prefix = "-".join(parts[:2])
    return prefix if len(parts) == 3 and parts[2] and prefix in codelist("OrganisationRegistrationAgency") else None


def validate_organisation_identifier(value: str) -> None:
    """An IATI organisation identifier: an agency's prefix from IATI's list, a hyphen, and
    the organisation's number there, with none of the characters IATI refuses."""
    if not IDENTIFIER.fullmatch(value):
        raise ValidationError(_("An identifier has no spaces and none of / & | ?."), code="characters")
    agency = agency_of(value)
    if agency is None:
        raise ValidationError(
            _(
                "“%(value)s” does not start with a registration agency IATI lists (XM-DAC for the "
                "OECD DAC's list, GB-COH for Companies House...), then a hyphen and the number there."
            ),
            code="agency",
            params={"value": value},
        )
    if agency not in active("OrganisationRegistrationAgency"):
        raise ValidationError(
            _("IATI has withdrawn the registration agency %(agency)s: use the organisation's current identifier."),
            code="withdrawn",
            params={"agency": agency},
        )
