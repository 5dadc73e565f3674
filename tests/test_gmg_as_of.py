"""What the group looked like on a given day: its name, its members, its chair."""

import datetime

import pytest

from gmg.models import ChairTerm, GroupName, Membership

pytestmark = pytest.mark.django_db


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("on", "count"),
    [
        ("2003-03-31", 0),
        ("2003-04-01", 6),
        ("2005-06-01", 6),
        ("2005-12-31", 6),
        ("2006-01-01", 10),
        ("2007-10-31", 10),
        ("2007-11-01", 14),
        ("2008-01-01", 14),
        ("2009-12-31", 14),
        ("2010-01-01", 16),
        ("2010-12-31", 16),
        ("2026-11-27", 16),
    ],
)
def test_members_on(on, count):
    assert Membership.objects.on(day(on)).count() == count


def test_members_after_someone_left():
    membership = Membership.objects.get(organisation__slug="who")
    membership.end = datetime.date(2012, 6, 30)
    membership.save()
    assert Membership.objects.on(day("2012-06-30")).filter(organisation__slug="who").exists()
    assert not Membership.objects.on(day("2012-07-01")).filter(organisation__slug="who").exists()


@pytest.mark.parametrize(
    ("on", "name"),
    [
        ("2003-03-31", None),
        ("2003-04-01", "Geneva Migration Group"),
        ("2005-06-01", "Geneva Migration Group"),
        ("2006-01-01", "Global Migration Group"),
        ("2013-09-01", "Global Migration Group"),
    ],
)
def test_name_on(on, name):
    found = GroupName.objects.on(day(on)).first()
    assert (found.name if found else None) == name


@pytest.mark.parametrize(
    ("on", "chair"),
    [
        ("2006-12-31", None),
        ("2007-01-01", "iom"),
        ("2007-06-30", "iom"),
        ("2007-07-01", None),
        ("2013-06-30", None),
        ("2013-07-01", "iom"),
        ("2013-09-01", "iom"),
        ("2013-12-31", "iom"),
        ("2014-01-01", "ilo"),
        ("2014-06-01", "ilo"),
        ("2014-12-31", "ilo"),
        ("2015-01-01", None),
    ],
)
def test_chair_on(on, chair):
    found = ChairTerm.objects.on(day(on)).select_related("organisation").first()
    assert (found.organisation.slug if found else None) == chair
