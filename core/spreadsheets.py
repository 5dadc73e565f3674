"""Uploaded CSV and XLSX files, read within limits that count work, not bytes: rows
with content, rows read (blank ones included) and cells read, besides the file's size
and an XLSX file's unpacked size. A file past a limit is refused with the reason in
words, as soon as the limit is reached: nothing reads on through a million empty rows.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import openpyxl
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000  # rows with content, the header aside
MAX_LINES = 10_000  # rows read, blank ones included
MAX_CELLS = 200_000  # cells read, empty ones included
MAX_XLSX_UNPACKED = 50 * 1024 * 1024
MAX_CELL = 131_072  # characters in a cell (Python's CSV reader stops there)


class Refused(ValueError):
    """A file that is not read, with the reason in words."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, object]]]  # (the row's number in the file, its cells by column)


def read_table(data: bytes, binary: bool) -> Table:
    """The file's rows with content, each with its number (the header is row 1)."""
    if len(data) > MAX_BYTES:
        raise Refused(_("The file is larger than %(mb)s MB: split it into smaller files.") % {"mb": MAX_BYTES >> 20})
    lines = _counted(_xlsx_lines(data) if binary else _csv_lines(data))
    header = None
    rows = []
    for number, cells in lines:
        if header is None:
            header = [str(cell).strip() if cell is not None else "" for cell in _trimmed(cells)]
            continue
        cells = _trimmed(cells)
        if not cells:
            continue
        if len(rows) == MAX_ROWS:
            raise Refused(_("The file has more than %(n)s rows: split it into smaller files.") % {"n": MAX_ROWS})
        if len(cells) > len(header):
            raise Refused(
                _("Row %(row)s has more cells than the header names (%(n)s).") % {"row": number, "n": len(header)}
            )
        rows.append((number, dict(zip(header, [*cells, *[None] * (len(header) - len(cells))], strict=True))))
    if not header:
        raise Refused(_("The file is empty: its first row must name the columns."))
    return Table(header, rows)


def _trimmed(cells: list) -> list:
    cells = list(cells)
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return cells


def _counted(lines: Iterator[list]) -> Iterator[tuple[int, list]]:
    """The lines with their numbers, refused past MAX_LINES rows or MAX_CELLS cells read."""
    cells = 0
    for number, line in enumerate(lines, start=1):
        cells += len(line)
        if number > MAX_LINES + 1:
            raise Refused(
                _("The file has more than %(n)s rows, blank ones included: remove the blank rows or split it.")
                % {"n": MAX_LINES}
            )
        if cells > MAX_CELLS:
            raise Refused(
                _("The file has more than %(n)s cells, empty ones included: remove the empty columns or split it.")
                % {"n": MAX_CELLS}
            )
        yield number, line


def _csv_lines(data: bytes) -> Iterator[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(_("The file is not UTF-8 text: save it as “CSV UTF-8” and upload it again.")) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            line = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise Refused(
                _("Row %(row)s has a cell longer than %(n)s characters, or a quote that is never closed.")
                % {"row": reader.line_num, "n": MAX_CELL}
            ) from None
        yield line


def _xlsx_lines(data: bytes) -> Iterator[list]:
    """The sheet's rows, read one at a time (openpyxl's read-only mode) from a file whose
    unpacked size was checked first: a small XLSX file can unpack to gigabytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise Refused(_("The file is not an XLSX workbook.")) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise Refused(
            _("The workbook unpacks to more than %(mb)s MB: split it into smaller files.")
            % {"mb": MAX_XLSX_UNPACKED >> 20}
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for row in book.active.iter_rows(values_only=True):
            yield list(row)
    except Refused:
        raise
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise Refused(_("The workbook could not be read: open it, save it again as XLSX, and upload it.")) from None
