"""State-changing operations on societies and the reference data; they flush, the caller's
unit of work commits."""

import csv
from datetime import date
from importlib import resources
from typing import IO

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from alumni.audit.services import record
from alumni.common.children import per_language, save_children
from alumni.common.exceptions import Refused
from alumni.common.time import today_anywhere
from alumni.common.versioning import claim_version
from alumni.config import LANGUAGES
from alumni.extensions import db
from alumni.i18n import language_name
from alumni.societies import csvio
from alumni.societies.models import (
    REGION_TITLES,
    Country,
    Federation,
    PublishedCount,
    RecordStatus,
    Region,
    Society,
    SocietyLink,
    SocietyStatus,
    SocietyText,
)
from alumni.societies.queries import current_officers


def _data_file(name: str):
    return resources.files("alumni.societies").joinpath("data", name).open(encoding="utf-8")


def load_reference_data() -> dict[str, int]:
    """Insert the shipped reference rows that are missing; never overwrite what staff changed.

    Only the societies' own: the packages above add theirs (see alumni.cli.load_reference_data).
    """
    added = {"regions": 0, "federations": 0, "countries": 0, "counts": 0}
    existing = set(db.session.scalars(select(Region.code)))
    for position, code in enumerate(REGION_TITLES, start=1):
        if code not in existing:
            db.session.add(Region(code=code, position=position))
            added["regions"] += 1
    db.session.flush()
    added["federations"] = _add_missing(Federation, "code", "federations.csv", _federation)
    added["countries"] = _add_missing(Country, "iso_code", "countries.csv", _country)
    added["counts"] = _add_missing(PublishedCount, "as_of", "published_counts.csv", _count)
    with _data_file("societies.csv") as stream:
        added["societies"] = import_societies(stream, only_missing=True)
    return added


def _add_missing(model, key: str, filename: str, build) -> int:
    existing = {str(k) for k in db.session.scalars(select(getattr(model, key)))}
    with _data_file(filename) as stream:
        new = [build(row) for row in csv.DictReader(stream) if row[key] not in existing]
    db.session.add_all(new)
    db.session.flush()
    return len(new)


def _federation(row) -> Federation:
    founded = int(row["founded_year"]) if row["founded_year"] else None
    return Federation(
        code=row["code"],
        name_ja=row["name_ja"],
        founded_year=founded,
        position=int(row["position"]),
    )


def _country(row) -> Country:
    return Country(iso_code=row["iso_code"], region_code=row["region"])


def _count(row) -> PublishedCount:
    return PublishedCount(
        as_of=date.fromisoformat(row["as_of"]),
        societies=int(row["societies"]),
        countries=int(row["countries"]),
        source=row["source"],
    )


def import_societies(stream: IO[str], *, only_missing: bool = False) -> int:
    """Create or update societies from CSV, all or nothing; return how many rows were written.

    With ONLY_MISSING, existing societies are left untouched (used by the seed, so that
    staff corrections survive a re-run).
    """
    return write_rows(checked_rows(csvio.read_rows(stream)), only_missing=only_missing)


def checked_rows(read: tuple[list[csvio.SocietyRow], list]) -> list[csvio.SocietyRow]:
    """The rows csvio READ, or CsvImportError with every problem, the codes unknown here too."""
    rows, errors = read
    errors.extend(_reference_errors(rows))
    if errors:
        raise csvio.CsvImportError(sorted(errors))
    return rows


def write_rows(rows: list[csvio.SocietyRow], *, only_missing: bool = False) -> int:
    """Create or update a society per checked row; return how many were written."""
    by_code = {s.code: s for s in db.session.scalars(select(Society))}
    written = 0
    for row in rows:
        society = by_code.get(row.values["code"])
        if society is not None and only_missing:
            continue
        if society is None:
            society = Society(code=row.values["code"])
            db.session.add(society)
        _apply_row(society, row)
        written += 1
    db.session.flush()
    return written


