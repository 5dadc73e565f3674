"""The numbered notes of a page: each citation of the records it shows, numbered in
the order the records appear, beside the fact and again at the foot of the page."""

import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse

from .models import Citation


@dataclass(frozen=True)
class Note:
    number: int
    citation: Citation

    @property
    def url(self) -> str:
        """The passage highlighted in the source's text kept here, else the source's own address."""
        source = self.citation.source
        if source.text:
            return f"{reverse('source', args=[source.slug])}?citation={self.citation.pk}#passage"
        return source.url


def number_notes(records: list[Model]) -> list[Note]:
    """The notes of `records` (one query), numbered in their order, the same passage of
    the same source once; each record gets the list of its own as `record.notes`, for
    the mark beside its fact."""
    keys = [(ContentType.objects.get_for_model(record).pk, str(record.pk)) for record in records]
    conditions = [Q(content_type_id=type_id, object_id=pk) for type_id, pk in keys]
    found = {}
    if conditions:
        citations = Citation.objects.filter(reduce(operator.or_, conditions)).select_related("source")
        for citation in citations.order_by("pk"):
            found.setdefault((citation.content_type_id, citation.object_id), []).append(citation)
    notes: dict[tuple[int, str], Note] = {}  # a passage cited twice on a page is one note
    for record, key in zip(records, keys, strict=True):
        record.notes = []
        for citation in found.get(key, []):
            same = (citation.source_id, citation.passage)
            if same not in notes:
                notes[same] = Note(len(notes) + 1, citation)
            record.notes.append(notes[same])
    return list(notes.values())


def _citations_of(model: type[Model]) -> QuerySet:
    """The citations of the outer query's record of `model` (by core_citation_record)."""
    return Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=Cast(OuterRef("pk"), CharField())
    )


def citation_count(model: type[Model]) -> Coalesce:
    """An annotation: how many citations each record of `model` has (one indexed
    subquery per row)."""
    cited = _citations_of(model).order_by().values("content_type").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(cited), 0)


def cited(model: type[Model]) -> Exists:
    """A condition: the record of `model` cites at least one source."""
    return Exists(_citations_of(model))


# A model whose records cite sources fewer times than this is filtered by their keys.
FEW_CITED = 10_000


def cited_keys(model: type[Model]) -> list | None:
    """The keys of the records of `model` that cite a source, when they are few (an index
    reads them; asking each of a million records would read them all); else None."""
    citations = Citation.objects.filter(content_type=ContentType.objects.get_for_model(model))
    keys = list(citations.values_list("object_id", flat=True).distinct()[: FEW_CITED + 1])
    if len(keys) > FEW_CITED:
        return None
    to_key = model._meta.pk.to_python
    found = []
    for key in keys:
        try:
            found.append(to_key(key))
        except ValidationError:  # cites a record that this model cannot hold
            continue
    return found


def cite(record: Model, source, passage: str) -> None:
    """Record that `passage` of `source` supports `record` (once: doing it again adds nothing)."""
    Citation.objects.get_or_create(
        source=source,
        content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk),
        passage=passage,
    )
