"""What every download (CSV, XLSX, IATI XML) shares: English labels, a name that says
what it holds, typed cells (dates and numbers stay dates and numbers), and cells that no
spreadsheet runs as formulas."""

import csv
import datetime
import functools
import io
import itertools
import re
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

import openpyxl
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.template import loader
from django.utils import timezone, translation
from django.utils.text import slugify
from knox.auth import TokenAuthentication
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from .models import RunningDownload

# A spreadsheet runs a cell starting with one of these as a formula (after any spaces,
# which it skips; full-width signs count as the signs; a pipe starts a DDE command).
FORMULA_STARTS = frozenset("=+-@|\uff1d\uff0b\uff0d\uff20\uff5c")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# How a date known to a day, a month or a year shows in a spreadsheet.
DATE_FORMATS = {"day": "yyyy-mm-dd", "month": "mmm yyyy", "year": "yyyy"}
AMOUNT_FORMAT = "#,##0.00"  # thousands grouped; the cell stays a number
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


def _csv_cells(row: list) -> list:
    # Most cells are text starting with a letter: those are written as they are, unlooked at.
    return [
        ""
        if value is None
        else value
        if type(value) is str and value[:1] not in CAREFUL and not value[:1].isspace()
        else _csv_text(value)
        for value in row
    ]


CAREFUL = FORMULA_STARTS | {"\t", "\r"}
CSV_BATCH = 1000  # rows per chunk of the response: less work per row for the server


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    """The rows as CSV (dates as ISO days), streamed."""

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        cells = map(_csv_cells, rows)
        while batch := list(itertools.islice(cells, CSV_BATCH)):
            writer.writerows(batch)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    return csv_lines_response(filename, header, lines())


def csv_lines_response(filename: str, header: list[str], lines: Iterable[str]) -> StreamingHttpResponse:
    """CSV written already, line by line (csv_cell() and csv_cell_sql() write its cells as
    csv_response would), under its header, streamed."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets spreadsheet programs detect UTF-8
    csv.writer(buffer).writerow(header)
    response = StreamingHttpResponse(
        in_english(itertools.chain([buffer.getvalue()], lines)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_cell(value) -> str:
    """A value as csv_response writes it in a cell: neutralised, quoted where needed."""
    if value is None:
        return ""
    if type(value) is not str:
        value = _csv_text(value)
    elif value and (value[0] in CAREFUL or value[0].isspace()):
        value = neutralise(value)
    if '"' in value or "," in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


# What str.isspace() calls a space: a spreadsheet skips them before a formula's sign.
WHITESPACE = "".join(char for char in map(chr, range(0x110000)) if char.isspace())


def csv_cell_sql(expression: str) -> str:
    """SQL writing a text `expression` as csv_cell() does, so that the database can write
    most of a large export (the SQL is run with parameters: it holds no '%'). Plain string
    tests, no regular expressions or subqueries: they doubled the database's time."""
    value = f"coalesce(({expression})::text, '')"
    signs = "".join(sorted(FORMULA_STARTS))
    first = f"left({value}, 1)"
    careful = (
        f"{value} <> '' AND (strpos('{signs}' || E'\\t\\r', {first}) > 0"
        f" OR strpos('{WHITESPACE}', {first}) > 0 AND ltrim({value}, '{WHITESPACE}') <> ''"
        f" AND strpos('{signs}', left(ltrim({value}, '{WHITESPACE}'), 1)) > 0)"
    )
    neutral = f"CASE WHEN {careful} THEN '''' || {value} ELSE {value} END"
    special = " OR ".join(f"strpos({value}, {char}) > 0" for char in ("'\"'", "','", "chr(10)", "chr(13)"))
    return f"""CASE WHEN {special} THEN '"' || replace({neutral}, '"', '""') || '"' ELSE {neutral} END"""


