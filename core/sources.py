"""Finding a cited passage in its source's text, and the page that shows it there."""

import re
from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
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
    return render(request, "sources/source.html", {"source": source, "shown": shown, "citation": citation})
