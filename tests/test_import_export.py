"""Admin import and export: CSV and XLSX, a dry run first, errors per row with their
row numbers, all or nothing, and a history row for every imported record."""

import csv
import io
import os
import re
import tempfile
import zipfile
from datetime import timedelta
from html import unescape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import imports
from core.models import Citation, PendingImport
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
    assert re.search(r"<td>\s*4\s*</td>", preview.text)  # the row as a spreadsheet numbers it: the header is row 1
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


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export(editor_client, fmt):
    response = editor_client.get(reverse("admin:partnerships_organisation_export", args=[fmt]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        assert len(rows) == Organisation.objects.count()
        assert next(row for row in rows if row["slug"] == "chevron")["kind"] == "company"
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert sheet.max_row == Organisation.objects.count() + 1


def test_viewers_cannot_import(client, viewer):
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    assert client.get(reverse("admin:partnerships_organisation_import")).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_cells_never_run_as_formulas(editor_client, fmt):
    evil = '=HYPERLINK("http://evil.example","Click")'
    Organisation.objects.filter(slug="chevron").update(description=evil, acronym="@SUM(A1)", name="\x01Chevron")
    response = editor_client.get(reverse("admin:partnerships_organisation_export", args=[fmt]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        chevron = next(row for row in rows if row["slug"] == "chevron")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
        header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        chevron = next(dict(zip(header, row, strict=True)) for row in rows if row[0] == "chevron")
    assert (chevron["description"], chevron["acronym"]) == ("'" + evil, "'@SUM(A1)")


def test_success_counts_what_was_written(editor_client):
    response = confirm(editor_client, dry_run(editor_client, csv_file(GOOD)))
    assert "Imported 2 organisations: 2 new, 0 updated" in editor_client.get(response.url).text


def test_a_row_that_fails_at_confirm_time_imports_nothing(editor_client):
    Organisation.objects.create(slug="short-lived", name="Short-lived Trust", kind="foundation")
    rows = [GOOD[0], ["kid-org", "Kid Org", "", "ngo", "", "short-lived", "", "", ""]]
    preview = dry_run(editor_client, csv_file(rows))
    assert "process_import" in preview.text
    Organisation.objects.filter(slug="short-lived").delete()  # by someone else, before the confirm

    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview.text))
    response = editor_client.post(reverse("admin:partnerships_organisation_process_import"), fields)
    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert "There is no organisation “short-lived”." in response.text
    assert not Organisation.objects.filter(slug__in=["sunrise-foundation", "kid-org"]).exists()


def test_a_hard_error_at_confirm_time_imports_nothing_and_says_so(editor_client, monkeypatch):
    preview = dry_run(editor_client, csv_file(GOOD))

    def fail(self, rows):
        raise imports.DatabaseError("the disk is full")

    monkeypatch.setattr(imports._Writer, "_insert", fail)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview.text))
    response = editor_client.post(reverse("admin:partnerships_organisation_process_import"), fields)
    assert "Nothing was imported" in response.text
    assert "the disk is full" in response.text.lower()
    assert "updated" not in response.text
    assert not Organisation.objects.filter(slug="sunrise-foundation").exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"import_file_name": "organisations.csv", "original_file_name": "organisations.csv", "format": "0"},
        {"import_file_name": "../../etc/passwd", "original_file_name": "x.csv", "format": "0"},
        {"token": "guessed"},
    ],
)
def test_only_a_clean_preview_can_be_confirmed(editor_client, fields):
    bad = ["spaceship-co", "Spaceship Co", "", "spaceship", "", "", "", "", ""]
    preview = dry_run(editor_client, csv_file([*GOOD, bad]))
    assert "process_import" not in preview.text
    response = editor_client.post(reverse("admin:partnerships_organisation_process_import"), fields)
    assert response.status_code == 200
    assert "upload the file again" in response.text
    assert not Organisation.objects.filter(slug="sunrise-foundation").exists()