def _reference_errors(rows: list[csvio.SocietyRow]) -> list[tuple[int, str]]:
    countries = set(db.session.scalars(select(Country.iso_code)))
    federations = set(db.session.scalars(select(Federation.code)))
    regions = set(db.session.scalars(select(Region.code)))
    errors = []
    for row in rows:
        v = row.values
        if v["country"] not in countries:
            errors.append((row.line, _("unknown country code '%(code)s'", code=v["country"])))
        if v["federation"] and v["federation"] not in federations:
            errors.append((row.line, _("unknown federation '%(code)s'", code=v["federation"])))
        if v["region"] not in regions:
            errors.append((row.line, _("unknown region '%(code)s'", code=v["region"])))
    return errors


def _apply_row(society: Society, row: csvio.SocietyRow) -> None:
    v, p = row.values, row.parsed
    society.country_code = v["country"]
    society.federation_code = v["federation"] or None
    society.region_code = v["region"]
    society.city = v["city"]
    society.website = v["website"]
    society.source = v["source"]
    society.note = v["note"]
    for name in (
        "status",
        "status_since",
        "founded_year",
        "founded_fiscal_year",
        "record_status",
        "original_language",
    ):
        setattr(society, name, p[name])
    _save_texts(society, v)


def _save_texts(society: Society, values: dict) -> None:
    """The name and description per language; a language with neither has no row. A
    language whose columns the file left out keeps the texts it has."""
    given = csvio.languages_in(values)
    kept = [
        {"language": t.language, "name": t.name, "description": t.description}
        for t in society.texts
        if t.language not in given
    ]
    wanted = per_language(values, ("name", "description"), given) + kept
    save_children(society.texts, wanted, "language", lambda text: SocietyText(**text))


def _save_links(society: Society, links: list[dict]) -> None:
    """The links in the order typed, numbered from 1; a line without an address is dropped."""
    wanted = [
        {"position": position, "label": link.get("label") or link["url"], "url": link["url"]}
        for position, link in enumerate((k for k in links if k.get("url")), start=1)
    ]
    save_children(society.links, wanted, "position", lambda link: SocietyLink(**link))


def export_societies(stream: IO[str]) -> int:
    """Write every society in the import format; return the number of rows."""
    societies = db.session.scalars(select(Society).order_by(Society.code)).all()
    csvio.write_rows(stream, [export_row(s) for s in societies])
    return len(societies)


def export_row(society: Society) -> dict[str, str]:
    """A society as its row of the import format."""

    def text(value) -> str:
        return "" if value is None else str(value)

    row = {
        "code": society.code, "country": society.country_code, "city": society.city,
        "federation": text(society.federation_code), "region": society.region_code,
        "status": society.status.value, "status_since": text(society.status_since),
        "founded_year": text(society.founded_year),
        "founded_fiscal_year": text(society.founded_fiscal_year),
        "record_status": society.record_status.value,
        "original_language": society.original_language,
        "website": society.website, "source": society.source, "note": society.note,
    }  # fmt: skip
    for lang in LANGUAGES:
        entry = society.text_for(lang)
        row[f"name_{lang}"] = entry.name if entry else ""
        row[f"description_{lang}"] = entry.description if entry else ""
    return row


def set_published_count(as_of: date, societies: int, countries: int, source: str) -> None:
    """Record AOTS's published network size as of a date, replacing one of the same date."""
    count = db.session.scalars(select(PublishedCount).where(PublishedCount.as_of == as_of)).first()
    if count is None:
        count = PublishedCount(as_of=as_of)
        db.session.add(count)
    count.societies, count.countries, count.source = societies, countries, source
    db.session.flush()


PROFILE_FIELDS = ("contact_email", "contact_phone", "website")
STAFF_FIELDS = ("city", "founded_year", "founded_fiscal_year", "source", "note")


