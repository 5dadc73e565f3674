"""The IATI import (issue 28): each element of a file of our own making, the portal's own
export read back into an empty database, all or nothing, and nothing changed the second
time."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError

from core.models import Citation, Source
from gmg.models import ChairTerm, Membership, WorkingGroupLead
from partnerships.iati_import import Refused, import_file, read
from partnerships.models import (
    Award,
    Figure,
    Organisation,
    Participation,
    Person,
    Project,
    Publication,
    Quote,
    Unstated,
)

pytestmark = pytest.mark.django_db

EVERY_ELEMENT = Path(__file__).parent / "data" / "iati" / "every-element.xml"


def test_a_publisher_s_activity_becomes_a_project_with_its_partners_and_money():
    written = import_file(EVERY_ELEMENT.read_bytes(), "every-element.xml")
    project = Project.objects.get(iati_identifier="GB-COH-123456-WASH-01")
    assert (project.title, project.status) == ("Wells for returning families", "completed")
    assert project.summary == "Twelve wells in two provinces for families coming home."
    assert (project.start, project.start_precision) == (datetime.date(2019, 3, 1), "month")  # actual, to the month
    assert (project.end, project.end_precision) == (datetime.date(2021, 6, 30), "day")
    assert sorted(project.countries.values_list("code", flat=True)) == ["KE", "SO"]
    assert sorted(project.themes.values_list("slug", flat=True)) == ["emergency-response", "water-and-sanitation"]
    parts = {(p.organisation.name, p.role): (p.amount, p.currency) for p in project.participations.all()}
    assert parts == {
        ("Clean Water Trust", "implementing"): (None, ""),
        ("United Nations Children’s Fund", "funding"): (Decimal("250000.00"), "USD"),
        ("Aqua Pumps Ltd", "funding"): (Decimal("25000.00"), "EUR"),  # two incoming funds, default currency
        ("Ministry of Water", "government"): (None, ""),
    }
    assert Organisation.objects.get(name="United Nations Children’s Fund").slug == "unicef"  # matched by identifier
    created = Organisation.objects.get(name="Clean Water Trust")
    assert (created.iati_identifier, created.kind) == ("GB-COH-123456", "ngo")
    assert Organisation.objects.get(name="Aqua Pumps Ltd").kind == "company"
    budget = Figure.objects.get(project=project, kind="money")
    assert (budget.value, budget.unit, budget.label) == (Decimal("500000.00"), "EUR", "Budget 2019-01-01 – 2019-12-31")
    source = Source.objects.get(title="every-element.xml")
    assert source.publisher == "Clean Water Trust"
    citation = Citation.objects.of(project).get()
    assert citation.source == source and citation.passage.startswith("<iati-activity")
    assert citation.passage in source.text
    assert (written.projects_created, written.partners_created) == (1, 3)


def test_importing_the_same_file_again_changes_nothing():
    data = EVERY_ELEMENT.read_bytes()
    import_file(data, "every-element.xml")
    counts = [model.objects.count() for model in (Project, Organisation, Participation, Figure, Citation, Source)]
    history = [model.history.count() for model in (Project, Organisation, Participation, Figure)]
    again = import_file(data, "every-element.xml")
    assert [
        model.objects.count() for model in (Project, Organisation, Participation, Figure, Citation, Source)
    ] == counts
    assert [model.history.count() for model in (Project, Organisation, Participation, Figure)] == history
    assert (again.projects_created, again.projects_updated, again.partners_created) == (0, 0, 0)


def test_a_dry_run_writes_nothing():
    before = Project.objects.count()
    written = import_file(EVERY_ELEMENT.read_bytes(), "every-element.xml", dry_run=True)
    assert written.projects_created == 1 and Project.objects.count() == before
    assert not Source.objects.filter(title="every-element.xml").exists()


def _broken(old: str, new: str) -> bytes:
    return EVERY_ELEMENT.read_text().replace(old, new, 1).encode()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"name,title\nx,y\n", "Not an XML file"),
        (b"<html><body>hello</body></html>", "Not an IATI activity file"),
        (_broken('version="2.03"', 'version="1.05"'), "IATI version 1.05"),
        (b'<iati-activities version="2.03"></iati-activities>', "holds no activity"),
        (_broken('<activity-status code="3"/>', '<activity-status code="9"/>'), "activity-status 9"),
        (_broken('role="2"', 'role="7"'), "role 7"),
        (_broken('code="SO"', 'code="XX"'), "recipient-country XX"),
        (_broken('code="14030"', 'code="99999"'), "sector 99999"),
        (_broken('currency="USD"', 'currency="DOLLARS"'), "currency DOLLARS"),
        (_broken('<transaction-type code="11"/>', '<transaction-type code="42"/>'), "transaction type 42"),
        (_broken('iso-date="2021-06-30"', 'iso-date="30/06/2021"'), "is not a date"),
        (_broken('type="10" role="2"', 'type="17" role="2"'), "organisation type 17"),
    ],
)
def test_a_file_with_a_problem_imports_nothing_and_says_where(data, said):
    before = (Project.objects.count(), Organisation.objects.count(), Source.objects.count())
    with pytest.raises(Refused) as refused:
        import_file(data, "bad.xml")
    assert any(said in problem for problem in refused.value.problems), refused.value.problems
    assert (Project.objects.count(), Organisation.objects.count(), Source.objects.count()) == before


def test_an_activity_given_twice_is_refused():
    text = EVERY_ELEMENT.read_text()
    activity = text[text.index("<iati-activity ") : text.index("</iati-activity>") + len("</iati-activity>")]
    doubled = text.replace(activity, activity + activity).encode()
    with pytest.raises(Refused, match="in the file twice"):
        read(doubled, "twice.xml")


def test_the_command_imports_and_refuses_with_clear_messages(tmp_path, capsys):
    call_command("import_iati", str(EVERY_ELEMENT), "--dry-run")
    assert "Would import every-element.xml: 1 projects created" in capsys.readouterr().out
    assert not Project.objects.filter(iati_identifier="GB-COH-123456-WASH-01").exists()
    call_command("import_iati", str(EVERY_ELEMENT))
    assert Project.objects.filter(iati_identifier="GB-COH-123456-WASH-01").exists()
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"not xml")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_iati", str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_iati", str(tmp_path / "missing.xml"))


def test_the_command_says_the_database_was_lost_and_nothing_was_imported(monkeypatch):
    """The primary restarting during an import (make faults): one transaction, so nothing
    stays, and the command says so and what to do, without a traceback."""
    from partnerships.management.commands import import_iati

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(import_iati, "import_file", lost)
    with pytest.raises(CommandError, match="Nothing was imported: the database connection was lost"):
        call_command("import_iati", str(EVERY_ELEMENT))


def _records():
    """What a project export carries, by slug."""
    projects = {}
    for project in Project.objects.filter(start__isnull=False).prefetch_related("countries", "themes"):
        parts = {
            (p.organisation.name, p.organisation.kind, p.role, p.amount, p.currency, p.in_kind)
            for p in project.participations.select_related("organisation")
        }
        projects[project.slug] = (
            project.title,
            project.summary,
            project.status,
            project.start,
            project.start_precision,
            project.end,
            project.end_precision,
            sorted(project.countries.values_list("code", flat=True)),
            sorted(project.themes.values_list("slug", flat=True)),
            parts,
        )
    return projects


def test_the_portal_s_own_export_read_into_an_empty_database_gives_the_same_records(viewer_client):
    """The round trip: every exported project comes back with its dates and their
    precision, status, countries, themes, partners (name, kind, role) and money."""
    exported = b"".join(viewer_client.get("/projects/export.iati.xml").streaming_content)
    before = _records()
    identifiers = dict(Organisation.objects.exclude(iati_identifier="").values_list("name", "iati_identifier"))
    records = (Quote, Unstated, Figure, Participation, Project, ChairTerm, Membership, WorkingGroupLead, Award, Person)
    for model in (*records, Publication, Citation):
        model.objects.all().delete()
    Organisation.objects.update(parent=None)
    Organisation.objects.all().delete()
    assert Project.objects.count() == 0
    import_file(exported, "projects.iati.xml")
    assert _records() == before
    back = dict(Organisation.objects.exclude(iati_identifier="").values_list("name", "iati_identifier"))
    assert back.items() <= identifiers.items()
    pakistan = Organisation.objects.get(name="IOM Pakistan")
    assert pakistan.parent.iati_identifier == "XM-DAC-47066"  # a unit under IOM's identifier


def test_an_editor_previews_then_confirms_an_iati_file_in_the_admin(editor_client):
    changelist = editor_client.get("/admin/partnerships/project/").text
    assert 'href="/admin/partnerships/project/iati-import/"' in changelist
    with EVERY_ELEMENT.open("rb") as upload:
        preview = editor_client.post("/admin/partnerships/project/iati-import/", {"iati_file": upload})
    assert preview.status_code == 200
    assert "1 projects new, 0 changed; 3 partners new" in preview.text
    assert "GB-COH-123456-WASH-01" in preview.text
    assert not Project.objects.filter(iati_identifier="GB-COH-123456-WASH-01").exists()  # nothing yet
    token = preview.context["confirm_form"].initial["token"]
    done = editor_client.post("/admin/partnerships/project/iati-import/confirm/", {"token": token})
    assert done.status_code == 302 and done["Location"] == "/admin/partnerships/project/"
    assert Project.objects.filter(iati_identifier="GB-COH-123456-WASH-01").exists()
    again = editor_client.post("/admin/partnerships/project/iati-import/confirm/", {"token": token}, follow=True)
    assert "has expired or was confirmed already" in again.text


def test_a_bad_file_in_the_admin_says_what_is_wrong(editor_client):
    with EVERY_ELEMENT.open("rb") as good:
        data = good.read().replace(b'code="SO"', b'code="XX"')
    upload = SimpleUploadedFile("bad.xml", data, content_type="application/xml")
    page = editor_client.post("/admin/partnerships/project/iati-import/", {"iati_file": upload})
    assert "The file cannot be imported" in page.text and "recipient-country XX" in page.text
    assert "confirm_form" not in page.context


def test_a_viewer_cannot_import(viewer_client, client, django_user_model):
    staff = django_user_model.objects.create_user("stu", password="a long password 1", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/partnerships/project/iati-import/").status_code == 403