def test_a_preview_is_confirmed_only_by_its_uploader_and_only_once(editor_client, django_user_model):
    preview = dry_run(editor_client, csv_file(GOOD))
    assert "/tmp" not in preview.text and "import_file_name" not in preview.text  # no server path
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview.text))
    other = django_user_model.objects.create_superuser("mallory", password="other-password-123")
    stranger = Client()
    stranger.force_login(other)
    url = reverse("admin:partnerships_organisation_process_import")
    assert "upload the file again" in stranger.post(url, fields).text
    assert not Organisation.objects.filter(slug="sunrise-foundation").exists()

    assert editor_client.post(url, fields).status_code == 302
    assert PendingImport.objects.count() == 0
    assert "upload the file again" in editor_client.post(url, fields).text


def test_uploads_are_kept_only_for_a_clean_preview_and_not_for_ever(editor_client, editor):
    stale = PendingImport.objects.create(token="old", user=editor, model="x", binary=False, file_name="a.csv", data=b"")
    PendingImport.objects.filter(pk=stale.pk).update(created=timezone.now() - timedelta(hours=2))
    before = set(os.listdir(tempfile.gettempdir()))
    dry_run(editor_client, SimpleUploadedFile("broken.xlsx", b"not a workbook"), fmt=XLSX_FORMAT)
    assert PendingImport.objects.count() == 1
    dry_run(editor_client, csv_file(GOOD))
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == ["organisations.csv"]
    assert set(os.listdir(tempfile.gettempdir())) <= before


def xlsx_bomb() -> SimpleUploadedFile:
    """A small XLSX file that unpacks to 60 MB."""
    data = io.BytesIO(xlsx_file(GOOD).read())
    with zipfile.ZipFile(data, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/padding.xml", b" " * (60 * 1024 * 1024))
    return SimpleUploadedFile("bomb.xlsx", data.getvalue())


@pytest.mark.parametrize(
    ("upload", "fmt", "message"),
    [
        (lambda: csv_file([GOOD[0]] * 5_001), CSV_FORMAT, "more than 5000 rows"),
        (lambda: xlsx_file([GOOD[0]] * 5_001), XLSX_FORMAT, "more than 5000 rows"),
        (lambda: SimpleUploadedFile("big.csv", b"slug\n" + b"x" * (6 * 1024 * 1024)), CSV_FORMAT, "larger than 5 MB"),
        (xlsx_bomb, XLSX_FORMAT, "unpacks to more than 50 MB"),
        (lambda: csv_file([[*GOOD[0], "extra"]]), CSV_FORMAT, "Row 2 has more cells"),
    ],
)
def test_files_past_the_limits_are_refused_clearly(editor_client, upload, fmt, message):
    preview = dry_run(editor_client, upload(), fmt=fmt)
    assert preview.status_code == 200
    assert message in preview.text
    assert "process_import" not in preview.text
    assert not PendingImport.objects.exists()


def test_the_import_page_states_the_limits(editor_client):
    page = editor_client.get(reverse("admin:partnerships_organisation_import"))
    assert "A file of up to 5 MB and 5000 rows" in page.text


def test_a_preview_older_than_an_hour_cannot_be_confirmed(editor_client):
    preview = dry_run(editor_client, csv_file(GOOD))
    PendingImport.objects.update(created=timezone.now() - timedelta(minutes=61))
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview.text))
    response = editor_client.post(reverse("admin:partnerships_organisation_process_import"), fields)
    assert "upload the file again" in response.text
    assert not PendingImport.objects.exists()
    assert not Organisation.objects.filter(slug="sunrise-foundation").exists()


def test_an_import_cites_the_source_and_passage_of_each_row(editor_client):
    header = [*HEADER, "source", "passage"]
    rows = [[*GOOD[0], "iom-partner-pages", "IOM works with a wide range of global institutions."], [*GOOD[1], "", ""]]
    preview = dry_run(editor_client, csv_file(rows, header=header))
    confirm(editor_client, preview)
    sunrise = Organisation.objects.get(slug="sunrise-foundation")
    assert [c.passage for c in Citation.objects.of(sunrise)] == ["IOM works with a wide range of global institutions."]
    assert not Citation.objects.of(Organisation.objects.get(slug="iom-kenya")).exists()


