"""What every download (CSV, XLSX, IATI XML) shares: English labels, a name that says
what it holds, typed cells (dates and numbers stay dates and numbers), and cells that no
spreadsheet runs as formulas."""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

import openpyxl
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A spreadsheet runs a cell starting with one of these as a formula (after any spaces,
# which it skips; full-width signs count as the signs; a pipe starts a DDE command).
FORMULA_STARTS = frozenset("=+-@|\uff1d\uff0b\uff0d\uff20\uff5c")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# How a date known to a day, a month or a year shows in a spreadsheet.
DATE_FORMATS = {"day": "yyyy-mm-dd", "month": "mmm yyyy", "year": "yyyy"}
# A spreadsheet download is built whole before it is sent: it holds at most this many
# rows (a CSV streams any number).
XLSX_MAX_ROWS = 100_000
# A file name's words after the list's name, at most.
NAME_LENGTH = 60


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("\t", "\r") or text.lstrip()[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def in_english(chunks: Iterator[str]) -> Iterator[str]:
    """Downloads are data files: their labels and dates are English whatever the page's
    language, so that a file reads the same for every colleague and system."""
    with translation.override("en"):
        yield from chunks


def download_name(base: str, words: Iterable[str], extension: str) -> str:
    """`projects-indonesia-2026-12-01.csv`: the list, what it was filtered by, the day."""
    slugs = "-".join(filter(None, (slugify(str(word)) for word in words)))[:NAME_LENGTH].strip("-")
    return "-".join(filter(None, [base, slugs, timezone.localdate().isoformat()])) + f".{extension}"


def _csv_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return neutralise(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    """The rows as CSV (dates as ISO days), streamed."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # lets spreadsheet programs detect UTF-8
        yield writer.writerow(header)
        batch = []
        for row in rows:
            batch.append(writer.writerow([_csv_text(value) for value in row]))
            if len(batch) == 500:  # fewer, larger chunks: less work per row for the response
                yield "".join(batch)
                batch = []
        yield "".join(batch)

    response = StreamingHttpResponse(in_english(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, header: list[str], rows: Iterable[list]) -> FileResponse:
    """The rows as one XLSX sheet: numbers as numbers, dates as dates shown to their
    precision (the column `<name>_precision` beside a date column `<name>`)."""
    precision = {i: header.index(f"{name}_precision") for i, name in enumerate(header) if f"{name}_precision" in header}
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    with translation.override("en"):
        for row in rows:
            sheet.append(
                [_xlsx_cell(sheet, value, row[precision[i]] if i in precision else "") for i, value in enumerate(row)]
            )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response reads it, then closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def _xlsx_cell(sheet, value, precision):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMATS.get(precision, DATE_FORMATS["day"])
        return cell
    if value is None or isinstance(value, int | Decimal):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))
