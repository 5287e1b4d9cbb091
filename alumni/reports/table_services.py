"""Staff import a programme table (upload → preview → apply), pin printed shares and keep
AOTS's published network counts; callers commit."""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import delete, select

from alumni.audit.services import record
from alumni.common.exceptions import Conflict, Refused
from alumni.common.time import utcnow
from alumni.extensions import db
from alumni.reports import programme_table, table_import
from alumni.reports.models import (
    FIRST_FISCAL_YEAR,
    PeriodKind,
    ProgrammeTable,
    ProgrammeUpload,
    Summary,
)
from alumni.reports.periods import Period
from alumni.societies import services as society_services
from alumni.societies.models import PublishedCount


def chosen_period(summary: Summary, kind: str, first_year: int | None) -> Period:
    """The period chosen on the summary's page: it always ends with the summary's year."""
    last = summary.fiscal_year
    if kind == PeriodKind.RANGE.value and not (
        first_year and FIRST_FISCAL_YEAR <= first_year < last
    ):
        raise Refused.at(
            "first_year",
            _("A range starts in a fiscal year from 1959 to %(year)s.", year=str(last - 1)),
        )
    return Period.of(kind, first_year, last)


def upload(actor, summary: Summary, period: Period, filename: str, data: bytes, dash: bool):
    """Keep a file for its preview, once it is read without a problem (else CsvImportError)."""
    table_import.read(data, period)
    db.session.execute(
        delete(ProgrammeUpload).where(
            ProgrammeUpload.summary_id == summary.id,
            ProgrammeUpload.created_at < utcnow() - timedelta(days=1),
        )
    )
    kept = ProgrammeUpload(
        summary_id=summary.id,
        kind=period.kind,
        first_year=period.first,
        last_year=period.last,
        filename=(filename or "")[:200],
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        created_by=getattr(actor, "email", "") or "",
        dash_for_zero=dash,
    )
    db.session.add(kept)
    db.session.flush()
    return kept


@dataclass
class Change:
    region: str
    programme: str
    before: int | None
    after: int
    pinned: int | None  # the printed share to be pinned, in tenths
    computed: int | None


@dataclass
class Preview:
    upload: ProgrammeUpload
    period: Period
    imported: table_import.ImportedTable
    changes: list[Change]
    unchanged: int
    version: int  # of the stored table (0: none yet)


def preview(kept: ProgrammeUpload) -> Preview:
    """What applying the file would change, cell by cell."""
    period = Period.of_row(kept)
    imported = table_import.read(kept.content, period)
    stored = programme_table.find(period)
    cells = programme_table.cells_of(stored)
    before = {k: c.participants for k, c in cells.items()}
    changes, unchanged = [], 0
    for (region, programme), count in imported.counts.items():
        pin = imported.pins.get((region, programme))
        held = cells.get((region, programme))
        # A share printed as it is pinned already is no change (the same file sent again).
        pinned = pin is None or (held is not None and held.pinned_share == pin[0])
        if before.get((region, programme)) == count and pinned:
            unchanged += 1
            continue
        changes.append(
            Change(
                region,
                programme,
                before.get((region, programme)),
                count,
                pin[0] if pin else None,
                pin[1] if pin else None,
            )
        )
    return Preview(kept, period, imported, changes, unchanged, stored.version if stored else 0)


def apply(actor, summary: Summary, kept: ProgrammeUpload, sha256: str, version: str):
    """Write the previewed file's table, if it is the file and the table that were shown."""
    if kept.applied_at is not None:
        raise Conflict(_("This file was applied already."))
    if sha256 != kept.sha256:
        raise Conflict(_("This is not the file that was previewed. Send the file again."))
    shown = preview(kept)
    if str(shown.version) != (version or ""):
        raise Conflict(_("The table changed since this preview. Check the new preview."))
    kept.applied_at = utcnow()
    stored = programme_table.find(shown.period)
    if not shown.changes and stored is not None and stored.dash_for_zero == kept.dash_for_zero:
        db.session.flush()
        return stored, shown  # the same table again: no new version, nothing to record
    stored = write(shown.imported, dash_for_zero=kept.dash_for_zero)
    db.session.flush()
    record(
        "summary.table_imported",
        actor=actor,
        target=summary,
        details={**shown.period.as_dict(), "sha256": kept.sha256, "changed": len(shown.changes)},
    )
    return stored, shown


def write(imported: table_import.ImportedTable, *, dash_for_zero: bool) -> ProgrammeTable:
    """Store a table read without a problem; shares printed with a hand-made rounding are
    pinned as printed (a file without printed shares keeps the pins there were)."""
    pins = None
    if imported.has_shares:
        note = programme_table.PRINTED_PIN  # said in each reader's language (pin_note)
        pins = {key: (printed, note) for key, (printed, _computed) in imported.pins.items()}
    return programme_table.replace(
        imported.period, imported.counts, pins, dash_for_zero=dash_for_zero
    )


def parse_share(text: str) -> int | None:
    """A share typed as 89.9 (or 89,9), in tenths; None when empty (unpin)."""
    text = (text or "").replace("%", "").replace(",", ".").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= 100 or (value * 10) % 1:
        raise Refused.at("share", _("Write the share as printed, such as 89.9."))
    return int(value * 10)


def pin(actor, summary: Summary, stored: ProgrammeTable, data: dict) -> ProgrammeTable:
    """Pin the printed share of one cell with a note (an empty share unpins it)."""
    tenths = parse_share(data.get("share"))
    if tenths is not None and not (data.get("note") or "").strip():
        raise Refused.at("note", _("Say why the printed share differs (a note)."))
    region, programme = data["region"], data["programme"]
    programme_table.pin(stored, region, programme, tenths, (data.get("note") or "").strip())
    record(
        "summary.share_pinned",
        actor=actor,
        target=summary,
        details={"table": stored.id, "cell": f"{region}/{programme}", "tenths": tenths},
    )
    return stored


def published_counts() -> list[PublishedCount]:
    return list(db.session.scalars(select(PublishedCount).order_by(PublishedCount.as_of.desc())))


def count_in_force(day: date) -> PublishedCount | None:
    """AOTS's latest published network count dated on or before DAY."""
    return db.session.scalars(
        select(PublishedCount)
        .where(PublishedCount.as_of <= day)
        .order_by(PublishedCount.as_of.desc())
        .limit(1)
    ).first()


def save_count(actor, data: dict) -> date:
    """Add AOTS's published count as of a date, or correct the one of that date."""
    if not FIRST_FISCAL_YEAR <= data["as_of"].year <= 2200:
        raise Refused.at("as_of", _("Give a date from 1959 on."))
    society_services.set_published_count(
        data["as_of"], data["societies"], data["countries"], data["source"]
    )
    record(
        "network.published_count_saved",
        actor=actor,
        details={
            "as_of": data["as_of"].isoformat(),
            "societies": data["societies"],
            "countries": data["countries"],
        },
    )
    return data["as_of"]
