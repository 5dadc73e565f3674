"""The seed: everything the organisation's partner pages (data/source.txt) say about
partners, projects, people, quotes, figures, crises, awards and publications, kept as
data in data/seed/*.yaml: one record per block, with named fields (each file's header
says what they hold), so that a reviewer can check it against the source line by line.

Quotes are verbatim: the text between the source's quotation marks, typographic
apostrophes, accents and trailing punctuation included (tests check each one against
the source). Summaries are faithful rewordings. Dates are as precise as the source
("2006", "2007-05", "2008-05-02"); where it gives none, none is stored. Amounts and
figures are written as text and read as exact decimals.

`load()` is idempotent: rows are found by natural keys and saved only when something
differs, so a second run changes nothing.

The source text itself is a `Source` record (`seed_source()`): every organisation,
person, project, participation, figure (its own words) and quote (verbatim) cites the
passage of it that it was taken from (`passage` in the YAML files).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from core.citations import cite
from core.models import Source
from core.seeding import dates, set_related, single_date, upsert

from .models import (
    Award,
    Country,
    Crisis,
    Figure,
    Organisation,
    Participation,
    Person,
    Place,
    Project,
    Publication,
    Quote,
    Theme,
    Unstated,
)

SEED_DIR = Path(__file__).resolve().parent / "data" / "seed"
SOURCE_FILE = Path(__file__).resolve().parent / "data" / "source.txt"


def seed_source() -> Source:
    """The organisation's partner pages, whose text the seed was taken from."""
    return upsert(
        Source,
        {"slug": "iom-partner-pages"},
        {
            "title": "IOM partner pages",
            "publisher": "International Organization for Migration",
            "text": SOURCE_FILE.read_text(encoding="utf-8"),
        },
    )


def read(name: str) -> list[dict]:
    """The records of data/seed/<name>.yaml."""
    with open(SEED_DIR / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _figure(spec: dict) -> dict:
    """A figure's fields, but its label (which, with its subject, finds it)."""
    return {
        "kind": spec["kind"],
        "value": Decimal(spec["value"]),
        "value_max": _decimal(spec.get("value_max")),
        "qualifier": spec.get("qualifier", Figure.Qualifier.EXACT),
        "unit": spec["unit"],
        "source_text": spec["source_text"],
    }


def _upsert_figure(spec: dict, source: Source, **subject) -> None:
    lookup = {"project": None, "organisation": None, "crisis": None, **subject, "label": spec["label"]}
    cite(upsert(Figure, lookup, _figure(spec)), source, spec["source_text"])


@transaction.atomic
@dataclass
class _Loaded:
    """The seed's records loaded so far, by the keys the seed files name them with."""

    countries: dict[str, Country]
    themes: dict[str, Theme] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    crises: dict[str, Crisis] = field(default_factory=dict)
    places: dict[tuple, Place] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)


def load(source: Source) -> tuple[set[int], set[int]]:
    """Load (or bring up to date) the seed; returns the ids of its projects and
    organisations, whose search text it makes."""
    loaded = _Loaded(countries={country.code: country for country in Country.objects.all()})
    for spec in read("themes"):
        fields = {name: spec[name] for name in ("name", "name_fr", "name_es", "description")}
        loaded.themes[spec["slug"]] = upsert(Theme, {"slug": spec["slug"]}, fields)
    _load_organisations(loaded, source)
    _load_crises_and_places(loaded)
    for spec in read("people"):
        person = upsert(
            Person,
            {"name": spec["name"], "organisation": loaded.orgs.get(spec.get("organisation"))},
            {"job_title": spec.get("job_title", ""), "note": spec.get("note", "")},
        )
        loaded.people[spec["name"]] = person
        cite(person, source, spec["passage"])
    _load_projects(loaded, source)
    for spec in read("figures"):
        if "organisation" in spec:
            _upsert_figure(spec, source, organisation=loaded.orgs[spec["organisation"]])
        else:
            _upsert_figure(spec, source, crisis=loaded.crises[spec["crisis"]])
    _load_awards_and_publications(loaded)
    return {project.pk for project in loaded.projects.values()}, {org.pk for org in loaded.orgs.values()}


