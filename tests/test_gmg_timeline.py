"""The GMG timeline: a bar per member from the day it joined, the renaming, the chair
terms; each links to the group on that date, and the facts are also a table."""

import datetime
import re

import pytest

from gmg.models import ChairTerm, Membership
from gmg.timeline import timeline

pytestmark = pytest.mark.django_db


def test_one_bar_per_member_in_order_of_joining():
    tl = timeline(datetime.date(2010, 1, 1))
    memberships = Membership.objects.order_by("start", "organisation__name")
    assert [span.on for span in tl.members] == [m.start for m in memberships]
    assert len(tl.members) == 16
    assert all(span.x >= tl.label_width and span.x + span.width <= tl.width for span in tl.members)
    # Founders (April 2003) start left of those who joined in 2006.
    assert tl.members[0].x < tl.members[-1].x


def test_the_renaming_and_the_chair_terms_are_marked():
    tl = timeline(datetime.date(2010, 1, 1))
    assert [(r.label, r.on) for r in tl.renamings] == [("Renamed Global Migration Group", datetime.date(2006, 1, 1))]
    assert [span.on for span in tl.chairs] == list(ChairTerm.objects.order_by("start").values_list("start", flat=True))


def test_the_page_draws_the_timeline_and_each_date_opens_the_group_that_day(viewer_client):
    html = viewer_client.get("/gmg/?on=2007-03-01").text
    assert 'aria-labelledby="tl-title tl-desc"' in html
    assert "The timeline as a table" in html
    links = set(re.findall(r'href="\?on=(\d{4}-\d{2}-\d{2})(?:#h-on)?"', html))
    assert "2006-01-01" in links  # the renaming
    for day in sorted(links):
        page = viewer_client.get(f"/gmg/?on={day}")
        assert page.status_code == 200
        assert "is not a date" not in page.text


def test_a_member_bar_opens_a_day_on_which_it_is_a_member(viewer_client):
    who = Membership.objects.get(organisation__slug="who")
    html = viewer_client.get(f"/gmg/?on={who.start.isoformat()}").text
    assert "World Health Organization" in html


def test_the_date_shown_is_marked_on_the_timeline(viewer_client):
    assert 'class="timeline-day"' in viewer_client.get("/gmg/?on=2009-05-01").text
    assert timeline(datetime.date(1990, 1, 1)).day_x is None
