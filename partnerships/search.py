"""Full-text search over projects and organisations.

Each project and organisation stores a weighted, accent-free English `search_vector`
(A: title or name; B: partner names; C: summary, places, countries, themes; D: quotes),
indexed with GIN. The vectors are refreshed explicitly, by `refresh_search()`, from the
admin, the seed loader and any other writer, never by hidden signals.

The words of the indexed text also go to `SearchWord`, a small vocabulary with a
trigram index: when a search finds nothing, each unknown word is replaced by its
closest known spelling ("trafficing" -> "trafficking", "Panasonik" -> "panasonic").
The words of a deleted record leave it, unless another record still holds them.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import CharField, F, Func, Model, QuerySet, TextField, Value

from .models import Country, Organisation, Participation, Person, Place, Project, Quote, SearchWord, Theme

PROJECT_DOCUMENTS = """
    SELECT p.id,
           p.title AS a,
           (SELECT string_agg(concat_ws(' ', o.name, o.acronym, array_to_string(o.aliases, ' ')), ' ')
              FROM partnerships_participation pa
              JOIN partnerships_organisation o ON o.id = pa.organisation_id
             WHERE pa.project_id = p.id) AS b,
           concat_ws(' ', p.programme, p.summary,
               (SELECT string_agg(concat_ws(' ', pl.name, pl.region), ' ')
                  FROM partnerships_project_places pp JOIN partnerships_place pl ON pl.id = pp.place_id
                 WHERE pp.project_id = p.id),
               (SELECT string_agg(c.name, ' ')
                  FROM partnerships_project_countries pc JOIN partnerships_country c ON c.code = pc.country_id
                 WHERE pc.project_id = p.id),
               (SELECT string_agg(t.name, ' ')
                  FROM partnerships_project_themes pt JOIN partnerships_theme t ON t.id = pt.theme_id
                 WHERE pt.project_id = p.id)) AS c,
           (SELECT string_agg(concat_ws(' ', q.text, pe.name), ' ')
              FROM partnerships_quote q LEFT JOIN partnerships_person pe ON pe.id = q.person_id
             WHERE q.project_id = p.id) AS d
      FROM partnerships_project p
"""

ORGANISATION_DOCUMENTS = """
    SELECT o.id,
           concat_ws(' ', o.name, o.acronym, array_to_string(o.aliases, ' ')) AS a,
           (SELECT string_agg(concat_ws(' ', parent.name, parent.acronym), ' ')
              FROM partnerships_organisation parent WHERE parent.id = o.parent_id) AS b,
           concat_ws(' ', o.description,
               (SELECT c.name FROM partnerships_country c WHERE c.code = o.hq_country_id)) AS c,
           NULL::text AS d
      FROM partnerships_organisation o
"""

REFRESH = """
    WITH docs AS ({documents} {where}),
    updated AS (
        UPDATE {table} AS t
           SET search_vector =
                   setweight(to_tsvector('english', unaccent(coalesce(docs.a, ''))), 'A')
                || setweight(to_tsvector('english', unaccent(coalesce(docs.b, ''))), 'B')
                || setweight(to_tsvector('english', unaccent(coalesce(docs.c, ''))), 'C')
                || setweight(to_tsvector('english', unaccent(coalesce(docs.d, ''))), 'D')
          FROM docs
         WHERE t.id = docs.id
     RETURNING t.id, t.search_vector
    ),
    copied AS (
        UPDATE {facets} AS f SET search_vector = updated.search_vector FROM updated WHERE f.{key} = updated.id
    )
    INSERT INTO partnerships_searchword (word)
    SELECT DISTINCT new.word
      FROM docs,
           unnest(tsvector_to_array(to_tsvector('simple', unaccent(concat_ws(' ', docs.a, docs.b, docs.c, docs.d)))))
               AS new(word)
     WHERE length(new.word) BETWEEN 3 AND 100 AND new.word ~ '^[[:alpha:]]'
       AND NOT EXISTS (SELECT FROM partnerships_searchword known WHERE known.word = new.word)
