"""What a member of staff does in a day, in a real browser."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partnerships.models import Organisation, Project

from .conftest import PASSWORD, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, path="/"):
    page.goto(page.base + path)
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "bea")
    page.fill("#id_password", PASSWORD)
    shoot(page, "login")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_login_returns_to_the_page_asked_for(page):
    log_in(page, "/gmg/chairs/")
    assert page.url == page.base + "/gmg/chairs/"
    shoot(page, "gmg-chairs")


def test_dashboard(page):
    log_in(page)
    assert page.locator("h1").inner_text() == "Partnerships at a glance"
    shoot(page, "dashboard")
    page.click("text=Counter-trafficking")
    assert "theme=counter-trafficking" in page.url


def test_filter_projects_by_theme_and_country(page):
    log_in(page, "/projects/")
    list_url = page.url
    page.check("input[name=theme][value=health]")
    page.check("input[name=country][value=ID]")
    assert page.url == list_url  # ticks wait for Apply: one page load for both
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**country=ID**")
    assert "theme=health" in page.url
    shoot(page, "projects-filtered")
    titles = page.locator("tbody tr td.col-title a").all_inner_texts()
    assert sorted(titles) == [
        "Community health infrastructure in Aceh Barat",
        "Health care and livelihoods after the tsunami in Banda Aceh",
    ]
    page.go_back()
    page.wait_for_load_state()
    assert page.url == list_url


def test_search_with_a_typo_and_open_a_project(page):
    log_in(page, "/projects/")
    page.fill("#id_q", "Panasonik")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**q=Panasonik**")
    assert "showing results for “panasonic”" in page.content()
    shoot(page, "projects-search-typo")
    page.click("text=Solar lanterns for the most vulnerable in Somali IDP settlements")
    page.wait_for_load_state()
    assert "Our community did not have light before, now our nights have become days." in page.content()
    assert "Edit in admin" not in page.content()
    shoot(page, "project")


def test_organisation_timeline(page):
    log_in(page, "/partners/")
    shoot(page, "partners")
    page.fill("#id_q", "chevron")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**q=chevron**")
    page.get_by_role("link", name="Chevron", exact=True).first.click()
    page.wait_for_load_state()
    timeline = page.locator(".timeline").inner_text()
    assert timeline.index("2004") < timeline.index("May 2008")
    shoot(page, "organisation")


def test_change_the_gmg_date(page):
    log_in(page, "/gmg/")
    page.fill("#id_on", "2005-06-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**on=2005-06-01**")
    assert page.locator("#group-name").inner_text().startswith("Geneva Migration Group")
    assert page.locator("#member-count").inner_text() == "6"
    page.click("text=Next change")
    page.wait_for_url("**on=2006-01-01**")
    assert page.locator("#member-count").inner_text() == "10"
    shoot(page, "gmg")


def test_download_a_csv(page):
    log_in(page, "/projects/?organisation=chevron")
    with page.expect_download() as download_info:
        page.click("text=Download CSV")
    download = download_info.value
    assert download.suggested_filename == f"projects-chevron-{timezone.localdate().isoformat()}.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert sorted(row["slug"] for row in rows) == ["angola-community-revitalization", "chevron-cyclone-myanmar"]


@pytest.mark.parametrize("width", [390, 1366])
def test_save_a_search_and_open_it_again(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "/projects/?theme=health&country=ID")
    page.get_by_text("Save this search").click()
    page.fill("#id_save_name", "Health in Indonesia")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "Saved as “Health in Indonesia”." in page.content()
    assert "country=ID" in page.url and "theme=health" in page.url
    if width > 800:
        page.get_by_role("link", name="Saved searches").click()
    else:  # the menu is folded away on a phone
        page.goto(page.base + "/saved/")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, f"saved-search-{width}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Health in Indonesia").click()
    page.wait_for_url("**theme=health**")
    assert page.errors == []


@pytest.mark.parametrize("width", [390, 1366])
def test_follow_a_partner_and_read_what_changed(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "/partners/chevron/")
    page.get_by_role("button", name="Follow").click()
    page.wait_for_load_state()
    assert "You follow “Chevron”." in page.content()
    chevron = Organisation.objects.get(slug="chevron")
    chevron.description = "Energy company; partner since 2008."
    chevron._history_user = User.objects.create_user("edgar")  # an editor, elsewhere
    chevron.save()
    page.goto(page.base + "/notifications/")
    assert page.get_by_text("“Chevron” was changed.").is_visible()
    assert page.locator("table.changes ins").inner_text() == "Energy company; partner since 2008."
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shoot(page, f"notifications-told-{width}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Mark all read").click()
    page.wait_for_load_state()
    assert page.locator(".badge", has_text="unread").count() == 0
    page.goto(page.base + "/following/")
    page.select_option("#id_delivery_overall", "weekly")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_load_state()
    assert page.locator("#id_delivery_overall").input_value() == "weekly"
    shoot(page, f"following-chosen-{width}")
    assert page.errors == []


@pytest.mark.parametrize(("skips", "focused"), [(2, "results"), (3, "apply-filters")])
def test_skip_links_pass_the_filter_choices(page, skips, focused):
    log_in(page, "/projects/")
    for _ in range(skips):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == focused


def test_more_choices_keeps_the_boxes_ticked_but_not_applied(page):
    log_in(page, "/projects/")
    page.check("input[name=theme][value=health]")
    page.locator("fieldset", has=page.locator("input[name=country]")).locator(".facet-more").click()
    page.wait_for_url("**/projects/choices/country/**")
    assert "theme=health" in page.url
    page.get_by_role("link", name=re.compile("^Indonesia")).click()
    page.wait_for_url("**country=ID**")
    assert "theme=health" in page.url


def test_the_phone_sorts_and_searches_above_the_list(page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "/projects/?theme=health")
    page.select_option("#id_sort_phone", "title")
    page.wait_for_url("**sort=title**")
    assert "theme=health" in page.url
    assert page.locator("#id_sort_phone").input_value() == "title"  # the order in use, shown
    page.fill("#id_q_phone", "tsunami")
    page.locator("#id_q_phone").press("Enter")
    page.wait_for_url("**q=tsunami**")
    assert "theme=health" in page.url and "sort=title" in page.url
    shoot(page, "projects-phone-sorted")
    assert axe_violations(page) == []


def test_quotes_and_groups_pages(page):
    log_in(page, "/quotes/")
    shoot(page, "quotes")
    page.goto(page.base + "/gmg/groups/")
    shoot(page, "gmg-groups")
    assert page.errors == []


PAGES = [
    ("dashboard", "/"),
    ("projects", "/projects/"),
    ("project", "/projects/solar-lanterns-somalia/"),
    ("project-choices", "/projects/choices/country/"),
    ("partners", "/partners/"),
    ("partner", "/partners/chevron/"),
    ("quotes", "/quotes/"),
    ("quality", "/quality/"),
    ("gmg", "/gmg/?on=2008-06-01"),
    ("gmg-chairs", "/gmg/chairs/"),
    ("gmg-groups", "/gmg/groups/"),
    ("api-docs", "/api/docs/"),
    ("source", "/sources/iom-partner-pages/"),
    ("saved-searches", "/saved/"),
    ("following", "/following/"),
    ("notifications", "/notifications/"),
]


AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js").read_text()
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """What axe-core finds against WCAG 2.1 AA on the page (evaluated by the browser
    itself, so the Content-Security-Policy does not block it)."""
    page.evaluate(AXE)
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [f"{violation['id']}: {node['target']}" for violation in result["violations"] for node in violation["nodes"]]


# The smallest text of the charts and the timeline as drawn, in CSS pixels (an SVG's
# text shrinks with its drawing).
SMALLEST_CHART_TEXT = """() => Math.min(1000, ...[...document.querySelectorAll('.chart span, svg text')].map(
    (el) => parseFloat(getComputedStyle(el).fontSize) * (el.getScreenCTM ? el.getScreenCTM().a : 1)))"""


@pytest.mark.parametrize("width", [390, 1366])
def test_every_page_fits_the_screen_and_passes_axe(page, width):
    """Nothing runs off to the right: at phone width lists are cards, wide tables and the
    GMG timeline scroll inside their own box; no chart text is under 11px; axe-core
    finds no WCAG 2.1 AA violation.
    The screenshots (screenshots/<page>-<width>.png) are for people to look at."""
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page)
    violations = {}
    for name, path in PAGES:
        page.goto(page.base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert page.evaluate(SMALLEST_CHART_TEXT) >= 11, path
        shoot(page, f"{name}-{width}")
        violations[path] = axe_violations(page)
    assert {path: found for path, found in violations.items() if found} == {}
    assert page.errors == []


def test_phone_lists_are_cards_and_the_filters_stay_open(page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "/projects/")
    card = page.locator("table.table-cards tbody tr").nth(2)  # Emergency response to the cyclone in Myanmar
    for label, text in [
        ("Start", "May 2008"),
        ("Countries", "Myanmar"),
        ("Partners", "Chevron"),
        ("Cash", "USD 400,000"),
    ]:
        cell = card.locator(f"td[data-label={label}]")
        assert text in cell.inner_text()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, label
    page.get_by_role("button", name="Filters").click()
    # each filter not in use is folded, so that Apply is a few taps away
    assert not page.locator("input[name=theme][value=health]").is_visible()
    page.locator("details.facet-group:has(input[name=theme]) > summary").click()
    page.check("input[name=theme][value=health]")
    page.locator("details.facet-group:has(input[name=status]) > summary").click()
    page.check("input[name=status][value=completed]")
    assert page.locator("#filters").is_visible()  # still open, nothing reloaded
    shoot(page, "projects-phone-filters")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**status=completed**")
    assert "theme=health" in page.url
    assert page.get_by_role("button", name="Filters (2 in use)").is_visible()


def test_the_map_opens_a_country_and_keeps_the_filters(page):
    shapes = []
    page.on("response", lambda response: "world-map" in response.url and shapes.append(response.status))
    log_in(page, "/?map=projects")
    page.locator("#map svg a[href='/projects/?country=PK']").click()
    page.wait_for_url("**country=PK**")
    assert shapes and set(shapes) == {200}  # the shapes: one file, for every map
    assert page.locator("td.col-title").count() == Project.objects.filter(countries="PK").count()
    marked = page.locator(".map-panel use.map-selected")
    assert marked.get_attribute("href").endswith("#PK")
    page.goto(page.base + "/projects/?theme=health")
    page.locator(".map-panel svg a[href*='country=ZW']").click()
    page.wait_for_url("**country=ZW**")
    assert "theme=health" in page.url
    shoot(page, "projects-map")
    # On a phone the list comes first: the map is folded, its table a tap away.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/projects/")
    assert not page.locator(".map-panel .world-map").is_visible()
    page.locator(".map-panel > summary").click()
    page.locator(".map-table > summary").click()
    assert page.get_by_role("link", name="South Africa").first.is_visible()
    shoot(page, "projects-map-phone")
    assert axe_violations(page) == []


def test_a_printed_record_says_what_where_and_when(page):
    log_in(page, "/projects/chevron-cyclone-myanmar/")
    page.emulate_media(media="print")
    header = page.locator(".print-only")
    assert header.is_visible()
    text = header.inner_text()
    assert "Partnership Portal" in text and "/projects/chevron-cyclone-myanmar/" in text and "printed" in text
    after = page.evaluate("getComputedStyle(document.querySelector('a.source-link'), '::after').content")
    assert "/sources/" in after
    page.emulate_media(media="screen")
    assert not header.is_visible()
