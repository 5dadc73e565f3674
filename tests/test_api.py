"""The read-only JSON API: login by session or token, the pages' own filters, pages
of 50, an OpenAPI 3 schema that the answers conform to (checked by schemathesis)."""

import io
from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error, response_schema_conformance

from partnerships.filters import ProjectFilter
from partnerships.models import Organisation, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(viewer):
    return AuthToken.objects.create(user=viewer)[1]


def test_without_credentials_the_api_answers_401(client):
    response = client.get("/api/projects/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_opens_the_api(client, token):
    response = client.get("/api/projects/", headers={"authorization": f"Token {token}"})
    assert response.status_code == 200
    assert response.json()["count"] == Project.objects.count()


def test_a_wrong_token_is_refused(client, token):
    assert client.get("/api/projects/", headers={"authorization": "Token nope"}).status_code == 401


def test_tokens_are_stored_hashed_and_expire_after_90_days(client, viewer, token):
    stored = AuthToken.objects.get(user=viewer)
    assert token not in {stored.digest, stored.token_key}
    assert abs(stored.expiry - stored.created - timedelta(days=90)) < timedelta(seconds=5)
    AuthToken.objects.filter(pk=stored.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/projects/", headers={"authorization": f"Token {token}"}).status_code == 401


def test_an_admin_issues_a_token_that_is_shown_once(superuser_client, viewer, client):
    response = superuser_client.post(reverse("admin:knox_authtoken_add"), {"user": viewer.pk, "days": "30"})
    assert response.status_code == 200
    token = response.context["token"]
    assert token in response.text and "will not be shown again" in response.text
    stored = AuthToken.objects.get(user=viewer)
    assert stored.expiry.date() == (timezone.now() + timedelta(days=30)).date()
    assert client.get("/api/projects/", headers={"authorization": f"Token {token}"}).status_code == 200

    for page in [
        reverse("admin:knox_authtoken_changelist"),
        reverse("admin:knox_authtoken_change", args=[stored.pk]),
    ]:
        text = superuser_client.get(page).text
        assert token not in text and stored.token_key not in text


def test_a_revoked_token_no_longer_opens_the_api(superuser_client, viewer, client, token):
    stored = AuthToken.objects.get(user=viewer)
    response = superuser_client.post(reverse("admin:knox_authtoken_delete", args=[stored.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert client.get("/api/projects/", headers={"authorization": f"Token {token}"}).status_code == 401


def test_a_session_opens_the_api(viewer_client):
    assert viewer_client.get("/api/organisations/").json()["count"] == Organisation.objects.count()


@pytest.mark.parametrize(
    "query", ["theme=health", "country=MM&theme=emergency-response", "kind=company&role=funding", "q=trafficking"]
)
def test_projects_are_filtered_as_on_the_page(viewer_client, query):
    expected = ProjectFilter(QueryDict(query), queryset=Project.objects.all()).qs
    got = viewer_client.get(f"/api/projects/?{query}").json()
    assert got["count"] == expected.count() > 0
    assert {row["slug"] for row in got["results"]} == set(expected.values_list("slug", flat=True))


def test_a_bad_filter_value_gets_a_clear_400(viewer_client):
    response = viewer_client.get("/api/projects/?status=unknown&active_from=abc")
    assert response.status_code == 400
    body = response.json()
    assert "status" in body and "active_from" in body


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("cited=maybe", "cited"),
        ("cited=-1", "cited"),
        ("in_kind=maybe", "in_kind"),
        ("cash=2", "cash"),
        ("page=", "page"),
        ("page=two", "page"),
        ("page=0", "page"),
        ("page_size=0", "page_size"),
        ("page_size=abc", "page_size"),
        ("colour=blue", "colour"),
        ("theme=health&theme=no-such-theme", "theme"),
        ("active_from=2010&active_from=2011", "active_from"),
    ],
)
def test_a_value_the_filters_cannot_use_is_a_400_that_names_it(viewer_client, query, named):
    """Issue 28: ?cited=maybe, ?in_kind=maybe and an empty ?page= gave the whole list, 200."""
    response = viewer_client.get(f"/api/projects/?{query}")
    assert response.status_code == 400, query
    assert named in response.json(), response.json()


def test_sort_by_two_keys_repeated_or_comma_separated(viewer_client):
    """Generated clients repeat the key (sort=title&sort=-end): both keys apply, as with commas."""
    repeated = viewer_client.get("/api/projects/?sort=status&sort=-title&page_size=100").json()["results"]
    commas = viewer_client.get("/api/projects/?sort=status,-title&page_size=100").json()["results"]
    expected = list(Project.objects.order_by("status", "-title").values_list("slug", flat=True))
    assert [row["slug"] for row in repeated] == [row["slug"] for row in commas] == expected


def test_the_page_size_is_chosen_up_to_its_maximum(viewer_client):
    assert len(viewer_client.get("/api/organisations/?page_size=10").json()["results"]) == 10
    first = viewer_client.get("/api/organisations/?page_size=10").json()
    assert "page_size=10" in first["next"]
    response = viewer_client.get("/api/organisations/?page_size=1000")
    assert response.status_code == 400 and "200" in str(response.json()["page_size"])


def test_a_project_comes_with_partners_figures_themes_and_countries(viewer_client):
    data = viewer_client.get("/api/projects/chevron-cyclone-myanmar/").json()
    assert data["countries"] == ["MM"]
    assert "emergency-response" in data["themes"]
    funding = next(p for p in data["participations"] if p["organisation"]["slug"] == "chevron")
    assert (funding["role"], funding["amount"], funding["currency"]) == ("funding", "400000.00", "USD")
    assert data["start"] == "2008-05-01" and data["start_precision"] == "month"


def test_lists_come_in_pages(viewer_client):
    first = viewer_client.get("/api/organisations/").json()
    assert len(first["results"]) == 50 and first["next"].endswith("?page=2")
    second = viewer_client.get("/api/organisations/?page=2").json()
    assert len(second["results"]) == Organisation.objects.count() - 50
    assert viewer_client.get("/api/organisations/?page=9").status_code == 404


def test_the_group_on_a_date(viewer_client):
    data = viewer_client.get("/api/gmg/on/2007-03-01/").json()
    assert data["name"]["name"] == "Global Migration Group"
    assert data["chair"]["organisation"]["slug"] == "iom"
    assert len(data["members"]) == 10


@pytest.mark.parametrize("day", ["2007-02-30", "yesterday", "1800-01-01"])
def test_the_group_on_a_bad_date_is_a_400(viewer_client, day):
    response = viewer_client.get(f"/api/gmg/on/{day}/")
    assert response.status_code == 400
    assert "date" in response.json()


def test_gmg_lists(viewer_client):
    assert viewer_client.get("/api/gmg/memberships/").json()["count"] == 16
    assert viewer_client.get("/api/gmg/chair-terms/").json()["count"] == 3
    groups = viewer_client.get("/api/gmg/working-groups/").json()["results"]
    assert all(group["leads"] for group in groups)


def test_the_schema_and_its_page(viewer_client):
    schema = viewer_client.get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/projects/" in schema["paths"] and "/api/gmg/on/{day}/" in schema["paths"]
    page = viewer_client.get("/api/docs/").text
    assert "/api/projects/{slug}/" in page and "active_from" in page


def test_the_schema_says_what_generated_clients_need(viewer_client):
    """Issue 28: what openapi-generator and openapi-python-client tripped on."""
    schema = viewer_client.get("/api/schema/?format=json").json()
    assert schema["servers"] == [{"url": "/", "description": "This portal (the API is under /api/)."}]
    projects = schema["paths"]["/api/projects/"]["get"]
    assert {"200", "400", "401", "404", "406"} <= set(projects["responses"])
    assert {"200", "401", "404", "406"} <= set(schema["paths"]["/api/projects/{slug}/"]["get"]["responses"])
    parameters = {p["name"]: p for p in projects["parameters"]}
    for year in ("active_from", "active_to", "started"):
        assert parameters[year]["schema"]["type"] == "integer" and parameters[year]["description"]
    country = parameters["country"]
    assert "ZA" in country["schema"]["items"]["enum"] and "za" not in country["schema"]["items"]["enum"]
    assert "capitals" in country["description"]
    for name in ("theme", "organisation"):
        assert parameters[name]["description"]
    partner = schema["components"]["schemas"]["Organisation"]["properties"]
    assert partner["website"]["type"] == "string" and "oneOf" not in partner["website"]
    assert {"url", "page_url", "projects_url"} <= set(partner)


def test_list_query_count_does_not_grow_with_rows(viewer_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert viewer_client.get("/api/projects/").status_code == 200


API = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
API.app = WSGIHandler()


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection around each request; inside a
    test that would end the test's transaction (Django's test client does the same)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@API.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_the_api_keeps_to_its_schema(case, token, keep_connection):
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


def test_the_docs_page_names_parameter_types(viewer_client):
    page = viewer_client.get("/api/docs/").text
    assert ">array of string</td>" in page  # ?theme=a&theme=b
    assert ">integer</td>" in page  # ?page=
    assert " of</td>" not in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_list_counts_are_kept_until_the_data_changes(client, django_user_model):
    cache.clear()
    client.force_login(django_user_model.objects.create_user("counter"))
    url = "/api/projects/?status=active"

    def counted() -> bool:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return any(query["sql"].startswith("SELECT COUNT(*)") for query in queries)  # the paginator's

    assert counted()
    assert not counted()
    Project.objects.create(title="New", slug="new-project", summary="-", status="active")
    assert counted()


def test_a_token_can_be_issued_from_the_command_line(client, viewer):
    out = io.StringIO()
    call_command("issue_api_token", "viola", "--days", "7", stdout=out, stderr=io.StringIO())
    token = out.getvalue().strip()
    assert client.get("/api/projects/", headers={"authorization": f"Token {token}"}).status_code == 200
    with pytest.raises(CommandError):
        call_command("issue_api_token", "nobody")


def test_each_record_links_to_its_api_resource_and_its_page(viewer_client):
    """Issue 28: `url` pointed at the HTML page, and a partner had no link to its projects."""
    partner = viewer_client.get("/api/organisations/chevron/").json()
    assert partner["url"] == "http://testserver/api/organisations/chevron/"
    assert partner["page_url"] == "http://testserver/partners/chevron/"
    projects = viewer_client.get(partner["projects_url"]).json()
    assert projects["count"] == Project.objects.filter(participations__organisation__slug="chevron").distinct().count()
    project = viewer_client.get("/api/projects/?organisation=chevron").json()["results"][0]
    assert viewer_client.get(project["url"]).json()["slug"] == project["slug"]
    assert project["page_url"].endswith(f"/projects/{project['slug']}/")
    assert project["participations"][0]["organisation"]["url"].startswith("http://testserver/api/organisations/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_client_asks_again_only_for_what_changed(client, token):
    """Issue 28: no ETag, no conditional GET. The ETag follows the data version, so a
    write anywhere in the records makes it change; asked again with it, the API answers
    304 without a body. (Outside a test's transaction: inside one, nothing is tagged.)"""
    project = Project.objects.create(title="Tagged", slug="tagged", summary="-", status="active")
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    first = client.get("/api/projects/?status=active", **auth)
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/api/projects/?status=active", HTTP_IF_NONE_MATCH=etag, **auth)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    other = client.get("/api/projects/?status=planned", HTTP_IF_NONE_MATCH=etag, **auth)
    assert other.status_code == 200  # another question, another tag
    Project.objects.filter(pk=project.pk).update(title="Tagged, renamed")
    changed = client.get("/api/projects/?status=active", HTTP_IF_NONE_MATCH=etag, **auth)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "ETag" not in client.get("/api/notifications/", **auth)  # not kept by the data version


def test_other_sites_named_in_the_settings_may_call_the_api(client, token, settings):
    """Issue 28: no CORS could be configured, and a preflight OPTIONS got 401."""
    settings.PORTAL_CORS_ORIGINS = ["https://dashboards.example.org"]
    preflight = client.options(
        "/api/projects/",
        HTTP_ORIGIN="https://dashboards.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://dashboards.example.org"
    assert "authorization" in preflight["Access-Control-Allow-Headers"].lower()
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    answer = client.get(
        "/api/projects/", HTTP_ORIGIN="https://dashboards.example.org", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert answer.status_code == 200
    assert answer["Access-Control-Allow-Origin"] == "https://dashboards.example.org"
    assert "ETag" in answer["Access-Control-Expose-Headers"] and "Origin" in answer["Vary"]
    assert "Access-Control-Allow-Credentials" not in answer  # tokens, never the session cookie
    elsewhere = client.options(
        "/api/projects/", HTTP_ORIGIN="https://evil.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert elsewhere.status_code == 403 and "Access-Control-Allow-Origin" not in elsewhere
    page = client.options("/projects/", HTTP_ORIGIN="https://dashboards.example.org")
    assert "Access-Control-Allow-Origin" not in page  # the API only


def test_no_other_site_may_call_the_api_by_default(client, token):
    answer = client.get(
        "/api/projects/", HTTP_ORIGIN="https://dashboards.example.org", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert answer.status_code == 200 and "Access-Control-Allow-Origin" not in answer