def xlsx_response(filename: str, header: list[str], rows: Iterable[list], *, title: str = "") -> FileResponse:
    """The rows as one XLSX sheet named `title`, ready to read: the header row frozen and
    with filter buttons, columns as wide as their first rows need, numbers as numbers
    (amounts with thousands separators), dates as dates shown to their precision (the
    column `<name>_precision` beside a date column `<name>`)."""
    precision = {i: header.index(f"{name}_precision") for i, name in enumerate(header) if f"{name}_precision" in header}
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title or filename.rsplit(".", 1)[0]))
    sheet.freeze_panes = "A2"
    rows = iter(rows)
    with translation.override("en"):
        first = [
            [_xlsx_cell(sheet, value, row[precision[i]] if i in precision else "") for i, value in enumerate(row)]
            for row in itertools.islice(rows, WIDTH_SAMPLE)
        ]
        for letter, width in column_widths(header, first).items():
            sheet.column_dimensions[letter].width = width  # before the first row, in a write-only sheet
        sheet.append(header)
        written = 1
        for cells in first:
            sheet.append(cells)
            written += 1
        for row in rows:
            sheet.append(
                [_xlsx_cell(sheet, value, row[precision[i]] if i in precision else "") for i, value in enumerate(row)]
            )
            written += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{written}"
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response reads it, then closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


WIDTH_SAMPLE = 200  # rows read to size the columns
MAX_WIDTH = 60


def sheet_title(name: str) -> str:
    """A name a spreadsheet accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip() or "Sheet1"


def column_widths(header: list[str], rows: list[list]) -> dict[str, float]:
    """Each column's width in characters: its longest value among the first rows (or its
    header), within bounds."""
    widths = {}
    for i, name in enumerate(header):
        longest = max([len(name), *(len(_shown(row[i])) for row in rows if i < len(row))])
        widths[get_column_letter(i + 1)] = min(max(longest + 2, 8), MAX_WIDTH)
    return widths


def _shown(cell) -> str:
    value = getattr(cell, "value", cell)
    if isinstance(value, datetime.date):
        return "2008-05-01"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def _xlsx_cell(sheet, value, precision):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMATS.get(precision, DATE_FORMATS["day"])
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = AMOUNT_FORMAT
        return cell
    if value is None or isinstance(value, int):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))


STALE_AFTER = datetime.timedelta(minutes=10)  # longer than any download takes (gunicorn stops it before)
RETRY_AFTER = 30


def one_at_a_time(view):
    """A download view that each person runs once at a time: a second one while the first
    is under way is answered 429, saying so. The mark goes when the answer has been sent
    (or the browser went away); a worker stopped midway leaves one that STALE_AFTER ends."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        started = _start(request)
        if started is None:
            running = RunningDownload.objects.filter(user=request.user).values_list("started", flat=True).first()
            page = loader.render_to_string("errors/downloading.html", {"started": running or timezone.now()})
            return HttpResponse(page, status=429, headers={"Retry-After": str(RETRY_AFTER)})
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            _finish(request.user, started)
            raise
        if response.streaming and not isinstance(response, FileResponse):
            response.streaming_content = _finishing(response.streaming_content, request.user, started)
        else:  # built whole already (a spreadsheet), or no file at all
            _finish(request.user, started)
        return response

    return wrapper


def _start(request) -> datetime.datetime | None:
    """Mark the person's download as under way, unless one is (one statement: no race)."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_runningdownload AS d (user_id, path, started) VALUES (%s, %s, %s)"
            " ON CONFLICT (user_id) DO UPDATE SET path = excluded.path, started = excluded.started"
            " WHERE d.started < %s RETURNING started",
            [request.user.pk, request.path[:300], now, now - STALE_AFTER],
        )
        return now if cursor.fetchone() else None


def _finish(user, started: datetime.datetime) -> None:
    RunningDownload.objects.filter(user=user, started=started).delete()


def _finishing(chunks: Iterator[bytes], user, started: datetime.datetime) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        _finish(user, started)


def token_or_login(view):
    """A download a script may fetch with its API token (`Authorization: Token ...`, as
    the JSON API takes it); without one, a browser with no session is sent to log in."""

    @login_not_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if "Authorization" not in request.headers:
                return redirect_to_login(request.get_full_path())
            try:
                found = TokenAuthentication().authenticate(Request(request))
            except AuthenticationFailed as refused:
                found, reason = None, str(refused.detail)
            else:
                reason = "Invalid token."
            if found is None:
                response = HttpResponse(reason, status=401, content_type="text/plain; charset=utf-8")
                response["WWW-Authenticate"] = "Token"
                return response
            request.user = found[0]
        return view(request, *args, **kwargs)

    return wrapped