def _load_organisations(loaded: _Loaded, source: Source) -> None:
    organisations = read("organisations")
    for spec in organisations:
        org = upsert(
            Organisation,
            {"slug": spec["slug"]},
            {
                "name": spec["name"],
                "acronym": spec.get("acronym", ""),
                "kind": spec["kind"],
                "hq_country": loaded.countries[spec["hq"]] if spec.get("hq") else None,
                "hq_inferred": spec.get("hq_inferred", False),
                "iati_identifier": spec.get("iati_identifier", ""),
                "iati_identifier_inferred": spec.get("iati_identifier_inferred", False),
                "aliases": spec.get("aliases", []),
                "description": spec.get("description", ""),
            },
        )
        loaded.orgs[spec["slug"]] = org
        cite(org, source, spec["passage"])
    for spec in organisations:  # parents, once every organisation exists
        parent = spec.get("parent")
        upsert(Organisation, {"slug": spec["slug"]}, {"parent": loaded.orgs[parent] if parent else None})


def _load_crises_and_places(loaded: _Loaded) -> None:
    countries = loaded.countries
    for spec in read("crises"):
        crisis = upsert(
            Crisis,
            {"slug": spec["slug"]},
            {"name": spec["name"], "kind": spec["kind"], "summary": spec["summary"], **single_date(spec.get("date"))},
        )
        loaded.crises[spec["slug"]] = crisis
        set_related(crisis.countries, [countries[code] for code in spec.get("countries", [])])
    for spec in read("places"):
        code = spec.get("country")
        loaded.places[(spec["name"], code)] = upsert(
            Place,
            {"name": spec["name"], "country": countries[code] if code else None},
            {"region": spec.get("region", "")},
        )


def _load_projects(loaded: _Loaded, source: Source) -> None:
    project_specs = read("projects")
    for spec in project_specs:
        loaded.projects[spec["slug"]] = _load_project(spec, loaded, source)
    for spec in project_specs:  # what a project follows, once every project exists
        follows = loaded.projects[spec["follows"]] if "follows" in spec else None
        upsert(Project, {"slug": spec["slug"]}, {"follows": follows})


def _load_project(spec: dict, loaded: _Loaded, source: Source) -> Project:
    """A project with its links, contributions, figures and quotes."""
    project = upsert(
        Project,
        {"slug": spec["slug"]},
        {
            "title": spec["title"],
            "programme": spec.get("programme", ""),
            "summary": spec["summary"],
            "status": spec["status"],
            **dates(spec),
        },
    )
    cite(project, source, spec["passage"])
    places = [loaded.places[(place["name"], place.get("country"))] for place in spec.get("places", [])]
    set_related(project.countries, [loaded.countries[code] for code in spec.get("countries", [])])
    set_related(project.places, places)
    set_related(project.themes, [loaded.themes[slug] for slug in spec["themes"]])
    set_related(project.crises, [loaded.crises[slug] for slug in spec.get("crises", [])])
    for part in spec["participations"]:
        participation = upsert(
            Participation,
            {"project": project, "organisation": loaded.orgs[part["organisation"]], "role": part["role"]},
            {
                "amount": _decimal(part.get("amount")),
                "currency": part.get("currency", ""),
                "in_kind": part.get("in_kind", ""),
                "agreement": part.get("agreement", ""),
                "note": part.get("note", ""),
                **dates(part),
            },
        )
        cite(participation, source, part["passage"])
    for figure in spec.get("figures", []):
        _upsert_figure(figure, source, project=project)
    for fact in spec.get("unstated", []):  # what the text leaves out, and its words there
        upsert(Unstated, {"project": project, "fact": fact["fact"]}, {"source": source, "passage": fact["passage"]})
    for said in spec.get("quotes", []):
        quote = upsert(
            Quote,
            {"text": said["text"], "person": loaded.people.get(said.get("person")), "project": project},
            {"organisation": loaded.orgs.get(said.get("organisation")), "note": said.get("note", "")},
        )
        cite(quote, source, said["text"])
    return project


def _load_awards_and_publications(loaded: _Loaded) -> None:
    for spec in read("awards"):
        award = upsert(
            Award,
            {"name": spec["name"], "year": spec.get("year")},
            {
                "person": loaded.people.get(spec.get("person")),
                "project": loaded.projects.get(spec.get("project")),
                "note": spec.get("note", ""),
            },
        )
        set_related(award.organisations, [loaded.orgs[slug] for slug in spec.get("organisations", [])])
    for spec in read("publications"):
        publication = upsert(
            Publication,
            {"title": spec["title"]},
            {
                "kind": spec["kind"],
                "summary": spec["summary"],
                "credit": spec.get("credit", ""),
                **single_date(spec.get("date")),
            },
        )
        set_related(publication.organisations, [loaded.orgs[slug] for slug in spec.get("organisations", [])])
        set_related(publication.people, [loaded.people[name] for name in spec.get("people", [])])
        set_related(publication.projects, [loaded.projects[slug] for slug in spec.get("projects", [])])
        set_related(publication.countries, [loaded.countries[code] for code in spec.get("countries", [])])
