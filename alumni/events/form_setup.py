"""The event and report forms filled for a request: their choices, and their first values
(from the event, or from the context: the officer's language, the society's country)."""

from flask import request
from wtforms.fields.choices import SelectChoice

from alumni.config import LANGUAGES
from alumni.events import presenters, queries
from alumni.events.forms import EventForm, ReportForm
from alumni.events.pickers import (
    country_lookup,
    country_options,
    default_zone,
    society_lookup,
    zone_choices,
)
from alumni.i18n import country_name, current_language
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name

EVENT_FIELDS = (
    "kind",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "time_zone",
    "format",
    "venue",
    "original_language",
    "edition_number",
)


def _suggestion(society) -> str:
    """How a society is suggested and shown in a speaker's line: "Name (CODE)"."""
    return f"{society_name(society).text} ({society.code})"


def _country_codes() -> list[str]:
    return [c.iso_code for c in society_queries.reference_lists()[0]]


def event_form(lead, data: dict | None) -> EventForm:
    """The event form led by LEAD with its choices; DATA fills it when first shown (a GET)."""
    form = EventForm(data=data if request.method == "GET" else None)
    societies = society_queries.all_societies()
    codes = _country_codes()
    suggestions = {s.code: _suggestion(s) for s in societies}
    form.set_choices(
        zones=zone_choices(
            lead.country_code, [s.country_code for s in societies], form.time_zone.data
        ),
        countries=country_lookup(codes),
        societies=sorted(
            (
                SelectChoice(s.code, f"{society_name(s).text} — {country_name(s.country_code)}")
                for s in societies
                if s.code != lead.code
            ),
            key=lambda choice: choice.label,
        ),
        themes=[SelectChoice(t.code, presenters.theme_name(t)) for t in queries.themes()],
        series=[SelectChoice(s.code, presenters.series_name(s).text) for s in queries.all_series()],
        speaker_societies=(society_lookup(societies), suggestions.get),
    )
    form.country_options = country_options(codes)
    form.society_options = sorted(suggestions.values())
    return form


def new_event_data(lead) -> dict:
    """A new event's first values: in the officer's language, the society's country and zone;
    opened from a series page, a contest edition of it, numbered one past the last one."""
    language = current_language()
    data = {
        "original_language": language if language in LANGUAGES else LANGUAGES[0],
        "time_zone": default_zone(lead.country_code),
        "country": lead.country_code or "",
    }
    code = (request.args.get("series") or "")[:40]
    series = queries.get_series(code) if code else None
    if series is not None:
        data.update(
            kind="contest_edition",
            series=series.code,
            edition_number=queries.next_edition_number(series),
            original_language=series.original_language,
        )
    return data


def event_data(event) -> dict:
    """An event's saved values, with one empty speaker line to add one more."""
    data = {name: getattr(event, name) for name in EVENT_FIELDS}
    data.update(
        version=str(event.version),
        kind=event.kind.value,
        format=event.format.value,
        country=event.country_code or "",
        co_hosts=[h.society.code for h in event.hosts if not h.is_lead],
        themes=[t.code for t in event.themes],
        series=event.series.code if event.series else "",
        speakers=[
            {
                "name": s.name,
                "country": s.country_code or "",
                "society": s.society.code if s.society else "",
            }
            for s in event.speakers
        ]
        + [{}],
    )
    for text in event.texts:
        data[f"title_{text.language}"] = text.title
        data[f"description_{text.language}"] = text.description
    return data


def report_form(event) -> ReportForm:
    form = ReportForm(data=_report_data(event) if request.method == "GET" else None)
    codes = _country_codes()
    form.set_choices(countries=country_lookup(codes))
    form.country_options = country_options(codes)
    return form


def _report_data(event) -> dict | None:
    report = event.report
    if report is None:
        return None
    rows = [{"country": c.country_code, "attendance": c.attendance} for c in report.countries]
    return {
        "version": str(report.version),
        "attendance_total": report.attendance_total,
        "distinct_participants": report.distinct_participants,
        "speakers_count": report.speakers_count,
        "countries": rows + [{}] * max(1, 3 - len(rows)),
    }
