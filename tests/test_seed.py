"""The seed carries every fact of the source text."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from gmg.models import ChairTerm, CouncilInteraction, GroupName, Membership, WorkingGroup
from partnerships.models import (
    Award,
    Crisis,
    Figure,
    Organisation,
    Participation,
    Person,
    Project,
    Publication,
    Quote,
)

pytestmark = pytest.mark.django_db

SOURCE = (Path(__file__).resolve().parent.parent / "partnerships" / "data" / "source.txt").read_text()


def squeeze(text: str) -> str:
    """Runs of whitespace (the source has newlines and no-break spaces) as one space."""
    return re.sub(r"\s+", " ", text)


def test_organisations_per_kind():
    counts = {kind: Organisation.objects.filter(kind=kind).count() for kind in Organisation.Kind.values}
    assert counts == {
        "un": 28,
        "ngo": 5,
        "foundation": 3,
        "company": 16,
        "academic": 2,
        "government": 7,
        "media": 4,
    }


@pytest.mark.parametrize(
    "name",
    [
        "Panasonic",
        "Maple Leaf Foods",
        "Chevron",
        "UBS",
        "Carrefour",
        "Starbucks",
        "SABC",
        "ETV",
        "Fresh-Eye Productions",
        "Concern Galnaftogas",
        "University of Tokyo",
        "University of Nairobi",
        "Galkayo Education Center for Peace and Development",
        "Italian Red Cross",
        "Save the Children",
        "King Baudouin Foundation",
        "Dutch Government",
        "Empresas de Nariño Ltda.",
        "Grupos Beta",
        "Programa Paisano",
    ],
)
def test_every_named_organisation_is_there(name):
    assert Organisation.objects.filter(name=name).exists()


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("aig-disaster-relief-fund", "aig"),
        ("dow-chemical-foundation", "dow-chemical"),
        ("empresas-de-narino", "carcafe-group"),
        ("media-go", "mediago-holding"),
        ("iom-serbia", "iom"),
        ("iom-colombia", "iom"),
        ("iom-indonesia", "iom"),
        ("iom-pakistan", "iom"),
        ("iom-ukraine", "iom"),
        ("iom-budapest", "iom"),
        ("escwa", "un-regional-commissions"),
    ],
)
def test_organisations_belong_to_their_parent(child, parent):
    assert Organisation.objects.get(slug=child).parent.slug == parent


def test_country_missions_act_in_the_projects():
    roles = Participation.objects.filter(organisation__slug="iom-pakistan").values_list("project__slug", flat=True)
    assert set(roles) == {"aig-disaster-preparedness-pakistan", "dow-school-units-pakistan"}


@pytest.mark.parametrize(
    ("project", "organisation", "amount"),
    [
        ("chevron-cyclone-myanmar", "chevron", Decimal("400000")),
        ("angola-community-revitalization", "chevron", Decimal("850000")),
        ("aig-disaster-preparedness-pakistan", "aig-disaster-relief-fund", Decimal("1000000")),
    ],
)
def test_cash_contributions_in_usd(project, organisation, amount):
    part = Participation.objects.get(project__slug=project, organisation__slug=organisation, role="funding")
    assert (part.amount, part.currency) == (amount, "USD")


def test_dates_keep_their_precision():
    assert Project.objects.get(slug="praesidium-lampedusa").start_display == "2006"
    assert Project.objects.get(slug="carrefour-paz-y-vida").start_display == "May 2007"
    assert Project.objects.get(slug="galnaftogas-counter-trafficking-campaign").start_display == "December 2007"
    assert Crisis.objects.get(slug="cyclone-myanmar-2008").date_display == "2 May 2008"
    angola = Project.objects.get(slug="angola-community-revitalization")
    assert (angola.start, angola.end) == (datetime.date(2004, 1, 1), datetime.date(2005, 12, 31))


def test_save_the_children_joined_praesidium_in_2008():
    part = Participation.objects.get(project__slug="praesidium-lampedusa", organisation__slug="save-the-children")
    assert part.start_display == "2008"


def test_agreements():
    assert Participation.objects.get(organisation__slug="galnaftogas").agreement == "mou"
    maple = Participation.objects.filter(project__slug="maple-leaf-labour-migration")
    assert {p.organisation.slug: p.agreement for p in maple} == {
        "maple-leaf-foods": "bilateral",
        "iom": "bilateral",
        "government-of-honduras": "trilateral",
        "government-of-mauritius": "trilateral",
    }


@pytest.mark.parametrize(
    ("label", "value", "qualifier"),
    [
        ("displaced people reached by IOM", 600_000, "more_than"),
        ("solar lanterns distributed among settlements", 1_400, "more_than"),
        ("IDPs reached by the event", 16_000, "more_than"),
        ("people dead", 62, "exact"),
        ("people displaced", 100_000, "about"),
        ("primary school children the units hold", 600, "exact"),
        ("vulnerable women and heads of household trained", 500, "exact"),
        ("people benefiting from the income-generating projects", 1_500, "about"),
        ("Carrefour stores in Colombia selling the products", 35, "exact"),
        ("gas stations with counter-trafficking billboards", 12, "exact"),
        ("support hubs established", 10, "exact"),
        ("professional training sessions", 10, "exact"),
        ("coffee associations created", 7, "exact"),
        ("people severely affected or displaced", 1_500_000, "exact"),
        ("global civil-society organisations working with IOM", 1_600, "more_than"),
    ],
)
def test_figures(label, value, qualifier):
    figure = Figure.objects.get(label=label)
    assert (figure.value, figure.qualifier) == (value, qualifier)


def test_every_figure_quotes_the_source():
    for figure in Figure.objects.all():
        assert squeeze(figure.source_text) in squeeze(SOURCE), figure.source_text


def test_a_range_figure():
    figure = Figure.objects.get(label="estimated dead and missing")
    assert figure.value_display == "60,000–100,000"


def test_every_quote_is_verbatim():
    quotes = list(Quote.objects.all())
    assert len(quotes) == 20
    for quote in quotes:
        assert quote.text in SOURCE, quote.text


def test_a_quote_keeps_its_accents_and_typographic_apostrophes():
    quote = Quote.objects.get(person__name="Szilard Béres")
    assert "IOM’s counter trafficking campaigns" in quote.text
    assert quote.organisation.name == "MediaGo Holding"
    assert quote.project.slug == "media-go-counter-trafficking-budapest"


def test_both_names_for_maple_leafs_head_of_recruitment_are_kept():
    heads = Person.objects.filter(job_title="Head of International Recruitment for Maple Leaf")
    assert {p.name for p in heads} == {"Susan Yaeger-Szoke", "Susan Boeve"}
    manitoba = Quote.objects.filter(text__startswith="Manitoba, which is mainly agricultural")
    assert {q.person.name for q in manitoba} == {"Susan Yaeger-Szoke", "Susan Boeve"}


def test_people_awards_and_publications():
    assert Person.objects.count() == 16
    nansen = Award.objects.get(name="Nansen Refugee Award")
    assert (nansen.year, nansen.person.name) == (2012, "Mama Hawa Aden Mohamed")
    film = Publication.objects.get(title="Man on Ground")
    assert (film.kind, film.date_display) == ("film", "May 2012")


def test_gmg_waves():
    joined = {m.organisation.slug: m.start_display for m in Membership.objects.select_related("organisation")}
    assert len(joined) == 16
    assert {slug for slug, when in joined.items() if when == "April 2003"} == {
        "iom",
        "ilo",
        "ohchr",
        "unctad",
        "unhcr",
        "unodc",
    }
    assert {slug for slug, when in joined.items() if when == "2006"} == {"un-desa", "undp", "unfpa", "world-bank"}
    assert {slug for slug, when in joined.items() if when == "November 2007"} == {
        "unesco",
        "unicef",
        "un-regional-commissions",
        "unitar",
    }
    assert {slug for slug, when in joined.items() if when == "2010"} == {"who", "un-women"}


def test_the_published_member_list_omits_who_and_the_world_bank():
    omitted = Membership.objects.filter(in_published_list=False).values_list("organisation__slug", flat=True)
    assert set(omitted) == {"who", "world-bank"}


def test_gmg_names_and_chairs():
    assert [(n.name, n.start_display) for n in GroupName.objects.all()] == [
        ("Geneva Migration Group", "April 2003"),
        ("Global Migration Group", "2006"),
    ]
    assert [(c.organisation.acronym, c.start_display, c.end_display) for c in ChairTerm.objects.all()] == [
        ("IOM", "January 2007", "June 2007"),
        ("IOM", "July 2013", "December 2013"),
        ("ILO", "1 January 2014", "31 December 2014"),
    ]


def test_working_groups_and_council():
    assert WorkingGroup.objects.filter(kind="working_group").count() == 3
    assert WorkingGroup.objects.filter(kind="task_force").count() == 2
    rights = WorkingGroup.objects.get(name="Working Group on Migration, Human Rights and Gender")
    assert [(lead.organisation.acronym, lead.role) for lead in rights.leads.all()] == [
        ("OHCHR", "co-chair"),
        ("UN Women", "co-chair"),
        ("UNICEF", "co-chair"),
    ]
    assert [c.date.year for c in CouncilInteraction.objects.all()] == [2008, 2009, 2010, 2013]


def _row_counts():
    models = [*apps.get_app_config("partnerships").get_models(), *apps.get_app_config("gmg").get_models()]
    return {model.__name__: model.objects.count() for model in models}


def test_loading_the_seed_twice_changes_nothing():
    before = _row_counts()
    call_command("load_seed", verbosity=0)
    assert _row_counts() == before