"""


def _refresh(documents: str, table: str, alias: str, ids: Iterable[int] | None, facets: str, key: str) -> None:
    """Refresh the records' vectors, and their copies in the facet table (see facet_tables.py)."""
    where, params = "", []
    if ids is not None:
        ids = list(ids)
        if not ids:
            return
        where, params = f"WHERE {alias}.id = ANY(%s)", [ids]
    with connection.cursor() as cursor:
        cursor.execute(REFRESH.format(documents=documents, where=where, table=table, facets=facets, key=key), params)


def refresh_search(*, projects: Iterable[int] | None = (), organisations: Iterable[int] | None = ()) -> None:
    """Recompute the search vectors of these projects and organisations (None: all)."""
    _refresh(PROJECT_DOCUMENTS, "partnerships_project", "p", projects, "partnerships_projectfacets", "project_id")
    _refresh(
        ORGANISATION_DOCUMENTS,
        "partnerships_organisation",
        "o",
        organisations,
        "partnerships_organisationfacets",
        "organisation_id",
    )


def holding(model: type[Model], pks: Iterable) -> tuple[set[int], set[int]]:
    """(project ids, organisation ids) whose search text includes the text of these
    records of `model` (see PROJECT_DOCUMENTS and ORGANISATION_DOCUMENTS)."""
    pks = list(pks)
    if model is Project:
        return set(pks), set()
    if model is Organisation:
        children = Organisation.objects.filter(parent__in=pks).values_list("pk", flat=True)
        return _projects(participations__organisation__in=pks), {*pks, *children}
    if model is Country:
        headquartered = Organisation.objects.filter(hq_country__in=pks).values_list("pk", flat=True)
        return _projects(countries__in=pks), set(headquartered)
    if model is Theme:
        return _projects(themes__in=pks), set()
    if model is Place:
        return _projects(places__in=pks), set()
    if model in (Participation, Quote):
        return set(model.objects.filter(pk__in=pks, project__isnull=False).values_list("project", flat=True)), set()
    if model is Person:
        return _projects(quotes__person__in=pks), set()
    return set(), set()


def _projects(**condition) -> set[int]:
    return set(Project.objects.filter(**condition).values_list("pk", flat=True))


def refresh_search_of(model: type[Model], pks: Iterable) -> None:
    """After these records of `model` were written: refresh the search text that holds
    theirs. The one way the admin and the import do it."""
    projects, organisations = holding(model, pks)
    refresh_search(projects=projects, organisations=organisations)


def own_text(record: Model) -> str:
    """The text a record adds to the search documents: its own text fields."""
    fields = record._meta.concrete_fields
    return " ".join(str(getattr(record, field.attname) or "") for field in fields if isinstance(field, TEXT_FIELDS))


TEXT_FIELDS = (CharField, TextField)

FORGET = """
    DELETE FROM partnerships_searchword w
     USING (SELECT DISTINCT word
              FROM unnest(tsvector_to_array(to_tsvector('simple', unaccent(%s)))) AS word) AS gone
     WHERE w.word = gone.word
       AND numnode(plainto_tsquery('english', w.word)) > 0
       AND NOT EXISTS (SELECT 1 FROM partnerships_project p
                        WHERE p.search_vector @@ plainto_tsquery('english', w.word))
       AND NOT EXISTS (SELECT 1 FROM partnerships_organisation o
                        WHERE o.search_vector @@ plainto_tsquery('english', w.word))
"""


def forget_words(text: str) -> None:
    """After records were deleted (and the documents that held them refreshed): remove
    the words of `text` that no project or organisation holds any more, so that a
    spelling suggestion never names what was deleted."""
    if text.strip():
        with connection.cursor() as cursor:
            cursor.execute(FORGET, [text])


MAX_QUERY_LENGTH = 200
MAX_CORRECTED_WORDS = 5  # one trigram lookup each
CANDIDATES = 3  # close spellings weighed for each unknown word
MATCHES_COUNTED = 1000
WORD = re.compile(r"\w+")
# Dashes typed one after another: PostgreSQL nests one NOT per dash, and fails past 32.
NEGATIONS = re.compile(r'-(?:[^\w"]*-)+')


