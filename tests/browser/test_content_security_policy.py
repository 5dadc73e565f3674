"""Every portal page and every admin page works under the Content-Security-Policy:
the browser reports no violation and no console error on any of them."""

from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from partnerships.models import Organisation, Project
from tests.urls import OWN_RECORDS, POST_ONLY, portal_url_names, url_for

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
NOT_PAGES = {"logout", "healthz", "readyz", "metrics", "login", "api:schema", *POST_ONLY, *OWN_RECORDS}


def pages() -> list[str]:
    urls = [url_for(name) for name in portal_url_names() if name not in NOT_PAGES]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        if model._meta.app_label != "axes":  # login attempts are recorded, never added by hand
            urls.append(reverse(f"{info}_add"))
    return [url for url in urls if not url.endswith((".csv", ".xml", ".xlsx"))]  # downloads


@pytest.fixture
def admin_page(page, django_user_model):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_no_page_breaks_the_policy(admin_page):
    page = admin_page
    project = Project.objects.get(slug="chevron-cyclone-myanmar")
    extra = [
        reverse("admin:partnerships_project_change", args=[project.pk]),
        reverse("admin:partnerships_project_history", args=[project.pk]),
        reverse("admin:partnerships_project_deleted"),
        reverse("admin:partnerships_project_import"),
        reverse("admin:partnerships_project_iati_import"),
        reverse("admin:partnerships_project_simple_history", args=[project.pk, project.history.latest().pk]),
    ]
    violations = {}
    for url in pages() + extra:
        page.goto(page.base + url)
        page.wait_for_load_state()
        found = page.evaluate("window.cspViolations") + page.errors
        page.errors.clear()
        if found:
            violations[url] = found
    assert violations == {}


def test_the_admin_list_exports_what_it_shows(admin_page):
    page = admin_page
    page.goto(page.base + reverse("admin:partnerships_organisation_changelist") + "?kind__exact=company")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("slug,name,")
    assert len(lines) == 1 + Organisation.objects.filter(kind="company").count()
    assert page.evaluate("window.cspViolations") == []


def test_the_import_preview_and_its_result_keep_the_policy(admin_page):
    page = admin_page
    page.goto(page.base + reverse("admin:partnerships_organisation_import"))
    rows = (
        "slug,name,kind,description\nchevron,Chevron,company,Changed by the import\nnew-trust,New Trust,foundation,\n"
    )
    page.set_input_files("#id_import_file", {"name": "o.csv", "mimeType": "text/csv", "buffer": rows.encode()})
    page.select_option("#id_format", label="CSV")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".import-preview ins").count() > 0  # the changes are marked
    page.click("input[name=confirm]")
    page.wait_for_load_state()
    assert "Imported 2 organisations" in page.content()
    assert page.evaluate("window.cspViolations") + page.errors == []
