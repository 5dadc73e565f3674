"""Records cite their sources: the seed cites its own text, passages verbatim; record
pages number their notes, and a passage opens highlighted in its source."""

import datetime
import re

import pytest
from django.core.management import call_command

from core.models import Citation, Source
from core.sources import find
from gmg.models import ChairTerm, GroupName, Membership
from partnerships.models import Figure, Organisation, Participation, Person, Project, Quote, Unstated

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.get(slug="iom-partner-pages")


def test_every_seed_citation_is_verbatim_in_the_source_text(source):
    citations = Citation.objects.filter(source=source)
    assert citations.count() > 0
    assert [c.passage for c in citations if find(c.passage, source.text) is None] == []


@pytest.mark.parametrize(
    "model",
    [Organisation, Person, Project, Participation, Figure, Quote, Membership, ChairTerm, GroupName],
    ids=lambda m: m.__name__,
)
def test_the_seed_cites_every_record_of_these_kinds(model):
    cited = {
        int(pk)
        for pk in Citation.objects.filter(content_type__model=model._meta.model_name).values_list(
            "object_id", flat=True
        )
    }
    assert set(model.objects.values_list("pk", flat=True)) <= cited


def test_the_seed_s_facts_not_stated_show_the_words_of_the_source(source, viewer_client):
    """Four funders are named with no amount: recorded as such, with the passage."""
    unstated = Unstated.objects.filter(source=source).select_related("project")
    assert {(u.project.slug, u.fact) for u in unstated} == {
        ("dow-school-units-pakistan", "amount"),
        ("standard-chartered-health-aceh-barat", "amount"),
        ("ubs-trafficking-prevention-indonesia", "amount"),
        ("ubs-care-home-nias", "amount"),
    }
    assert [u.passage for u in unstated if find(u.passage, source.text) is None] == []
    assert not Participation.objects.filter(project__unstated__fact="amount", amount__isnull=False).exists()
    html = viewer_client.get("/projects/dow-school-units-pakistan/").text
    assert "Funding amount: <q>Dow Chemical, through its charitable foundation" in html


def test_loading_the_seed_again_adds_no_citation():
    before = Citation.objects.count()
    call_command("load_seed", verbosity=0)
    assert Citation.objects.count() == before


def test_a_whitespace_difference_is_still_verbatim():
    assert find("More than 1,400   solar\nlanterns", "• More than 1,400 solar lanterns were") == (2, 32)
    assert find("More than 1,500 solar lanterns", "More than 1,400 solar lanterns") is None


def test_a_project_page_numbers_its_notes_and_lists_its_sources(viewer_client, source):
    html = viewer_client.get("/projects/solar-lanterns-somalia/").text
    figure = Figure.objects.get(project__slug="solar-lanterns-somalia")
    citation = Citation.objects.of(figure).get()
    assert re.search(r'<sup class="note-mark"><a href="#note-1"[^>]*>\[1\]</a></sup>', html)
    assert 'id="h-sources"' in html
    link = f"/sources/{source.slug}/?citation={citation.pk}#passage"
    assert f'<a href="{link}" class="source-link">show in the source</a>' in html.replace("&amp;", "&")
    assert f"“{citation.passage}”" in html


def test_a_contribution_cites_the_words_that_give_its_amount(viewer_client):
    part = Participation.objects.get(organisation__slug="chevron", project__slug="chevron-cyclone-myanmar")
    assert "USD 400,000" in Citation.objects.of(part).get().passage
    html = viewer_client.get("/projects/chevron-cyclone-myanmar/").text
    assert re.search(r"USD 400,000<sup class=\"note-mark\"><a href=\"#note-\d\"", html)


def test_a_partner_page_numbers_its_notes(viewer_client):
    html = viewer_client.get("/partners/chevron/").text
    assert '<sup class="note-mark"><a href="#note-1"' in html and 'id="h-sources"' in html
    assert "Chevron responded immediately with a donation of USD 400,000" in html