def clean_text(text: str) -> str:
    """The search text as every search (pages, exports, API) takes it: its first 200
    characters, with a run of dashes read as one."""
    return NEGATIONS.sub("-", text[:MAX_QUERY_LENGTH])


def _tsquery(text: str) -> SearchQuery:
    unaccented = Func(Value(text), function="unaccent", output_field=TextField())
    return SearchQuery(unaccented, config="english", search_type="websearch")


@dataclass(frozen=True)
class SearchResult:
    queryset: QuerySet
    corrected: str | None = None  # the query actually run, when the words typed found nothing


@dataclass(frozen=True)
class SearchTerms:
    text: str  # the words searched for
    corrected: str | None = None  # their closest known spelling, when they match no record at all

    @property
    def query(self) -> SearchQuery:
        return _tsquery(self.corrected or self.text)

    def rank(self, vector: str = "search_vector") -> SearchRank:
        return SearchRank(F(vector), self.query)


def suggest(text: str, model: type[Model] | None = None) -> str | None:
    """The query with its first few unknown words replaced by their closest known word;
    None if no change. Given `model`, of a few close spellings of each word the one whose
    query matches most of its records wins: a correction must not find less than what
    the person meant ("somalai" is nearer "somali" than "somalia", which finds more)."""
    words = WORD.findall(text.lower())
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    choices, looked_up = [], 0
    for word in words:
        if word in known or len(word) < 3 or looked_up == MAX_CORRECTED_WORDS:
            choices.append([word])
            continue
        looked_up += 1
        close = (
            SearchWord.objects.filter(word__trigram_similar=word)
            .annotate(similarity=Func(F("word"), Value(word), function="similarity"))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
        )
        choices.append(list(close[: CANDIDATES if model else 1]) or [word])
    corrected = [close[0] for close in choices]
    for i, close in enumerate(choices):
        if model is not None and len(close) > 1:
            matched = {word: _matched(model, [*corrected[:i], word, *corrected[i + 1 :]]) for word in close}
            corrected[i] = max(close, key=lambda word: (matched[word], -close.index(word)))
    return " ".join(corrected) if corrected != words else None


def _matched(model: type[Model], words: list[str]) -> int:
    """How many records the words match (up to MATCHES_COUNTED), asked of the GIN index."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return model.objects.filter(search_vector=_tsquery(" ".join(words)))[:MATCHES_COUNTED].count()


def search_terms(model: type[Model], text: str) -> SearchTerms:
    """What to search `model` for: the words typed, or, when they match no record at
    all (a typo, most likely), their closest known spelling. The check reads the GIN
    index alone, whatever filters the search comes with."""
    text = clean_text(text)
    if any_match(model, _tsquery(text)):
        return SearchTerms(text)
    return SearchTerms(text, suggest(text, model))


def any_match(model: type[Model], query: SearchQuery) -> bool:
    """Whether any record matches, asked of the GIN index. For LIMIT 1 the planner would
    rather read the table hoping for an early match, and reads all of it (seconds at a
    million projects) when the words never occur together."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return model.objects.filter(search_vector=query).exists()


ADMIN_WORD = re.compile(r"[^\W_]+")


def prefix_query(text: str) -> SearchQuery | None:
    """Every word of `text` as the start of a word ("chev" finds Chevron), for searches
    typed a few letters at a time (the admin's, its autocomplete boxes included)."""
    words = ADMIN_WORD.findall(clean_text(text).lower())[:MAX_CORRECTED_WORDS]
    if not words:
        return None
    raw = Func(Value(" & ".join(f"{word}:*" for word in words)), function="unaccent", output_field=TextField())
    return SearchQuery(raw, config="english", search_type="raw")


def search(queryset: QuerySet, text: str) -> SearchResult:
    """Rows matching `text`, annotated with `rank`; falls back to corrected spelling."""
    terms = search_terms(queryset.model, text)
    matches = queryset.filter(search_vector=terms.query).annotate(rank=terms.rank())
    return SearchResult(matches, terms.corrected)