def update_profile(actor, society: Society, data: dict, *, seen_version: int, staff: bool) -> None:
    """Save a society's profile (and, for staff, its record); refuse a stale form."""
    claim_version(society, seen_version)
    before = _snapshot(society)
    language = data.get("original_language") if staff else None
    _check_named(data, language or society.original_language)
    _apply_profile(society, data)
    if staff:
        _apply_record(society, data)
    db.session.flush()
    after = _snapshot(society)
    changes = {
        k: [before.get(k), after.get(k)]
        for k in sorted(before.keys() | after.keys())
        if before.get(k) != after.get(k)
    }
    if changes:
        record(
            "society.updated",
            actor=actor,
            target=society,
            society=society,
            details={"changes": changes},
        )


def create_society(actor, code: str, data: dict) -> Society:
    """Found a new society (new societies are founded every few years)."""
    if db.session.scalars(select(Society.id).where(Society.code == code)).first():
        raise Refused(_("A society with this code already exists."))
    _check_named(data, data["original_language"])
    society = Society(code=code)
    db.session.add(society)
    _apply_record(society, data)  # first: saving the texts flushes the new row
    _apply_profile(society, data)
    db.session.flush()
    record("society.created", actor=actor, target=society, society=society, details={"code": code})
    return society


FIRST_STATUS_DAY = date(1959, 1, 1)  # AOTS's first year: no society's status is older


def set_status(
    actor, society: Society, status: SocietyStatus | str, since: date, *, seen_version: int
) -> None:
    """Mark a society active, dormant or closed, as of a date (from 1959, AOTS's first year,
    to today: a status is what is true now). The same status and date again change nothing."""
    status = SocietyStatus(status)
    if not FIRST_STATUS_DAY <= since <= today_anywhere():
        raise Refused.at(
            "since",
            _("Give a date from %(first)s to today.", first=format_date(FIRST_STATUS_DAY, "long")),
        )
    claim_version(society, seen_version)
    if (society.status, society.status_since) == (status, since):
        return  # saved again as it was: no change to record
    before = (society.status.value, str(society.status_since or ""))
    society.status, society.status_since = status, since
    db.session.flush()
    record(
        "society.status_changed",
        actor=actor,
        target=society,
        society=society,
        details={"before": before, "after": (status.value, str(since))},
    )


def _check_named(data: dict, language: str) -> None:
    """A society keeps its name in the language it is known by: emptied, every page in that
    language would show it by another language's name (or by none)."""
    if not (data.get(f"name_{language}") or "").strip():
        raise Refused.at(
            f"name_{language}",
            _(
                "Give the society's name in %(language)s, the language it is known by.",
                language=language_name(language),
            ),
        )


def _apply_profile(society: Society, data: dict) -> None:
    for name in PROFILE_FIELDS:
        setattr(society, name, data.get(name) or "")
    _save_texts(society, data)
    shown = set(data.get("shown_memberships") or [])
    for membership in _officer_memberships(society):
        membership.show_publicly = membership.id in shown
    _save_links(society, data.get("links", []))


def _officer_memberships(society: Society) -> list:
    return current_officers(society) if society.id else []


def _apply_record(society: Society, data: dict) -> None:
    society.city, society.source, society.note = (
        data.get(k) or "" for k in ("city", "source", "note")
    )
    society.founded_year = data.get("founded_year")
    society.founded_fiscal_year = data.get("founded_fiscal_year")
    society.country_code = data["country"]
    society.federation_code = data.get("federation") or None
    society.region_code = data["region"]
    society.record_status = RecordStatus(data["record_status"])
    society.original_language = data["original_language"]


def _snapshot(society: Society) -> dict:
    values = {name: getattr(society, name) for name in PROFILE_FIELDS + STAFF_FIELDS}
    values.update(
        country=society.country_code,
        federation=society.federation_code,
        region=society.region_code,
        record_status=society.record_status.value,
    )
    for text in society.texts:
        values[f"name_{text.language}"] = text.name
        values[f"description_{text.language}"] = text.description[:200]
    values["links"] = [link.url for link in society.links]
    values["shown_officers"] = sorted(
        m.id for m in _officer_memberships(society) if m.show_publicly
    )
    return values
