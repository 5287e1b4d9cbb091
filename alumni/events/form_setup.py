"""The event and report forms filled for a request: their choices, and their first values
(from the event, or from the context: the officer's language, the society's country)."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import request
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from alumni.common.caching import per_version
from alumni.config import LANGUAGES
from alumni.events import queries
from alumni.events.form_choices import form_choices
from alumni.events.forms import EventForm, ReportForm
from alumni.events.pickers import default_zone, zone_label
from alumni.events.sheet import EventSheet
from alumni.i18n import current_language
from alumni.societies.presenters import Shown, society_name

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


@dataclass(frozen=True)
class Lead:
    """The society leading an event, as its form shows it (named in the reader's language)."""

    id: int
    code: str
    country_code: str | None
    name: Shown

    @classmethod
    def of_society(cls, society) -> "Lead":
        return cls(society.id, society.code, society.country_code, society_name(society))

    @classmethod
    def of_event(cls, event) -> "Lead":
        """The lead of EVENT: its sheet (the form's first view) or the Event (a post)."""
        if isinstance(event, EventSheet):
            host = event.lead_host
            return cls(host.society_id, host.code, host.country_code, host.name)
        return cls.of_society(event.lead_host.society)


def event_form(lead: Lead, first_values: Callable[[], dict]) -> EventForm:
    """The event form led by LEAD with its choices; FIRST_VALUES() fills it when first shown
    (a GET; a post brings its own)."""
    form = EventForm(data=first_values() if request.method == "GET" else None)
    choices = form_choices()
    zones = choices.zones(lead.country_code)
    current = form.time_zone.data
    if current and current not in {choice.value for choice in zones}:
        zones = [SelectChoice(current, zone_label(current)), *zones]  # an old event's zone
    # The kept lists themselves, not copies: their options are drawn once (DrawnChoices).
    form.set_choices(
        zones=zones,
        countries=choices.countries,
        societies=choices.co_hosts(lead.code),
        themes=choices.themes,
        series=list(choices.series),
        speaker_societies=(choices.society_lookup, choices.suggestions.get),
    )
    form.country_options = choices.country_options
    form.society_options = choices.society_options
    return form


def drawn_once(name: str, caller) -> Markup:
    """What CALLER draws, drawn once per content version and language (`{% call
    drawn_once(NAME) %}`): for a form's parts that show only content (the lists of
    suggestions, the empty rows a script copies), never an event's values or the request's."""
    return per_version(f"drawn:{name}", (current_language(),), caller, most=len(LANGUAGES))


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


def event_data(event: EventSheet) -> dict:
    """An event's saved values, from its sheet, with one empty speaker line to add one more."""
    data = {name: getattr(event, name) for name in EVENT_FIELDS}
    data.update(
        version=str(event.version),
        kind=event.kind.value,
        format=event.format.value,
        country=event.country_code or "",
        co_hosts=[h.code for h in event.hosts if not h.is_lead],
        themes=[t.code for t in event.themes],
        series=event.series.code if event.series else "",
        speakers=[
            {"name": s.name, "country": s.country_code or "", "society": s.society_code or ""}
            for s in event.speakers
        ]
        + [{}],
    )
    for language, title, description in event.texts:
        data[f"title_{language}"] = title
        data[f"description_{language}"] = description
    return data


def report_form(event) -> ReportForm:
    form = ReportForm(data=_report_data(event) if request.method == "GET" else None)
    choices = form_choices()
    form.set_choices(countries=choices.countries)
    form.country_options = choices.country_options
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
