"""Importing the historical ledger and AOTS's published yearly totals from CSV, all or nothing."""

import csv
from datetime import date
from typing import IO

from sqlalchemy import select

from alumni.common.exceptions import Refused
from alumni.extensions import db
from alumni.fund.models import MAX_YEN, CounterpartyKind, LedgerKind, YearTotal
from alumni.fund.services import add_entry
from alumni.societies.csvio import CsvImportError
from alumni.societies.models import Society

LEDGER_COLUMNS = [
    "date",
    "kind",
    "amount",
    "counterparty_kind",
    "society",
    "counterparty_name",
    "memo",
]
TOTAL_COLUMNS = ["fiscal_year", "programmes", "participants", "amount", "source"]


def _rows(stream: IO[str], columns: list[str]):
    reader = csv.DictReader(stream)
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise CsvImportError([(1, f"missing column(s): {', '.join(missing)}")])
    for values in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in values.items() if k}


def _int(value: str, name: str, low: int, high: int, errors, line, required=True):
    if not value and not required:
        return None
    try:
        number = int(value)
    except ValueError:
        errors.append((line, f"{name} must be a whole number"))
        return None
    if not low <= number <= high:
        errors.append((line, f"{name} must be between {low} and {high}"))
    return number


def import_ledger(actor, stream: IO[str]) -> int:
    """Append historical ledger rows in file order; any bad row refuses the whole file."""
    societies = {s.code: s for s in db.session.scalars(select(Society))}
    parsed, errors = [], []
    for line, row in _rows(stream, LEDGER_COLUMNS):
        entry = {"line": line}
        try:
            entry["entry_date"] = date.fromisoformat(row["date"])
        except ValueError:
            errors.append((line, "date must look like 1997-09-01"))
        try:
            entry["kind"] = LedgerKind(row["kind"])
        except ValueError:
            errors.append((line, "kind must be one of " + ", ".join(k.value for k in LedgerKind)))
        entry["amount"] = _int(row["amount"], "amount", -MAX_YEN, MAX_YEN, errors, line)
        try:
            entry["counterparty_kind"] = (
                CounterpartyKind(row["counterparty_kind"]) if row["counterparty_kind"] else None
            )
        except ValueError:
            errors.append((line, "unknown counterparty_kind"))
        if row["society"] and row["society"] not in societies:
            errors.append((line, f"unknown society {row['society']!r}"))
        entry.update(
            society=societies.get(row["society"]),
            memo=row["memo"][:2000],
            counterparty_name=row["counterparty_name"][:200],
        )
        parsed.append(entry)
    if errors:
        raise CsvImportError(errors)
    try:
        with db.session.begin_nested():  # every row or none, whatever the caller does next
            for entry in parsed:
                line = entry.pop("line")
                add_entry(actor, **entry)
    except Refused as refusal:
        raise CsvImportError([(line, refusal.message)]) from None
    return len(parsed)


def import_year_totals(stream: IO[str]) -> int:
    """Create or replace AOTS's published totals per fiscal year."""
    parsed, errors = [], []
    for line, row in _rows(stream, TOTAL_COLUMNS):
        values = {
            "fiscal_year": _int(row["fiscal_year"], "fiscal_year", 1997, 2200, errors, line),
            "programmes": _int(row["programmes"], "programmes", 0, 10000, errors, line),
            "participants": _int(
                row["participants"], "participants", 0, 10_000_000, errors, line, required=False
            ),
            "amount": _int(row["amount"], "amount", 0, MAX_YEN, errors, line, required=False),
            "source": row["source"][:2000],
        }
        if not values["source"]:
            errors.append((line, "source is required: say where AOTS published it"))
        parsed.append(values)
    if errors:
        raise CsvImportError(errors)
    for values in parsed:
        total = db.session.get(YearTotal, values["fiscal_year"]) or YearTotal()
        for name, value in values.items():
            setattr(total, name, value)
        db.session.add(total)
    db.session.flush()
    return len(parsed)
