"""Admin import and export: CSV and XLSX, a dry run first, errors per row with their
row numbers, all or nothing, and a history row for every imported record."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partnerships.models import Figure, Organisation, Participation, Project

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"
HEADER = ["slug", "name", "acronym", "kind", "hq_country", "parent", "website", "aliases", "description"]
GOOD = [
    [
        "sunrise-foundation",
        "Sunrise Foundation",
        "SF",
        "foundation",
        "CH",
        "",
        "https://sunrise.example",
        "Sunrise; SF",
        "Test.",
    ],
    ["iom-kenya", "IOM Kenya", "", "un", "KE", "iom", "", "", ""],
]


def csv_file(rows, header=HEADER, encoding="utf-8") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("organisations.csv", text.getvalue().encode(encoding), content_type="text/csv")


def xlsx_file(rows, header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("organisations.xlsx", data.getvalue())


def dry_run(client, upload, fmt=CSV_FORMAT, model="organisation"):
    url = reverse(f"admin:partnerships_{model}_import")
    return client.post(url, {"format": fmt, "import_file": upload})


def confirm(client, preview, model="organisation"):
    """Confirm the dry run; the admin then returns to the list."""
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview.text))
    fields.pop("csrfmiddlewaretoken", None)
    response = client.post(reverse(f"admin:partnerships_{model}_process_import"), fields)
    assert response.status_code == 302
    assert response.url == reverse(f"admin:partnerships_{model}_changelist")
    return response


def test_a_good_file_is_previewed_then_imported_with_history(editor_client, editor):
    preview = dry_run(editor_client, csv_file(GOOD))
    assert preview.status_code == 200
    assert "process_import" in preview.text  # the confirm form
    assert not Organisation.objects.filter(slug="sunrise-foundation").exists()  # a dry run writes nothing

    response = confirm(editor_client, preview)
    assert response.status_code == 302
    sunrise = Organisation.objects.get(slug="sunrise-foundation")
    assert (sunrise.hq_country_id, sunrise.aliases) == ("CH", ["Sunrise", "SF"])
    assert Organisation.objects.get(slug="iom-kenya").parent.slug == "iom"
    row = sunrise.history.latest()
    assert (row.history_type, row.history_user) == ("+", editor)


def test_an_xlsx_file_imports_too(editor_client):
    preview = dry_run(editor_client, xlsx_file(GOOD), fmt=XLSX_FORMAT)
    assert confirm(editor_client, preview).status_code == 302
    assert Organisation.objects.filter(slug__in=["sunrise-foundation", "iom-kenya"]).count() == 2


def test_one_bad_row_imports_nothing_and_is_named_by_its_row(editor_client):
    bad = ["spaceship-co", "Spaceship Co", "", "spaceship", "XX", "no-such-parent", "not a url", "", ""]
    preview = dry_run(editor_client, csv_file([*GOOD, bad]))
    assert preview.status_code == 200
    assert "process_import" not in preview.text  # no way to confirm
    assert "Some rows failed to validate" in preview.text
    assert re.search(r"<td>\s*3\s*</td>", preview.text)  # the row, counting the header as row 1
    for message in ("There is no country “XX”.", "There is no organisation “no-such-parent”.", "Enter a valid URL."):
        assert message in preview.text
    assert not Organisation.objects.filter(slug__in=["sunrise-foundation", "iom-kenya", "spaceship-co"]).exists()


def test_a_row_breaking_a_database_rule_imports_nothing(editor_client):
    project = Project.objects.get(slug="chevron-cyclone-myanmar")
    header = ["project", "organisation", "role", "amount", "currency"]
    rows = [[project.slug, "iom", "research", "100", "USD"], [project.slug, "unicef", "funding", "-5", "USD"]]
    preview = dry_run(editor_client, csv_file(rows, header=header), model="participation")
    assert "process_import" not in preview.text
    assert "cannot be negative" in preview.text
    assert not Participation.objects.filter(project=project, role="research").exists()


def test_a_file_in_another_encoding_is_refused_clearly(editor_client):
    preview = dry_run(
        editor_client, csv_file([["cafe", "Café Société", "", "ngo", "", "", "", "", ""]], encoding="cp1252")
    )
    assert preview.status_code == 200
    assert "process_import" not in preview.text
    assert "encoding" in preview.text.lower() or "utf-8" in preview.text.lower() or "decode" in preview.text.lower()
    assert not Organisation.objects.filter(slug="cafe").exists()


def test_a_file_without_the_key_column_is_refused_clearly(editor_client):
    preview = dry_run(editor_client, csv_file([["Sunrise Foundation", "foundation"]], header=["name", "kind"]))
    assert "process_import" not in preview.text
    assert "slug" in preview.text
    assert not Organisation.objects.filter(name="Sunrise Foundation").exists()


def test_projects_import_with_themes_countries_and_refreshed_search(editor_client, viewer):
    header = ["slug", "title", "summary", "status", "start", "start_precision", "countries", "themes"]
    rows = [
        [
            "kenya-water",
            "Clean water in Turkana",
            "Wells.",
            "active",
            "2012-01-01",
            "year",
            "KE",
            "water-and-sanitation",
        ]
    ]
    preview = dry_run(editor_client, csv_file(rows, header=header), model="project")
    assert confirm(editor_client, preview, model="project").status_code == 302
    project = Project.objects.get(slug="kenya-water")
    assert list(project.countries.values_list("code", flat=True)) == ["KE"]
    assert project.history.filter(history_type="+").exists()
    reader = Client()
    reader.force_login(viewer)
    assert "Clean water in Turkana" in reader.get("/projects/?q=Turkana").text


def test_figures_import_checks_their_subject(editor_client):
    header = ["id", "project", "organisation", "crisis", "kind", "qualifier", "value", "unit", "label"]
    rows = [["", "", "", "", "people_reached", "exact", "10", "people", "no subject"]]
    preview = dry_run(editor_client, csv_file(rows, header=header), model="figure")
    assert "process_import" not in preview.text
    assert not Figure.objects.filter(label="no subject").exists()


@pytest.mark.parametrize("fmt", [CSV_FORMAT, XLSX_FORMAT])
def test_export(editor_client, fmt):
    response = editor_client.post(
        reverse("admin:partnerships_organisation_export"),
        {"format": fmt, **{f"organisationresource_{name}": "on" for name in HEADER}},
    )
    assert response.status_code == 200
    if fmt == CSV_FORMAT:
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == Organisation.objects.count()
        assert next(row for row in rows if row["slug"] == "chevron")["kind"] == "company"
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row == Organisation.objects.count() + 1


def test_viewers_cannot_import(client, viewer):
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    assert client.get(reverse("admin:partnerships_organisation_import")).status_code == 403
