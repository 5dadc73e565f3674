"""No query string makes a list, an export or an admin changelist answer 5xx.

200 examples per URL in `make test`; `make fuzz` runs 5,000 per URL and records how
slow the slowest query string was (tests assert behaviour, never time)."""

import os
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from .fuzz import ADMIN_KEYS, PORTAL_KEYS, RECORDS, query_strings, report
from .urls import is_record_page, portal_url_names, url_for

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
fuzz_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,  # speed is measured by `make fuzz`, not asserted here
    derandomize="FUZZ_EXAMPLES" not in os.environ,  # the same examples in every `make test`
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

NOT_LISTS = {"healthz", "readyz", "metrics", "login", "logout"}
LIST_URLS = [
    url_for(name)
    for name in portal_url_names()
    if not is_record_page(name) and name not in NOT_LISTS and not name.startswith("password")
]


def admin_keys(model_admin) -> list[str]:
    """The changelist's own parameters and those of its filters and date drill-down."""
    request = RequestFactory().get("/")
    keys = list(ADMIN_KEYS)
    for item in model_admin.get_list_filter(request):
        if isinstance(item, tuple | str):
            path = item[0] if isinstance(item, tuple) else item
            keys += [f"{path}__{lookup}" for lookup in ("exact", "isnull", "gte", "lt", "in", "id__exact")]
        else:
            keys.append(item.parameter_name)
    if model_admin.date_hierarchy:
        keys += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return keys


ADMIN_CHANGELISTS = [
    pytest.param(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        admin_keys(model_admin),
        id=model._meta.label_lower,
    )
    for model, model_admin in admin.site._registry.items()
]


def fuzz(client, url, keys):
    record = RECORDS[url]

    @fuzz_settings
    @given(query=query_strings(keys))
    def check(query):
        response = record.time(client.get, url, query)
        assert response.status_code < 500, f"{url}?{query}"

    check()
    if path := os.environ.get("FUZZ_REPORT"):  # after each URL, so that a long run can be read as it goes
        Path(path).write_text(report(RECORDS))


def test_the_fuzzed_urls_include_every_list_and_export():
    assert {"/projects/", "/projects/export.csv", "/partners/", "/quotes/", "/gmg/", "/gmg/chairs/"} <= set(LIST_URLS)


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_pages_survive_any_query_string(viewer_client, url):
    fuzz(viewer_client, url, PORTAL_KEYS)


@pytest.mark.parametrize(("url", "keys"), ADMIN_CHANGELISTS)
def test_admin_changelists_survive_any_query_string(superuser_client, url, keys):
    fuzz(superuser_client, url, keys)


@pytest.mark.parametrize(
    "query",
    [
        "attempt_time__year__gte=0",  # ValueError in the query (found by make test)
        "attempt_time__year=2147483648",  # OverflowError in the date drill-down (found by make fuzz)
    ],
)
def test_an_out_of_range_date_lookup_is_an_incorrect_lookup(superuser_client, query):
    """Django's admin raised these (a 500); they are bad filters like any other."""
    response = superuser_client.get(f"/admin/axes/accesslog/?{query}")
    assert response.status_code == 302
    assert response.url.endswith("?e=1")


@pytest.mark.parametrize("query", ["page=%C2%B9", "per_page=%C2%B2%E2%81%B5", "page=%D9%A3"])
def test_digits_that_are_not_ascii_are_not_page_numbers(viewer_client, query):
    """Found by `make fuzz`: "¹".isdigit() is true, but int("¹") fails (a 500)."""
    for url in ("/projects/", "/quotes/", "/partners/"):
        assert viewer_client.get(f"{url}?{query}").status_code == 200
