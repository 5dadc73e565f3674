"""Finding a cited passage in its source's text, and the page that shows it there."""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Model
from django.shortcuts import get_object_or_404, render
from django.utils.text import capfirst
from django.views.decorators.http import require_safe

from .models import Citation, Source
from .querystrings import whole_number


def passage_pattern(passage: str) -> re.Pattern:
    """The passage's words in order, any whitespace between them: a citation is
    verbatim up to line breaks and spacing."""
    return re.compile(r"\s+".join(re.escape(word) for word in passage.split()))


def find(passage: str, text: str) -> tuple[int, int] | None:
    """Where the passage is in the text (start, end), or None."""
    match = passage_pattern(passage).search(text) if passage.split() else None
    return match.span() if match else None


@dataclass
class Shown:
    before: str
    passage: str
    after: str


@dataclass
class Citing:
    """A record citing the source: what it is, where its page is, and the passage."""

    citation: Citation
    record: Model | None  # None: deleted since

    @property
    def kind(self) -> str:
        return capfirst(self.citation.content_type.model_class()._meta.verbose_name) if self.record else ""

    @property
    def url(self) -> str:
        return page_of(self.record)


def page_of(record: Model | None) -> str:
    """The portal page that shows `record`: its own, or its project's, its partner's, or
    its speaker's organisation's."""
    if record is None:
        return ""
    person = getattr(record, "person", None)
    related = (
        getattr(record, "project", None),
        getattr(record, "organisation", None),
        getattr(person, "organisation", None),
    )
    for candidate in (record, *related):
        if candidate is not None and hasattr(candidate, "get_absolute_url"):
            return candidate.get_absolute_url()
    return ""


def citing(source: Source) -> list[Citing]:
    """Every citation of `source` with its record, one query for each kind of record."""
    citations = list(Citation.objects.filter(source=source).select_related("content_type").order_by("pk"))
    wanted = defaultdict(set)
    for citation in citations:
        wanted[citation.content_type].add(citation.object_id)
    records = {}
    for content_type, keys in wanted.items():
        model = content_type.model_class()
        related = [f.name for f in model._meta.concrete_fields if f.name in RELATED and f.is_relation]
        for record in model._default_manager.filter(pk__in=keys).select_related(*related):
            records[(content_type.pk, str(record.pk))] = record
    return [Citing(citation, records.get((citation.content_type_id, citation.object_id))) for citation in citations]


RELATED = {"project", "organisation", "person"}


@require_safe
def source_detail(request, slug):
    """A source; with ?citation=<id>, the text with that citation's passage highlighted."""
    source = get_object_or_404(Source, slug=slug)
    shown, citation = None, None
    key = whole_number(request.GET.get("citation", ""))
    if key is not None:
        citation = Citation.objects.filter(source=source, pk=key).first()
    if citation and source.text:
        span = find(citation.passage, source.text)
        if span:
            start, end = span
            shown = Shown(source.text[:start], source.text[start:end], source.text[end:])
    cited = citing(source)
    here = next((item for item in cited if citation and item.citation.pk == citation.pk), None)
    context = {"source": source, "shown": shown, "citation": citation, "cited": cited, "here": here}
    return render(request, "sources/source.html", context)