def test_an_unchanged_row_with_a_citation_is_cited_too(editor_client):
    chevron = Organisation.objects.get(slug="chevron")
    row = [chevron.slug, chevron.name, chevron.acronym, chevron.kind, chevron.hq_country_id or "", "", chevron.website]
    passage = "Private sector"
    row += ["; ".join(chevron.aliases), chevron.description, "iom-partner-pages", passage]
    preview = dry_run(editor_client, csv_file([row], header=[*HEADER, "source", "passage"]))
    confirm(editor_client, preview)
    assert Citation.objects.of(chevron).filter(passage=passage).exists()


@pytest.mark.parametrize(
    ("source", "passage", "message"),
    [
        (
            "no-such-source",
            "IOM works with a wide range of global institutions.",
            "No source has the slug “no-such-source”",
        ),
        ("iom-partner-pages", "", "Give both the source"),
        ("", "IOM works with a wide range of global institutions.", "Give both the source"),
        ("iom-partner-pages", "IOM works with no one.", "is not in the text of"),
    ],
)
def test_a_bad_citation_imports_nothing(editor_client, source, passage, message):
    rows = [[*GOOD[0], source, passage], [*GOOD[1], "", ""]]
    preview = dry_run(editor_client, csv_file(rows, header=[*HEADER, "source", "passage"]))
    assert "process_import" not in preview.text
    assert message in unescape(preview.text)
    assert not Organisation.objects.filter(slug__in=["sunrise-foundation", "iom-kenya"]).exists()


def test_a_cell_longer_than_csv_allows_is_refused_clearly(editor_client):
    """A cell over 131,072 characters raised _csv.Error: a 500."""
    preview = dry_run(editor_client, csv_file([[*GOOD[0][:-1], "x" * 200_000]]))
    assert preview.status_code == 200
    assert "Row 2 has a cell longer than" in preview.text
    assert "process_import" not in preview.text


def test_a_file_without_the_key_column_shows_no_traceback(editor_client):
    """The import named the missing column in a Python traceback, with server paths."""
    preview = dry_run(editor_client, csv_file([["Sunrise Foundation", "foundation"]], header=["name", "kind"]))
    assert "The file has no “slug” column" in unescape(preview.text)
    assert "Traceback" not in preview.text and "site-packages" not in preview.text and 'File "/' not in preview.text


def test_each_user_keeps_a_few_previews_at_most(editor_client, editor):
    """Pending imports kept whole files (up to 5 MB each) for an hour, any number per user."""
    for _ in range(5):
        dry_run(editor_client, csv_file(GOOD))
    assert PendingImport.objects.filter(user=editor).count() == 2


