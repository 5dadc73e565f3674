"""Editors keep the records right in the admin; viewers never reach it."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from gmg.models import ChairTerm, Membership
from partnerships.admin_forms import CurrencyField
from partnerships.models import CURRENCIES, Organisation, Participation, Project, Theme

pytestmark = pytest.mark.django_db

ALL_MODELS = [*apps.get_app_config("partnerships").get_models(), *apps.get_app_config("gmg").get_models()]
# Not records, nothing to edit: the search vocabulary, the data version, the facet tables,
# the quality counts kept from them, the history of the others (shown on each record's
# history page), and the partners a long write refreshes at its end.
DERIVED = {"SearchWord", "DataVersion", "ProjectFacets", "OrganisationFacets", "QualityCount", "PartnerToRefresh"}
MODELS = [
    model for model in ALL_MODELS if model.__name__ not in DERIVED and not model.__name__.startswith("Historical")
]


def test_every_model_is_in_the_admin():
    assert [model for model in MODELS if model not in admin.site._registry] == []


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_editor_can_open_every_admin_page(editor_client, model, django_assert_max_num_queries):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    assert editor_client.get(admin_url(model, "add")).status_code == 200
    instance = model.objects.first()
    with django_assert_max_num_queries(60):
        response = editor_client.get(admin_url(model, "change", instance.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_search_works(editor_client, model):
    response = editor_client.get(admin_url(model, "changelist"), {"q": "IOM"})
    assert response.status_code == 200


def test_overlapping_chair_term_gets_a_readable_error(editor_client):
    who = Organisation.objects.get(slug="who")
    response = editor_client.post(
        admin_url(ChairTerm, "add"),
        {
            "organisation": who.pk,
            "start": "2013-10-01",
            "start_precision": "day",
            "end": "2014-02-28",
            "end_precision": "day",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "Another organisation chairs the group during part of this period." in response.text
    assert not ChairTerm.objects.filter(organisation=who).exists()


def test_the_overlap_message_names_and_links_the_clashing_term(editor_client):
    who = Organisation.objects.get(slug="who")
    iom_2013 = ChairTerm.objects.get(organisation__slug="iom", start__year=2013)
    response = editor_client.post(admin_url(ChairTerm, "add"), chair_term(who, "2013-10-01", "2014-02-28"))
    assert f'<a href="{admin_url(ChairTerm, "change", iom_2013.pk)}">' in response.text
    assert "International Organization for Migration: July 2013 – December 2013" in response.text


# The sources a record cites, inline on its form (core/admin.py): none added here.
NO_CITATIONS = {
    "core-citation-content_type-object_id-TOTAL_FORMS": 0,
    "core-citation-content_type-object_id-INITIAL_FORMS": 0,
}


def chair_term(organisation, start, end) -> dict:
    return {
        "organisation": organisation.pk,
        "start": start,
        "start_precision": "day",
        "end": end,
        "end_precision": "day",
        "note": "",
        **NO_CITATIONS,
    }


@pytest.mark.parametrize(
    ("slug", "start", "end", "why"),
    [
        ("americares", "2016-01-01", "2016-12-31", "never a member"),
        ("who", "2009-07-01", "2010-06-30", "joined in 2010"),
        ("who", "2030-01-01", "", "open-ended: a member until at least then"),
    ],
)
def test_a_chair_is_a_member_on_every_day_of_its_term(editor_client, slug, start, end, why):
    """Regression: a non-member NGO was accepted as GMG chair."""
    organisation = Organisation.objects.get(slug=slug)
    response = editor_client.post(admin_url(ChairTerm, "add"), chair_term(organisation, start, end))
    if why.startswith("open-ended"):
        assert response.status_code == 302, why
        return
    assert response.status_code == 200, why
    assert "Only a member can chair the group" in response.text
    assert not ChairTerm.objects.filter(organisation=organisation, start=start).exists()


def test_a_membership_cannot_be_cut_short_under_a_chair_term(editor_client):
    ilo = Membership.objects.get(organisation__slug="ilo")
    data = {
        "organisation": ilo.organisation_id,
        "start": ilo.start.isoformat(),
        "start_precision": ilo.start_precision,
        "end": "2014-06-30",
        "end_precision": "day",
        "in_published_list": "on",
        "note": ilo.note,
        **NO_CITATIONS,
    }
    response = editor_client.post(admin_url(Membership, "change", ilo.pk), data)
    assert response.status_code == 200
    assert "chairs the group" in response.text
    ilo.refresh_from_db()
    assert ilo.end is None


def test_overlapping_chair_terms_in_one_submission_get_a_readable_error(editor_client):
    who = Organisation.objects.get(slug="who")
    prefix = "gmg_chair_terms"
    data = {
        "name": who.name,
        "acronym": who.acronym,
        "slug": who.slug,
        "kind": who.kind,
        "hq_country": who.hq_country_id,
        "description": who.description,
        "aliases": "",
        "website": "",
        "participations-TOTAL_FORMS": 0,
        "participations-INITIAL_FORMS": 0,
        "gmg_memberships-TOTAL_FORMS": 0,
        "gmg_memberships-INITIAL_FORMS": 0,
        f"{prefix}-TOTAL_FORMS": 2,
        f"{prefix}-INITIAL_FORMS": 0,
    }
    for index, (start, end) in enumerate([("2020-01-01", "2020-12-31"), ("2020-06-01", "2021-05-31")]):
        data |= {
            f"{prefix}-{index}-start": start,
            f"{prefix}-{index}-start_precision": "day",
            f"{prefix}-{index}-end": end,
            f"{prefix}-{index}-end_precision": "day",
        }
    response = editor_client.post(admin_url(Organisation, "change", who.pk), data)
    assert response.status_code == 200
    assert "Two of these periods overlap" in response.text
    assert not ChairTerm.objects.filter(organisation=who).exists()


def test_negative_amount_gets_a_readable_error(editor_client):
    part = Participation.objects.get(organisation__slug="chevron", project__slug="chevron-cyclone-myanmar")
    response = editor_client.post(
        admin_url(Participation, "change", part.pk),
        {
            "project": part.project_id,
            "organisation": part.organisation_id,
            "role": part.role,
            "amount": "-5",
            "currency": "USD",
            "in_kind": "",
            "agreement": part.agreement,
            "start_precision": "day",
            "end_precision": "day",
            "note": "",
            **NO_CITATIONS,
        },
    )
    assert response.status_code == 200
    assert "The amount cannot be negative." in response.text
    part.refresh_from_db()
    assert part.amount == 400000


def test_month_precision_date_is_stored_as_the_whole_month(editor_client):
    who = Organisation.objects.get(slug="who")
    response = editor_client.post(
        admin_url(ChairTerm, "add"),
        {
            "organisation": who.pk,
            "start": "2016-03-17",
            "start_precision": "month",
            "end": "2016-05-02",
            "end_precision": "month",
            "note": "",
            **NO_CITATIONS,
        },
    )
    assert response.status_code == 302
    term = ChairTerm.objects.get(organisation=who)
    assert (term.start_display, term.end_display) == ("March 2016", "May 2016")
    assert (term.start.day, term.end.day) == (1, 31)


THROUGH = [
    field.remote_field.through
    for model in MODELS
    for field in model._meta.local_many_to_many
    if field.remote_field.through._meta.auto_created
]


@pytest.mark.parametrize("through", THROUGH, ids=lambda model: model.__name__)
def test_every_link_between_records_has_a_readable_name(through):
    link = through.objects.first()
    assert "object (" not in str(link)
    assert " – " in str(link)


def test_a_delete_confirmation_names_the_links_that_go_with_the_record(superuser_client):
    theme = Theme.objects.get(slug="disaster-preparedness")
    response = superuser_client.get(admin_url(Theme, "delete", theme.pk))
    assert "Are you sure" in response.text
    assert "object (" not in response.text
    for project in theme.projects.all():
        assert f"{project.title} – {theme.name}" in response.text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("USD", "USD"),
        ("usd", "USD"),
        (" eur ", "EUR"),
        ("US Dollar", "USD"),
        ("euro", "EUR"),
        ("", ""),
        # what the help text promises, as people type it (issue 27): singular, plural,
        # with or without the country, in English, French and Spanish
        ("dollar", "USD"),
        ("dollars", "USD"),
        ("US dollars", "USD"),
        ("dollars américains", "USD"),
        ("dólares estadounidenses", "USD"),
        ("euros", "EUR"),
        ("livres sterling", "GBP"),
        ("libras esterlinas", "GBP"),
        ("Swiss francs", "CHF"),
        ("francos suizos", "CHF"),
        ("dollars canadiens", "CAD"),
        ("Kenyan shillings", "KES"),
        ("€", "EUR"),
    ],
)
def test_a_currency_is_given_by_its_code_or_its_name(typed, stored):
    assert CurrencyField(required=False).clean(typed) == stored


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("franc", "“franc” may be"),  # several: the codes to choose from
        ("shillings", "KES (Kenyan Shilling)"),
        ("doubloons", "“doubloons” is not a currency"),
    ],
)
def test_a_currency_not_understood_gets_one_message(typed, said):
    with pytest.raises(ValidationError) as error:
        CurrencyField(required=False).clean(typed)
    assert len(error.value.messages) == 1 and said in error.value.messages[0]


def test_the_currency_box_offers_every_iso_4217_currency_to_search(editor_client):
    project = Project.objects.get(slug="chevron-cyclone-myanmar")
    html = editor_client.get(admin_url(Project, "change", project.pk)).text
    assert 'list="currencies"' in html and 'maxlength="3"' not in html
    datalist = html.split('<datalist id="currencies">')[1].split("</datalist>")[0]
    assert datalist.count("<option") == len(CURRENCIES)
    assert '<option value="USD">USD – US Dollar</option>' in datalist


def test_each_row_error_is_listed_at_the_top_with_a_link_to_it(editor_client):
    """Regression: a partner row's error showed only "Please correct the error below."
    at the top, the real message far down the page."""
    project = Project.objects.get(slug="chevron-cyclone-myanmar")
    response = editor_client.get(admin_url(Project, "change", project.pk))
    data = {
        key: value
        for key, value in response.context["adminform"].form.initial.items()
        if isinstance(value, str | int) and value is not None
    }
    data |= {
        "title": project.title,
        "countries": [country.pk for country in project.countries.all()],
        "themes": [theme.pk for theme in project.themes.all()],
        "start_precision": "day",
        "end_precision": "day",
    }
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {f"{management.prefix}-{name}": management[name].value() for name in management.fields}
        for form in inline.formset.forms:
            data |= {form[name].html_name: form[name].value() or "" for name in form.fields if name != "DELETE"}
    data["participations-0-currency"] = "doubloons"
    response = editor_client.post(admin_url(Project, "change", project.pk), data)
    assert response.status_code == 200
    summary = response.text.split('class="errornote"')[1].split("</ul>")[0]
    assert '<a href="#id_participations-0-currency">' in summary
    assert "“doubloons” is not a currency" in summary
    row = next(
        inline.formset.forms[0]
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "participations"
    )
    assert list(row.errors) == ["currency"] and len(row.errors["currency"]) == 1  # one message, not two
