"""The GMG pages answer: who chaired the group on a date, and who were its members."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("gmg:on")


@pytest.mark.parametrize(
    ("day", "name", "members"),
    [
        ("2005-06-01", "Geneva Migration Group", 6),
        ("2008-01-01", "Global Migration Group", 14),
        ("2010-12-31", "Global Migration Group", 16),
    ],
)
def test_the_group_on_a_date(viewer_client, day, name, members):
    response = viewer_client.get(URL, {"on": day})
    assert f'<dd class="col-sm-10" id="group-name">{name}' in response.text
    assert len(response.context["members"]) == members
    assert f'<span id="member-count">{members}</span>' in response.text


@pytest.mark.parametrize(
    ("day", "chair"),
    [("2013-09-01", "/partners/iom/"), ("2014-06-01", "/partners/ilo/"), ("2007-03-01", "/partners/iom/")],
)
def test_the_chair_on_a_date(viewer_client, day, chair):
    html = viewer_client.get(URL, {"on": day}).text
    assert f'id="group-chair"><a href="{chair}">' in html


def test_no_chair_recorded(viewer_client):
    response = viewer_client.get(URL, {"on": "2010-06-01"})
    assert "No chair term is recorded for this date." in response.text


def test_before_the_group_existed(viewer_client):
    response = viewer_client.get(URL, {"on": "2002-01-01"})
    assert "did not exist yet" in response.text


def test_previous_and_next_change(viewer_client):
    html = viewer_client.get(URL, {"on": "2009-06-01"}).text
    assert 'href="?on=2007-11-01" rel="prev"' in html
    assert 'href="?on=2010-01-01" rel="next"' in html


def test_members_show_when_they_joined(viewer_client):
    html = viewer_client.get(URL, {"on": "2012-01-01"}).text
    assert "November 2007" in html and "April 2003" in html and "2010" in html


@pytest.mark.parametrize("bad", ["2024-02-30", "yesterday", "\x00", "99999-01-01", "1800-01-01"])
def test_a_bad_date_shows_today_with_a_notice(viewer_client, bad):
    response = viewer_client.get(URL, {"on": bad})
    assert response.status_code == 200
    assert response.context["notices"]


def test_chair_history(viewer_client):
    html = viewer_client.get(reverse("gmg:chairs")).text
    assert html.count("/partners/iom/") == 2 and "/partners/ilo/" in html
    assert "January 2007" in html and "July 2013" in html and "1 January 2014" in html


def test_working_groups(viewer_client):
    response = viewer_client.get(reverse("gmg:groups"))
    html = response.text
    assert "Task Force on Migration and Decent Work" in html
    assert "co-convener" in html and "co-chair" in html


def test_council_interactions_are_listed(viewer_client):
    html = viewer_client.get(URL).text
    for year in ["2008", "2009", "2010", "2013"]:
        assert f"<li>{year}: IOM invited the GMG" in html


@pytest.mark.parametrize(
    ("typed", "day"), [("2008", "2008-01-01"), ("2008-06", "2008-06-01"), (" 2010-3 ", "2010-03-01")]
)
def test_a_year_or_a_month_stands_for_its_first_day_and_says_so(viewer_client, typed, day):
    """Issue 27: typing "2008" was refused."""
    response = viewer_client.get(URL, {"on": typed})
    assert response.context["day"].isoformat() == day
    assert any("is read as" in notice for notice in response.context["notices"])


def test_the_answer_comes_before_the_timeline_and_every_link_goes_to_it(viewer_client):
    """Issue 27: after "Show" or a timeline link, the answer sat two screens down."""
    html = viewer_client.get(URL, {"on": "2008-06-01"}).text
    assert html.index('id="h-on"') < html.index('class="gmg-timeline')
    assert 'action="#h-on"' in html
    links = re.findall(r'href="(\?on=[^"]+)"', html.split('class="gmg-timeline')[1].split("</svg>")[0])
    assert links and all(link.endswith("#h-on") for link in links)


def test_chair_terms_are_labelled_on_the_timeline(viewer_client):
    html = viewer_client.get(URL, {"on": "2008-06-01"}).text
    labels = re.findall(r'class="timeline-chair-label"[^>]*>([^<]+)<', html)
    assert labels == ["1", "2", "ILO"]  # a name where it fits, else a number the key under the timeline gives
    assert ">1. </span>" in html


def test_today_says_when_the_sources_last_confirmed_the_group(viewer_client):
    html = viewer_client.get(URL).text
    assert 'id="confirmed"' in html and "the latest change they report is of" in html  # the seed's pages are undated
    assert 'id="confirmed"' not in viewer_client.get(URL, {"on": "2008-06-01"}).text