def test_the_passage_opens_highlighted_in_its_source(viewer_client, source):
    quote = Quote.objects.get(text__contains="nights have become days")
    citation = Citation.objects.of(quote).get()
    html = viewer_client.get(f"/sources/{source.slug}/", {"citation": citation.pk}).text
    assert f'<mark id="passage">{quote.text}</mark>' in html.replace("&#x27;", "'")


@pytest.mark.parametrize("query", [{"citation": "abc"}, {"citation": "999999"}, {}])
def test_a_source_page_without_a_usable_citation_shows_the_text(viewer_client, source, query):
    response = viewer_client.get(f"/sources/{source.slug}/", query)
    assert response.status_code == 200
    assert "<mark" not in response.text and "Global Migration Group" in response.text


def test_an_unknown_source_is_not_found(viewer_client):
    assert viewer_client.get("/sources/no-such-source/").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/admin/partnerships/project/{project}/change/", "/admin/gmg/membership/{membership}/change/"],
)
def test_editors_cite_as_they_edit(editor_client, url):
    project, membership = Project.objects.first(), Membership.objects.first()
    html = editor_client.get(url.format(project=project.pk, membership=membership.pk)).text
    assert 'name="core-citation-content_type-object_id-TOTAL_FORMS"' in html


def test_an_editor_adds_a_citation_inline(editor_client, source):
    term = ChairTerm.objects.get(start__year=2014)
    data = {
        "organisation": term.organisation_id,
        "start": term.start.isoformat(),
        "start_precision": term.start_precision,
        "end": term.end.isoformat(),
        "end_precision": term.end_precision,
        "note": term.note,
        "core-citation-content_type-object_id-TOTAL_FORMS": 1,
        "core-citation-content_type-object_id-INITIAL_FORMS": 0,
        "core-citation-content_type-object_id-0-source": source.pk,
        "core-citation-content_type-object_id-0-passage": "assumed the chairmanship of the GMG on 1 January 2014",
    }
    response = editor_client.post(f"/admin/gmg/chairterm/{term.pk}/change/", data)
    assert response.status_code == 302, response.text[:2000]
    assert Citation.objects.of(term).filter(passage__startswith="assumed the chairmanship").exists()


def test_the_api_gives_each_records_citation_count(viewer_client):
    project = Project.objects.get(slug="solar-lanterns-somalia")
    detail = viewer_client.get(f"/api/projects/{project.slug}/").json()
    assert detail["citations"] == Citation.objects.of(project).count() == 1
    listed = viewer_client.get("/api/projects/", {"country": "SO"}).json()["results"]
    assert all(row["citations"] >= 1 for row in listed)
    assert viewer_client.get("/api/organisations/chevron/").json()["citations"] == 1
    quotes = viewer_client.get("/api/quotes/").json()["results"]
    assert all(row["citations"] == 1 for row in quotes)


def test_the_gmg_page_numbers_the_notes_of_its_name_chair_and_members(viewer_client):
    html = viewer_client.get("/gmg/", {"on": "2014-05-01"}).text
    assert "The International Labour Organization (ILO) assumed the chairmanship" in html
    assert "In 2010, WHO and UN Women were admitted as members" in html
    members = Membership.objects.on(datetime.date(2014, 5, 1)).count()
    assert html.count('<sup class="note-mark">') == members + 2  # and the name and the chair


def test_headquarters_from_general_knowledge_are_marked_not_cited(viewer_client):
    """The seed states Panasonic's country ("global Japanese company"), not Chevron's."""
    assert not Organisation.objects.get(slug="panasonic").hq_inferred
    assert Organisation.objects.get(slug="chevron").hq_inferred
    assert "general knowledge, not stated in the sources" in viewer_client.get("/partners/chevron/").text
    assert "general knowledge" not in viewer_client.get("/partners/panasonic/").text


