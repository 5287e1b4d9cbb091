"""Spreadsheet downloads: CSV for Excel (BOM, CRLF) and XLSX, cells safe from formulas."""

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable
from datetime import date

from flask import Response
from werkzeug.wsgi import FileWrapper

# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A workbook up to this size is kept in memory and sent whole, a larger one is written to a
# temporary file on disk and sent from there in pieces.
SPOOL_BYTES = 64 * 1024
CHUNK_BYTES = 64 * 1024


def neutralise(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_cell(value) -> str | int:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    """CSV with a BOM, so Excel (notably in Japan) reads it as UTF-8, and CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(label)) for label in header])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_response(title: str, header: list[str], rows: Iterable[list], **response) -> Response:
    """A response with an Excel workbook of one sheet; ROWS are written one by one (openpyxl's
    write-only mode) to a temporary file sent in pieces, so that the rows, the workbook and
    the file are never all in memory. RESPONSE: the Response's other arguments."""
    # Imported for a workbook only: openpyxl is about 7 MB a worker that pages do not use.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    cell = _cell_writer()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_name(str(title)))
    bold = Font(bold=True)
    sheet.append([cell(sheet, str(label), font=bold) for label in header])
    for row in rows:
        sheet.append([cell(sheet, value) for value in row])
    saved = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (see below)
    try:
        workbook.save(saved)
        size = saved.seek(0, os.SEEK_END)
        saved.seek(0)
    except BaseException:
        saved.close()
        raise
    if size <= SPOOL_BYTES:  # still in memory: sent whole (so the page cache may keep it)
        with saved:
            return Response(saved.read(), **response)
    sent = Response(_Pieces(saved, CHUNK_BYTES), direct_passthrough=True, **response)
    sent.content_length = size
    return sent


class _Pieces(FileWrapper):
    """A file sent in pieces, closed once read to its end or when the server closes the
    response (a client gone away)."""

    def __next__(self) -> bytes:
        try:
            return super().__next__()
        except StopIteration:
            self.close()
            raise


def _cell_writer():
    """A function writing one cell, openpyxl imported once a workbook is asked for."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(sheet, value, font=None):
        if isinstance(value, str):
            # openpyxl refuses control characters outright; a stray one must not fail it.
            value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, date):
            written.number_format = "yyyy-mm-dd"
        if font is not None:
            written.font = font
        return written

    return cell


def _sheet_name(title: str) -> str | None:
    """TITLE as Excel accepts it; None (openpyxl's default name) if nothing is left."""
    return SHEET_NAME_ILLEGAL.sub(" ", title)[:31].strip() or None
