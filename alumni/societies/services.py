"""State-changing operations on societies and the reference data; callers commit."""

import csv
from datetime import date
from importlib import resources
from typing import IO

from sqlalchemy import select

from alumni.config import LANGUAGES
from alumni.extensions import db
from alumni.societies import csvio
from alumni.societies.models import (
    REGION_TITLES,
    Country,
    Federation,
    PublishedCount,
    Region,
    Society,
    SocietyText,
)


def _data_file(name: str):
    return resources.files("alumni.societies").joinpath("data", name).open(encoding="utf-8")


def load_reference_data() -> dict[str, int]:
    """Insert the shipped reference rows that are missing; never overwrite what staff changed."""
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
    rows, errors = csvio.read_rows(stream)
    errors.extend(_reference_errors(rows))
    if errors:
        raise csvio.CsvImportError(sorted(errors))
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
            errors.append((row.line, f"unknown country code {v['country']!r}"))
        if v["federation"] and v["federation"] not in federations:
            errors.append((row.line, f"unknown federation {v['federation']!r}"))
        if v["region"] not in regions:
            errors.append((row.line, f"unknown region {v['region']!r}"))
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
    for lang in LANGUAGES:
        _set_text(society, lang, v[f"name_{lang}"], v[f"description_{lang}"])


def _set_text(society: Society, language: str, name: str, description: str) -> None:
    text = society.text_for(language)
    if not name and not description:
        if text is not None:
            society.texts.remove(text)
        return
    if text is None:
        text = SocietyText(language=language)
        society.texts.append(text)
    text.name, text.description = name, description


def export_societies(stream: IO[str]) -> int:
    """Write every society in the import format; return the number of rows."""
    societies = db.session.scalars(select(Society).order_by(Society.code)).all()
    csvio.write_rows(stream, [_export_row(s) for s in societies])
    return len(societies)


def _export_row(society: Society) -> dict[str, str]:
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
