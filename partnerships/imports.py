"""What the admin's import and export of partners, projects, participations and figures
hold: each model's columns, named as its fields, and the columns that name an existing
record (core/imports.py reads, checks and writes the rows; core/spreadsheet_admin.py is
the admin's side).

Related records are named by their natural keys: a country by its code, anything else by
its slug; lists (countries, themes, other names) are separated by semicolons. A row may
also cite a source: its `source` (a slug) and `passage` (verbatim) columns.
"""

from functools import partial

from core.imports import Column, Spec

from .facet_tables import partners_deferred
from .models import Figure, Organisation, Participation, Project
from .search import refresh_search_of


def _spec(model, key: tuple[str, ...], *columns: Column) -> Spec:
    # What a record holds of another's text (a partner's name in its projects') is refreshed
    # after writing; the partners' facet rows at the end of the writes, not statement by statement.
    return Spec(model, key, columns, after_write=partial(refresh_search_of, model), around_write=partners_deferred)


ORGANISATIONS = _spec(
    Organisation,
    ("slug",),
    Column("slug"),
    Column("name"),
    Column("acronym"),
    Column("kind"),
    Column("hq_country", key="code"),
    Column("hq_inferred"),
    Column("parent", key="slug"),
    Column("website"),
    Column("aliases"),
    Column("description"),
)

PROJECTS = _spec(
    Project,
    ("slug",),
    Column("slug"),
    Column("title"),
    Column("summary"),
    Column("status"),
    Column("programme"),
    Column("start"),
    Column("start_precision"),
    Column("end"),
    Column("end_precision"),
    Column("countries", key="code"),
    Column("themes", key="slug"),
)

PARTICIPATIONS = _spec(
    Participation,
    ("project", "organisation", "role"),
    Column("project", key="slug"),
    Column("organisation", key="slug"),
    Column("role"),
    Column("amount"),
    Column("currency"),
    Column("in_kind"),
    Column("agreement"),
    Column("start"),
    Column("start_precision"),
    Column("end"),
    Column("end_precision"),
    Column("note"),
)

# Figures have no natural key: an empty id adds one, an id changes that figure.
FIGURES = _spec(
    Figure,
    ("id",),
    Column("id"),
    Column("project", key="slug"),
    Column("organisation", key="slug"),
    Column("crisis", key="slug"),
    Column("kind"),
    Column("qualifier"),
    Column("value"),
    Column("value_max"),
    Column("unit"),
    Column("label"),
    Column("source_text"),
)
