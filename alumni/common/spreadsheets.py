"""Spreadsheet downloads: CSV for Excel (BOM, CRLF) and XLSX, cells safe from formulas."""

import csv
import io
import re
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


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


def xlsx_bytes(title: str, header: list[str], rows: list[list]) -> bytes:
    """An Excel workbook of one sheet; streamed row by row, as 20,000 rows would be heavy."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_name(str(title)))
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, str(label), font=bold) for label in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value, font=None) -> WriteOnlyCell:
    if isinstance(value, str):
        # openpyxl refuses control characters outright; a stray one must not fail the export.
        value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if font is not None:
        cell.font = font
    return cell


def _sheet_name(title: str) -> str | None:
    """TITLE as Excel accepts it; None (openpyxl's default name) if nothing is left."""
    return SHEET_NAME_ILLEGAL.sub(" ", title)[:31].strip() or None
