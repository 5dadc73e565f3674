"""Saved searches: a list's filters under a name, private or shared, with what they match
now and what is new since the reader last opened them."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from following.models import Opened, SavedSearch
from partnerships.models import Organisation, Project, Quote

pytestmark = pytest.mark.django_db

MENU = reverse("following:saved_searches")


@pytest.fixture
def viewer_client(viewer):
    """Each person their own client (the shared `client` fixture would have one login)."""
    client = Client()
    client.force_login(viewer)
    return client


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def save(client, name: str, view: str = "partnerships:projects", query: str = "theme=health", **extra):
    return client.post(reverse("following:save"), {"name": name, "list_view": view, "query": query, **extra})


def menu_rows(client) -> dict[str, list[str]]:
    """Each saved search's name and the cells of its row, as the menu shows them."""
    page = client.get(MENU).text
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]:
        name = re.search(r'<button type="submit" class="btn btn-link[^"]*">([^<]*)</button>', row).group(1)
        rows[html.unescape(name)] = [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
    return rows


def test_a_list_is_saved_under_a_name_and_opens_with_its_filters(viewer_client, viewer):
    response = save(viewer_client, "Health", query="theme=health&page=3&country=ID")
    assert response.status_code == 302
    assert response.url == "/projects/?country=ID&theme=health"
    search = SavedSearch.objects.get(owner=viewer)
    assert (search.name, search.list, search.query, search.shared) == (
        "Health",
        "projects",
        "country=ID&theme=health",
        False,
    )
    assert Opened.objects.get(search=search, user=viewer).seen_up_to == Project.objects.order_by("-pk")[0].pk
    assert "Saved as “Health”." in viewer_client.get(response.url).text


def test_every_list_page_offers_to_save_its_search(viewer_client):
    for url in ["/projects/?theme=health", "/partners/?kind=company", "/quotes/?q=migrants"]:
        page = viewer_client.get(url).text
        assert 'action="/saved/new/"' in page
        assert 'name="query" value="' in page


def test_the_menu_counts_the_matches_and_the_new_ones(viewer_client, viewer):
    save(viewer_client, "Counter-trafficking", query="theme=counter-trafficking")
    save(viewer_client, "Companies", view="partnerships:organisations", query="kind=company")
    save(viewer_client, "Lanterns", view="partnerships:quotes", query="q=lantern")
    rows = menu_rows(viewer_client)
    assert rows["Counter-trafficking"][2] == str(Project.objects.filter(themes__slug="counter-trafficking").count())
    assert rows["Companies"][2] == str(Organisation.objects.filter(kind="company").count())
    assert rows["Lanterns"][2] == str(Quote.objects.filter(text__icontains="lantern").count())
    assert rows["Counter-trafficking"][3] == "0"

    theme = Project.objects.filter(themes__slug="counter-trafficking").first().themes.get(slug="counter-trafficking")
    Project.objects.create(title="New", slug="new-ct", summary="-", status="planned").themes.add(theme)
    assert menu_rows(viewer_client)["Counter-trafficking"][3] == "1"
    search = SavedSearch.objects.get(name="Counter-trafficking")
    viewer_client.post(reverse("following:open"), {"id": search.pk})
    assert menu_rows(viewer_client)["Counter-trafficking"][3] == "0"


def test_a_search_whose_filters_no_longer_apply_opens_with_notices(viewer_client):
    Organisation.objects.create(name="Short-lived", slug="short-lived", kind="ngo")
    save(viewer_client, "Short-lived's", query="organisation=short-lived")
    Organisation.objects.get(slug="short-lived").delete()
    row = menu_rows(viewer_client)["Short-lived's"]
    assert "no longer apply" in row[0] and "short-lived" in row[0]
    search = SavedSearch.objects.get(name="Short-lived's")
    response = viewer_client.post(reverse("following:open"), {"id": search.pk}, follow=True)
    assert response.status_code == 200
    assert "Ignored" in response.text


def test_people_see_their_own_searches_and_the_shared_ones(viewer_client, viewer, editor_client, editor):
    save(editor_client, "Editor's private")
    save(editor_client, "For everyone", shared="on")
    save(viewer_client, "Viewer's own", shared="on")  # a viewer may not share: kept private
    assert set(menu_rows(viewer_client)) == {"For everyone", "Viewer's own"}
    assert set(menu_rows(editor_client)) == {"Editor's private", "For everyone"}
    assert not SavedSearch.objects.get(name="Viewer's own").shared
    assert "shared by edgar" in " ".join(menu_rows(viewer_client)["For everyone"])


def test_each_reader_has_their_own_new_count(viewer_client, viewer, editor_client):
    save(editor_client, "Shared", shared="on")
    shared = SavedSearch.objects.get(name="Shared")
    assert menu_rows(viewer_client)["Shared"][3] == "–"  # never opened by the viewer
    viewer_client.post(reverse("following:open"), {"id": shared.pk})
    assert Opened.objects.filter(search=shared).count() == 2


def test_only_the_owner_renames_or_deletes(viewer_client, editor_client):
    save(editor_client, "Shared", shared="on")
    shared = SavedSearch.objects.get(name="Shared")
    assert viewer_client.post(reverse("following:rename"), {"id": shared.pk, "name": "Mine now"}).status_code == 404
    assert viewer_client.post(reverse("following:delete"), {"id": shared.pk}).status_code == 404
    assert editor_client.post(reverse("following:rename"), {"id": shared.pk, "name": "Renamed"}).status_code == 302
    assert SavedSearch.objects.get(pk=shared.pk).name == "Renamed"
    assert editor_client.post(reverse("following:delete"), {"id": shared.pk}).status_code == 302
    assert not SavedSearch.objects.exists()


def test_bad_names_get_a_form_error(viewer_client):
    save(viewer_client, "Health")
    for name, error in [
        ("health", "You already have a saved search with this name."),
        ("x" * 10_000, "Ensure this value has at most 100 characters"),
        ("   ", "This field is required."),
    ]:
        response = save(viewer_client, name)
        assert response.status_code == 400
        assert error in response.text
    assert SavedSearch.objects.count() == 1


def test_a_name_with_markup_is_shown_as_text(viewer_client):
    save(viewer_client, '<script>alert("x")</script>')
    page = viewer_client.get(MENU).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize("data", [{}, {"id": "abc"}, {"id": "99999999999999999999"}, {"id": "①"}])
def test_an_id_that_finds_nothing_is_a_404(viewer_client, data):
    for name in ["following:open", "following:rename", "following:delete"]:
        assert viewer_client.post(reverse(name), data).status_code == 404


def test_an_unknown_list_is_a_form_error(viewer_client):
    response = save(viewer_client, "Admin", view="admin:index")
    assert response.status_code == 400
    assert not SavedSearch.objects.exists()


def test_saving_needs_the_csrf_token(viewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    assert save(client, "No token").status_code == 403
    assert not SavedSearch.objects.exists()
