"""Any query string gets a normal page with a readable notice, never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = ["partnerships:projects", "partnerships:organisations", "partnerships:quotes"]
EXPORTS = ["partnerships:project_export", "partnerships:organisation_export"]

CASES = [
    ("unknown key", "colour=blue", "unknown parameter"),
    ("unknown key with NUL", "%00=1", "unknown parameter"),
    ("repeated key", "q=water&q=health", "given 2 times"),
    ("non-numeric id", "organisation=123abc&theme=%%%", "not a valid choice"),
    ("NUL in a choice", "theme=health%00", "not a valid choice"),
    ("NUL in search", "q=lan%00tern", "Null characters"),
    ("impossible date", "gmg_on=2024-02-30&active_from=2024-02-30", "Ignored"),
    ("huge number", f"active_from={10**30}&amount_min={10**30}&amount_max=-{10**30}", "Ignored"),
    ("huge page", f"page={10**30}", "page"),
    ("negative page", "page=-1", "page"),
    ("page zero", "page=0", "page"),
    ("page not a number", "page=last", "page"),
    ("per_page not allowed", "per_page=1000000", "per_page"),
    ("unknown sort field", "sort=password", "Ignored “sort”"),
    ("10 KB search", "q=" + "lantern%20" * 1100, "cut to its first 200"),
    ("long unicode", "q=" + "%E2%80%9C%F0%9F%98%80" * 500, "cut to its first 200"),
    ("empty values", "q=&theme=", None),
]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(("case", "query", "notice"), CASES, ids=[case[0] for case in CASES])
def test_list_pages_answer_bad_input_with_a_notice(viewer_client, name, case, query, notice):
    response = viewer_client.get(f"{reverse(name)}?{query}")
    assert response.status_code == 200
    notices = " ".join(response.context["listing"].notices)
    if notice is None:
        assert notices == ""
        return
    assert 'class="alert alert-warning"' in response.text
    if name == "partnerships:projects":  # the list that reads every parameter used here
        assert notice in notices, notices
    else:
        assert notices


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize(("case", "query", "notice"), CASES, ids=[case[0] for case in CASES])
def test_exports_answer_bad_input_with_a_file(viewer_client, name, case, query, notice):
    response = viewer_client.get(f"{reverse(name)}?{query}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith("\ufeff".encode())


@pytest.mark.parametrize(("case", "query", "notice"), CASES, ids=[case[0] for case in CASES])
def test_gmg_page_answers_bad_input(viewer_client, case, query, notice):
    response = viewer_client.get(f"{reverse('gmg:on')}?{query}&on=2024-02-30")
    assert response.status_code == 200
    assert response.context["notices"]


def test_bad_values_are_dropped_but_good_ones_kept(viewer_client):
    response = viewer_client.get(reverse("partnerships:projects"), {"theme": ["health", "nonsense"], "page": "x"})
    listing = response.context["listing"]
    assert listing.filterset.data.getlist("theme") == ["health"]
    assert all("health" in [t.slug for t in p.themes.all()] for p in listing.page)


SEARCH_TEXTS = {
    "a run of dashes": "-" * 40,
    "dashes between words": "water " + "- " * 40 + "health",
    "dashes and quotes": '-"-' * 30 + "lantern",
    "2,000 unknown words": " ".join("zq" + chr(97 + i % 26) + chr(97 + i // 26 % 26) for i in range(2000)),
}
SEARCHED = [
    "partnerships:projects",
    "partnerships:organisations",
    "partnerships:project_export",
    "partnerships:organisation_export",
    "partnerships:project_export_iati",
    "api:project-list",
    "api:organisation-list",
]


@pytest.mark.parametrize("name", SEARCHED)
@pytest.mark.parametrize("text", SEARCH_TEXTS.values(), ids=SEARCH_TEXTS.keys())
def test_any_search_text_gets_a_normal_answer_in_a_few_queries(
    viewer_client, django_assert_max_num_queries, name, text
):
    with django_assert_max_num_queries(40):
        response = viewer_client.get(reverse(name), {"q": text})
        b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200


def test_the_api_cuts_the_search_text_as_the_pages_do(viewer_client):
    health = viewer_client.get(reverse("api:project-list"), {"q": "health"}).json()["count"]
    beyond_the_cut = "health" + " " * 200 + "-health"  # would exclude everything
    response = viewer_client.get(reverse("api:project-list"), {"q": beyond_the_cut})
    assert response.status_code == 200
    assert response.json()["count"] == health > 0


@pytest.mark.parametrize("digit", ["%C2%B2", "%E2%91%A0", "%D9%A3"])  # ², ①, Arabic-Indic 3: str.isdigit() says yes
def test_unicode_digits_in_an_address_are_not_numbers(superuser_client, digit):
    """Unicode digits reached int() and answered 500 (history versions, cited passages)."""
    from core.models import Citation
    from partnerships.models import Project

    project = Project.objects.get(slug="solar-lanterns-somalia")
    history = f"/admin/partnerships/project/{project.pk}/history/{digit}/"
    assert superuser_client.get(history).status_code == 404
    source = Citation.objects.first().source
    response = superuser_client.get(f"/sources/{source.slug}/?citation={digit}")
    assert response.status_code == 200
    assert response.context["citation"] is None


@pytest.mark.parametrize("path", ["/quotes/?cited=maybe", "/projects/?in_kind=maybe", "/projects/?cash=-1"])
def test_a_yes_or_no_filter_given_another_word_says_it_was_not_used(viewer_client, path):
    """Issue 28: a yes-or-no box read any other word as "either", silently."""
    response = viewer_client.get(path)
    assert response.status_code == 200
    key = path.split("?")[1].split("=")[0]
    assert f"Ignored “{key}”: give true or false." in response.text


@pytest.mark.parametrize("path", ["/partners/?sort=,,", "/projects/?sort=title,,-end", "/api/organisations/?sort=,"])
def test_empty_sort_keys_are_never_a_server_error(viewer_client, path):
    """Schemathesis found ?sort=,, to be a 500 (KeyError '')."""
    response = viewer_client.get(path)
    assert response.status_code in (200, 400), path
