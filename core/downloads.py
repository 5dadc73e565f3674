"""What every download (CSV, XLSX, IATI XML) shares: English labels, and cells that no
spreadsheet runs as formulas."""

from collections.abc import Iterator

from django.utils import translation

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text and text[0] in FORMULA_STARTS else text


def in_english(chunks: Iterator[str]) -> Iterator[str]:
    """Downloads are data files: their labels and dates are English whatever the page's
    language, so that a file reads the same for every colleague and system."""
    with translation.override("en"):
        yield from chunks