def blank_rows_xlsx(blank: int, cells: int = 1) -> SimpleUploadedFile:
    """A workbook of `blank` rows of `cells` empty cells, then a real row."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for _ in range(blank):
        sheet.append([""] * cells)
    sheet.append(GOOD[0])
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("blank.xlsx", data.getvalue())


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: blank_rows_xlsx(20_000), "more than 10000 rows, blank ones included"),
        (lambda: blank_rows_xlsx(200, cells=2_000), "more than 200000 cells"),
        (lambda: csv_file([[""] * 9] * 20_000 + [GOOD[0]]), "more than 10000 rows, blank ones included"),
    ],
)
def test_blank_rows_and_cells_count_toward_the_limits(editor_client, upload, message):
    """A small file of empty rows or cells took a minute to read (limits counted bytes and rows with content)."""
    preview = dry_run(editor_client, upload(), fmt=XLSX_FORMAT if "xlsx" in upload().name else CSV_FORMAT)
    assert message in preview.text
    assert "process_import" not in preview.text


def test_an_import_that_would_change_records_needs_the_change_permission(client, django_user_model):
    """Importing needed the add permission only, and updated existing records with it."""
    from django.contrib.auth.models import Permission

    adder = django_user_model.objects.create_user("adder", password="adder-password-123", is_staff=True)
    adder.user_permissions.add(*Permission.objects.filter(codename__in=["add_organisation", "view_organisation"]))
    client.force_login(adder)
    ubs = Organisation.objects.get(slug="ubs")
    changed = [ubs.slug, "UBS renamed", ubs.acronym, ubs.kind, ubs.hq_country_id or "", "", "", "", ""]
    preview = dry_run(client, csv_file([GOOD[0], changed]))
    assert "process_import" not in preview.text
    assert "You may add organisations but not change them" in unescape(preview.text)
    preview = dry_run(client, csv_file([GOOD[0]]))  # adding only: allowed
    confirm(client, preview)
    assert Organisation.objects.filter(slug="sunrise-foundation").exists()
    assert Organisation.objects.get(slug="ubs").name == ubs.name


def project_rows(n: int, start: int = 0) -> list[list[str]]:
    return [
        [f"bulk-{i}", f"Bulk project {i}", "Water.", "active", "2012-01-01", "year", "KE; TZ", "water-and-sanitation"]
        for i in range(start, start + n)
    ]


PROJECT_HEADER = ["slug", "title", "summary", "status", "start", "start_precision", "countries", "themes"]


def test_an_import_costs_the_same_queries_for_ten_rows_or_two_hundred(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n, start in ((10, 0), (200, 100)):
        preview = dry_run(editor_client, csv_file(project_rows(n, start), header=PROJECT_HEADER), model="project")
        with CaptureQueriesContext(connection) as queries:
            confirm(editor_client, preview, model="project")
        counts.append(len(queries))
    assert counts[0] == counts[1] < 60
    imported = Project.objects.filter(slug__startswith="bulk-")
    assert imported.count() == 210
    assert set(imported.get(slug="bulk-150").countries.values_list("code", flat=True)) == {"KE", "TZ"}
    history = imported.get(slug="bulk-150").history.get()
    assert (history.history_type, history.history_user.username) == ("+", "edgar")
    assert set(history.countries.values_list("country_id", flat=True)) == {"KE", "TZ"}  # the links, in the history


def test_a_row_may_name_a_record_another_row_of_the_file_adds(editor_client):
    """A country office and its new parent in one file, in either order (rows are written in bulk)."""
    rows = [
        ["sunrise-kenya", "Sunrise Kenya", "", "foundation", "KE", "sunrise-foundation", "", "", ""],
        GOOD[0],  # sunrise-foundation, after its child
        ["sunrise-nairobi", "Sunrise Nairobi", "", "foundation", "KE", "sunrise-kenya", "", "", ""],
        ["ubs", "UBS", "UBS", "company", "CH", "sunrise-foundation", "", "", ""],  # an existing one moves under it
    ]
    preview = dry_run(editor_client, csv_file(rows))
    assert "process_import" in preview.text, unescape(preview.text)[-2000:]
    confirm(editor_client, preview)
    sunrise = Organisation.objects.get(slug="sunrise-foundation")
    assert Organisation.objects.get(slug="sunrise-kenya").parent == sunrise
    assert Organisation.objects.get(slug="sunrise-nairobi").parent.slug == "sunrise-kenya"
    assert Organisation.objects.get(slug="ubs").parent == sunrise


def test_rows_that_name_each_other_as_parents_are_refused(editor_client):
    rows = [
        ["loop-a", "Loop A", "", "ngo", "", "loop-b", "", "", ""],
        ["loop-b", "Loop B", "", "ngo", "", "loop-a", "", "", ""],
    ]
    preview = dry_run(editor_client, csv_file(rows))
    assert "process_import" not in preview.text
    assert "part of itself" in unescape(preview.text) or "name each other" in unescape(preview.text)
    assert not Organisation.objects.filter(slug__startswith="loop-").exists()


def test_a_preview_lists_the_database_s_refusals_beside_the_rows_own_errors(editor_client):
    """Every error of every row: a row the form refuses did not hide another the database refuses."""
    project = Project.objects.get(slug="chevron-cyclone-myanmar")
    header = ["project", "organisation", "role", "amount", "currency"]
    rows = [[project.slug, "iom", "research", "100", "USD"], [project.slug, "unicef", "funding", "-5", "USD"]]
    rows.append([project.slug, "no-such-partner", "funding", "5", "USD"])
    preview = dry_run(editor_client, csv_file(rows, header=header), model="participation")
    text = unescape(preview.text)
    assert "cannot be negative" in text and "There is no organisation “no-such-partner”." in text
    assert not Participation.objects.filter(project=project, role="research").exists()
