"""The app's models, in three modules: reference data (reference.py), the records
people keep (records.py), and the read models the database writes from them
(read_models.py). Import them from here."""

from .read_models import (
    SAMPLE_MODULUS,
    OrganisationFacets,
    PartnerToRefresh,
    ProjectFacets,
    QualityCount,
    SearchWord,
    sampled,
)
from .records import (
    QUOTED_PROJECTS,
    Award,
    Figure,
    Organisation,
    Participation,
    Person,
    Project,
    Publication,
    Quote,
    Unstated,
    active_during,
)
from .reference import CURRENCIES, CURRENCY_NAMES, Country, Crisis, Place, Theme, choice_label

__all__ = [
    "CURRENCIES",
    "CURRENCY_NAMES",
    "QUOTED_PROJECTS",
    "SAMPLE_MODULUS",
    "Award",
    "Country",
    "Crisis",
    "Figure",
    "Organisation",
    "OrganisationFacets",
    "Participation",
    "PartnerToRefresh",
    "Person",
    "Place",
    "Project",
    "ProjectFacets",
    "Publication",
    "QualityCount",
    "Quote",
    "SearchWord",
    "Theme",
    "Unstated",
    "active_during",
    "choice_label",
    "sampled",
]
