"""The lines of a file staff send for a programme table: CSV in UTF-8 (with or without a
byte-order mark) or as Excel saves it in Japan (cp932, "CSV" in Japanese Windows), or an
Excel workbook (.xlsx, its first sheet). Every refusal names its line."""

import csv
import io
import zipfile
from datetime import date, datetime

from flask_babel import gettext as _

from alumni.societies.csvio import CsvImportError

XLSX_MAGIC = b"PK\x03\x04"
MAX_LINES = 5000


def lines(data: bytes) -> list[tuple[int, list[str]]]:
    """(line number, cells as text) of every line that is not blank, the header first."""
    found = _workbook_lines(data) if data.startswith(XLSX_MAGIC) else _csv_lines(_text(data))
    if len(found) > MAX_LINES:
        problem = _("the file has more than %(num)s lines", num=MAX_LINES)
        raise CsvImportError([(found[MAX_LINES][0], problem)])
    return [(n, cells) for n, cells in found if any(c.strip() for c in cells)]


def _not_text(line: int) -> CsvImportError:
    return CsvImportError(
        [
            (
                line,
                _(
                    "this line is neither UTF-8 nor Japanese (Shift_JIS) text: save the file "
                    "as CSV (UTF-8) or as an Excel workbook and try again"
                ),
            )
        ]
    )


def _text(data: bytes) -> str:
    """UTF-8 first (a BOM is dropped), then Excel's Japanese CSV (cp932)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError:
            raise _not_text(data[: error.start].count(b"\n") + 1) from None
    if "\x00" in text:  # UTF-16 and other encodings decode to text full of NULs
        raise _not_text(text[: text.index("\x00")].count("\n") + 1)
    return text


def _csv_lines(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    found, start = [], 1
    try:
        for cells in reader:
            found.append((start, cells))
            start = reader.line_num + 1
            if len(found) > MAX_LINES:
                break
    except csv.Error:
        raise CsvImportError([(start, _("this line cannot be read as CSV"))]) from None
    return found


def _workbook_lines(data: bytes) -> list[tuple[int, list[str]]]:
    # Imported when a workbook is sent: openpyxl is about 7 MB a worker that pages do not use.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            found = []
            for number, row in enumerate(sheet.iter_rows(), start=1):
                found.append((number, [_cell_text(cell) for cell in row]))
                if len(found) > MAX_LINES:
                    break
        finally:
            book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        problem = _("this file cannot be read as an Excel workbook (.xlsx)")
        raise CsvImportError([(1, problem)]) from None
    return found


def _cell_text(cell) -> str:
    """A cell as it would be typed: 89.9 for a cell showing 89.9 %, 1688 for 1688.0."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            value *= 100
        if float(value).is_integer():
            return str(int(value))
        return f"{value:.10g}"
    return str(value)
