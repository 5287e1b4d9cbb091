"""What the API says of each public object: plain data in the shapes of schemas.py.

Names and titles come from the same presenters as the pages (the request's language, falling
back to the original), links from PUBLIC_URL, never from the request's Host header.
"""

from datetime import UTC, datetime

from alumni.common.urls import external_url
from alumni.events.presenters import event_title, series_name, speaker_label
from alumni.i18n import bcp47, country_name
from alumni.reports import programme_table
from alumni.reports.differences import describe
from alumni.reports.models import PeriodKind
from alumni.societies.presenters import society_name


def _aware(moment: datetime) -> datetime:
    """Stored times are UTC without a zone: say so (RFC 3339 wants an offset)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _by_tag(texts: dict | None) -> dict:
    """Per-language texts keyed as the web names languages ("pt-BR", not Babel's "pt_BR")."""
    return {bcp47(code): text for code, text in (texts or {}).items()}


def society(found, *, officers=None) -> dict:
    data = {
        "code": found.code,
        "name": society_name(found).text,
        "names": _by_tag(found.text_map("name")),
        "country": found.country_code,
        "country_name": country_name(found.country_code),
        "city": found.city,
        "federation": found.federation_code,
        "region": found.region_code,
        "status": found.status,
        "status_since": found.status_since,
        "record_status": found.record_status,
        "founded_year": found.founded_year,
        "founded_fiscal_year": found.founded_fiscal_year,
        "website": found.website,
        "url": external_url("societies.society", code=found.code),
    }
    if officers is None:
        return data
    return data | {
        "descriptions": found.text_map("description"),
        "links": [{"label": link.label, "url": link.url} for link in found.links],
        "contact_email": found.contact_email,
        "contact_phone": found.contact_phone,
        "source": found.source,
        "note": found.note,
        "officers": [
            {"name": m.user.name, "title": str(m.title.title), "title_code": m.title.value}
            for m in officers
        ],
    }


def federation(found, members: list[str]) -> dict:
    return {
        "code": found.code,
        "name_ja": found.name_ja,
        "area": str(found.area),
        "founded_year": found.founded_year,
        "societies": members,
        "url": external_url("societies.federation", code=found.code),
    }


def region(found, countries: list[str]) -> dict:
    return {"code": found.code, "title": str(found.title), "countries": countries}


def _time(value) -> str | None:
    return value.isoformat() if value else None


def _attendance(event) -> int | None:
    """The 延べ of an Event's report, of an event sheet's, or a series edition's."""
    if hasattr(event, "attendance"):
        return event.attendance
    return event.report.attendance_total if event.report else None


def event(found) -> dict:
    """An Event of the list."""
    hosts = [(h.society.code, society_name(h.society).text, h.is_lead) for h in found.hosts]
    return _event(found, hosts)


def _event(found, hosts: list[tuple]) -> dict:
    return {
        "id": found.id,
        "kind": found.kind,
        "status": found.status.value,
        "title": event_title(found).text,
        "titles": _by_tag(found.text_map("title")),
        "start_date": found.start_date,
        "end_date": found.end_date,
        "start_time": _time(found.start_time),
        "end_time": _time(found.end_time),
        "time_zone": found.time_zone,
        "format": found.format,
        "venue": found.venue,
        "country": found.country_code,
        "hosts": [{"society": code, "name": name, "lead": lead} for code, name, lead in hosts],
        "series": found.series.code if found.series_id and found.series else None,
        "edition_number": found.edition_number,
        "attendance": _attendance(found),
        "url": external_url("events.event", event_id=found.id),
    }


def result(entry) -> dict:
    return {"name": entry.name, "category": entry.category, "award": entry.award}


def report(found) -> dict | None:
    if found is None:
        return None
    return {
        "attendance_total": found.attendance_total,
        "distinct_participants": found.distinct_participants,
        "by_country": [  # by country code (the page lists the largest first)
            {"country": c.country_code, "attendance": c.attendance}
            for c in sorted(found.countries, key=_country_code)
        ],
        "country_not_stated": found.country_not_stated,
    }


def _country_code(row) -> str:
    return row.country_code


def event_detail(found, entries) -> dict:
    """An event as its page shows it (FOUND: an events.sheet.EventSheet)."""
    hosts = [(h.code, h.name.text, h.is_lead) for h in found.hosts]
    return _event(found, hosts) | {
        "descriptions": found.text_map("description"),
        "themes": [t.code for t in found.themes],
        "speakers": [
            {
                "name": speaker_label(s),
                "country": s.country_code,
                "society": s.society_code,
            }
            for s in found.speakers
        ],
        "report": report(found.report),
        "results": [result(e) for e in entries],
    }


def series(found) -> dict:
    """A Series of the list, or a series sheet (events.sheet.SeriesSheet)."""
    return {
        "code": found.code,
        "name": series_name(found).text,
        "names": _by_tag(found.names),
        "society": found.society.code,
        "cadence": found.cadence,
        "first_year": found.first_year,
        "url": external_url("events.series", code=found.code),
    }


def edition(found, entries) -> dict:
    return {
        "event": found.id,
        "edition_number": found.edition_number,
        "title": event_title(found).text,
        "start_date": found.start_date,
        "end_date": found.end_date,
        "status": found.status.value,
        "attendance": _attendance(found),
        "results": [result(e) for e in entries],
    }


def programme(grant, visible_event_ids: set[int]) -> dict:
    # Only a public event is named: a programme's event could have been cancelled since.
    shown = grant.event if grant.event and grant.event.id in visible_event_ids else None
    return {
        "id": grant.id,
        "title": grant.title,
        "theme": grant.theme,
        "host": grant.host.code,
        "host_name": society_name(grant.host).text,
        "cooperators": [
            {"society": c.society.code, "name": society_name(c.society).text, "role": c.role.value}
            for c in grant.cooperations
        ],
        "planned_start": grant.planned_start,
        "planned_end": grant.planned_end,
        "approved_amount": grant.approved_amount,
        "event": shown.id if shown else None,
        "participants": shown.report.attendance_total if shown and shown.report else None,
        "is_example": grant.is_example,
    }


def wnf_year(year, visible_event_ids: set[int]) -> dict:
    published = year.published
    return {
        "fiscal_year": year.fiscal_year,
        "programmes": [programme(g, visible_event_ids) for g in year.programmes],
        "participants": year.participants,
        "approved": year.approved,
        "published_by_aots": None
        if published is None
        else {
            "programmes": published.programmes,
            "participants": published.participants,
            "amount": published.amount,
            "source": published.source,
            "is_example": published.is_example,
        },
        "closing_balance": year.closing_balance,
    }


def summary_item(found) -> dict:
    return {
        "fiscal_year": found.fiscal_year,
        "versions": len(found.versions),
        "latest_published_at": _aware(found.latest.published_at),
        "url": external_url("reports.summary", fiscal_year=found.fiscal_year),
    }


def _changes(previous, version) -> list[dict]:
    if previous is None:
        return []
    return [
        {"what": str(what), "before": before, "after": after}
        for what, before, after in describe(previous.snapshot, version.snapshot)
    ]


def _year_table(snap: dict) -> dict | None:
    """The table of the summary's own fiscal year, as version 1 of the API first gave it."""
    year = PeriodKind.FISCAL_YEAR.value
    tables = programme_table.in_snapshot(snap)
    # One published before periods has none: it is the year's own.
    return next((t for t in tables if t.get("period", {}).get("kind", year) == year), None)


def summary(found) -> dict:
    versions = []
    previous = None
    for version in found.versions:
        snap = version.snapshot
        versions.append(
            {
                "number": version.number,
                "published_at": _aware(version.published_at),
                "figures": snap.get("figures") or {},
                "programme_table": _year_table(snap),
                "programme_tables": programme_table.in_snapshot(snap),
                "topics": snap.get("topics") or {},
                "links": snap.get("links") or {},
                "changes": _changes(previous, version),
            }
        )
        previous = version
    return {
        "fiscal_year": found.fiscal_year,
        "url": external_url("reports.summary", fiscal_year=found.fiscal_year),
        "versions": versions,
    }