def test_a_passage_cited_twice_on_a_page_is_one_note(viewer_client):
    html = viewer_client.get("/projects/solar-lanterns-somalia/").text
    sources = html.split('id="h-sources"')[1]
    assert sources.count("IOM is partnering with global Japanese company, Panasonic") == 1
    assert html.count('href="#note-2"') == 2  # Panasonic's part and IOM's, one passage


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_lists_give_each_records_citation_count_and_follow_a_new_citation(viewer_client):
    call_command("load_seed", verbosity=0)  # transactional tests start from the migrated state
    source = Source.objects.get(slug="iom-partner-pages")
    html = viewer_client.get("/projects/", {"country": "SO"}).text
    assert "1 citation<" in html and "No source cited" not in html
    project = Project.objects.get(slug="solar-lanterns-somalia")
    Citation.objects.create(source=source, record=project, passage="IDP settlements are plunged in darkness")
    assert "2 citations" in viewer_client.get("/projects/", {"country": "SO"}).text  # not a kept page
    uncited = Organisation.objects.create(name="Zyx Uncited Trust", slug="zyx-uncited", kind="foundation")
    html = viewer_client.get("/partners/", {"kind": "foundation"}).text
    assert uncited.name in html and "No source cited" in html


def test_every_fact_on_a_partner_s_page_carries_its_note(viewer_client):
    """Issue 27: Chevron's USD 850,000 and USD 400,000 carried no note."""
    html = viewer_client.get("/partners/chevron/").text
    for amount in ("USD 850,000", "USD 400,000"):
        line = html.split(amount, 1)[1].split("</div>", 1)[0]
        assert 'class="note-mark"' in line, amount
    assert html.count('<li id="note-') >= 3


def test_the_source_page_says_what_cites_each_passage_and_leads_back(viewer_client):
    """Issue 27: the source page dropped the reader into the text with no way back."""
    project = Project.objects.get(slug="chevron-cyclone-myanmar")
    citation = Citation.objects.of(project).first()
    response = viewer_client.get(f"/sources/{citation.source.slug}/", {"citation": citation.pk})
    html = response.text
    here = html.split('class="alert alert-info py-2 source-here"')[1].split("</div>")[0]
    assert project.get_absolute_url() in here and "Back to it" in here
    cited = html.split('id="cited"')[1]
    assert f'href="{project.get_absolute_url()}"' in cited
    assert cited.count("<li>") == Citation.objects.filter(source=citation.source).count()
    assert "Original address" in html and "not given by the source" in html


def test_no_note_mark_stands_alone_in_an_empty_contribution(viewer_client):
    """Issue 27: a partner with no amount and nothing in kind (IOM Angola, implementing)
    showed a note mark with nothing in it. The mark goes with the role it supports, and
    the contribution says what is known."""
    html = viewer_client.get("/projects/dow-school-units-pakistan/").text
    rows = re.findall(r"<tr>\s*<td class=\"card-title\">.*?</tr>", html, re.S)
    cells = {
        re.search(r">([^<]+)</a></td>", row)[1]: re.findall(r'<td data-label="(\w+)">(.*?)</td>', row, re.S)
        for row in rows
    }
    dow, iom = dict(cells["Dow Chemical Foundation"]), dict(cells["IOM Pakistan"])
    assert re.match(r"\s*Funding partner<sup class=\"note-mark\">", dow["Role"])
    assert dow["Contribution"].strip().startswith("amount not stated in the sources")
    assert re.match(r"\s*Implementing partner<sup class=\"note-mark\">", iom["Role"])
    assert iom["Contribution"].strip() == "—"
    for row in rows:
        for _label, cell in re.findall(r'<td data-label="(\w+)">(.*?)</td>', row, re.S):
            assert not re.fullmatch(r"\s*<sup class=\"note-mark\">.*</sup>\s*", cell, re.S), cell
