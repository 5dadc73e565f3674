"""Integrity rules hold in the database itself, whatever writes to it."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from gmg.models import ChairTerm, Membership
from partnerships.models import Figure, Organisation, Participation, Project, Quote

pytestmark = pytest.mark.django_db


def rejected(**kwargs):
    """Expect the database to reject a write, leaving the test's transaction usable."""
    return pytest.raises(IntegrityError, **kwargs)


@pytest.fixture
def iom():
    return Organisation.objects.get(slug="iom")


@pytest.fixture
def who():
    return Organisation.objects.get(slug="who")


def test_overlapping_chair_terms_are_rejected(who):
    with rejected(match="gmg_chairterm_no_overlap"), transaction.atomic():
        ChairTerm.objects.create(organisation=who, start=datetime.date(2013, 12, 1), end=datetime.date(2014, 3, 31))


def test_open_ended_chair_term_overlapping_a_later_one_is_rejected(who):
    with rejected(match="gmg_chairterm_no_overlap"), transaction.atomic():
        ChairTerm.objects.create(organisation=who, start=datetime.date(2012, 1, 1), end=None)


def test_adjacent_chair_terms_are_accepted(who):
    ChairTerm.objects.create(organisation=who, start=datetime.date(2015, 1, 1), end=datetime.date(2015, 6, 30))
    assert ChairTerm.objects.on(datetime.date(2015, 1, 1)).get().organisation == who


def test_end_before_start_is_rejected():
    project = Project.objects.get(slug="praesidium-lampedusa")
    project.end = datetime.date(2005, 12, 31)
    with rejected(match="partnerships_project_start_before_end"), transaction.atomic():
        project.save()


def test_chair_term_ending_before_it_starts_is_rejected(who):
    with rejected(match="gmg_chairterm_start_before_end"), transaction.atomic():
        ChairTerm.objects.create(organisation=who, start=datetime.date(2020, 5, 1), end=datetime.date(2020, 4, 30))


def test_negative_amount_is_rejected(iom):
    project = Project.objects.get(slug="praesidium-lampedusa")
    with rejected(match="partnerships_participation_amount_positive"), transaction.atomic():
        Participation.objects.create(
            project=project, organisation=iom, role="funding", amount=Decimal("-1"), currency="USD"
        )


def test_amount_without_currency_is_rejected(iom):
    project = Project.objects.get(slug="praesidium-lampedusa")
    with rejected(match="partnerships_participation_amount_has_currency"), transaction.atomic():
        Participation.objects.create(project=project, organisation=iom, role="funding", amount=Decimal("10"))


def test_duplicate_membership_is_rejected(iom):
    with rejected(match="gmg_membership_no_overlap"), transaction.atomic():
        Membership.objects.create(organisation=iom, start=datetime.date(2010, 1, 1))


def test_rejoining_after_leaving_is_accepted(who):
    membership = Membership.objects.get(organisation=who)
    membership.end = datetime.date(2011, 12, 31)
    membership.save()
    Membership.objects.create(organisation=who, start=datetime.date(2012, 1, 1))
    assert Membership.objects.filter(organisation=who).count() == 2


def test_month_precision_start_must_be_the_first_of_the_month(who):
    with rejected(match="gmg_chairterm_start_aligned"), transaction.atomic():
        ChairTerm.objects.create(organisation=who, start=datetime.date(2020, 5, 15), start_precision="month", end=None)


def test_year_precision_end_must_be_the_last_day_of_the_year(who):
    with rejected(match="gmg_chairterm_end_aligned"), transaction.atomic():
        ChairTerm.objects.create(
            organisation=who, start=datetime.date(2020, 1, 1), end=datetime.date(2020, 6, 30), end_precision="year"
        )


def test_figure_needs_exactly_one_subject(iom):
    project = Project.objects.get(slug="praesidium-lampedusa")
    with rejected(match="partnerships_figure_has_one_subject"), transaction.atomic():
        Figure.objects.create(
            project=project, organisation=iom, kind="other", value=1, unit="things", label="both subjects"
        )


def test_same_quote_twice_from_the_same_person_is_rejected():
    quote = Quote.objects.get(person__name="Szilard Béres")
    with rejected(match="partnerships_quote_unique_text"), transaction.atomic():
        Quote.objects.create(text=quote.text, person=quote.person, project=quote.project)


def test_organisation_cannot_be_its_own_parent(iom):
    iom.parent = iom
    with rejected(match="partnerships_organisation_not_own_parent"), transaction.atomic():
        iom.save()


def test_the_database_refuses_a_chair_that_is_not_a_member():
    americares = Organisation.objects.get(slug="americares")
    with rejected(match="gmg_chair_is_member"), transaction.atomic():
        ChairTerm.objects.create(
            organisation=americares, start=datetime.date(2016, 1, 1), end=datetime.date(2016, 6, 30)
        )


def test_the_database_refuses_to_end_a_membership_under_a_chair_term():
    with rejected(match="gmg_chair_is_member"), transaction.atomic():
        Membership.objects.filter(organisation__slug="ilo").update(end=datetime.date(2014, 6, 30))
