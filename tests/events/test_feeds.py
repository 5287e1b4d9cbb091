"""Calendars, the Atom feed and the spreadsheet exports, as a subscriber or an analyst gets them."""

import csv
import io
import re
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

import feedparser
import icalendar
import openpyxl
import pytest
from flask import current_app
from sqlalchemy import select
from werkzeug.http import parse_options_header

from alumni.common.time import today
from alumni.events import feeds, presenters
from alumni.events.exports import COLUMNS
from alumni.events.models import (
    Event,
    EventFormat,
    EventHost,
    EventKind,
    EventStatus,
    EventText,
    ParticipationReport,
    Theme,
)
from alumni.events.queries import IN_CALENDAR, EventFilter, listed_events
from alumni.extensions import db
from alumni.societies.models import Society
from tests.auth_helpers import log_in
from tests.helpers import get_as, page_text

CONTEST = {
    "en": "National 5S contest",
    "ja": "全国5Sコンテスト",
    "es": "Concurso nacional de 5S",
}
DRAFT_TITLE = "Secret draft seminar"
# The events fall within the calendars' window (alumni/events/calendars.py: what began in the
# last year and what is to come) whatever the day: they are this many years after the dates
# written here (2023–2025), in fiscal year FY rather than 2024.
SHIFT = today().year - 2022
FY = 2024 + SHIFT
FORMULA_TITLE = '=HYPERLINK("http://evil.example","Click")'
EVERY_FEED = [
    "/events/feed.ics",
    "/federations/FELAAS/events.ics",
    "/federations/SAFAAS/events.ics",
    "/societies/PE-PERU/events.ics",
    "/societies/IN-KERALA/events.ics",
    "/events/feed.atom",
    "/events/export.csv",
]


def _society_id(code: str) -> int:
    return db.session.scalars(select(Society.id).where(Society.code == code)).one()


def add_event(
    app,
    titles: dict[str, str],
    hosts=("PE-PERU",),
    status=EventStatus.PUBLISHED,
    time_zone="America/Lima",
    themes=(),
    attendance=None,
    **fields,
) -> int:
    """Store an event hosted by HOSTS (the first leads), in its own app context."""
    with app.app_context():
        event = Event(
            kind=EventKind.SEMINAR,
            status=status,
            start_date=fields.pop("start_date", date(2024 + SHIFT, 6, 10)),
            end_date=fields.pop("end_date", date(2024 + SHIFT, 6, 11)),
            time_zone=time_zone,
            format=EventFormat.IN_PERSON,
            published_at=None
            if status == EventStatus.DRAFT
            else datetime(2024 + SHIFT, 5, 1, 9, 30),
            **fields,
        )
        event.lead_society_id = _society_id(hosts[0])
        for code in hosts:
            event.hosts.append(EventHost(society_id=_society_id(code)))
        for language, title in titles.items():
            event.texts.append(
                EventText(language=language, title=title, description=f"About: {title}")
            )
        event.themes.extend(themes_by_code(themes))
        if attendance is not None:
            event.report = ParticipationReport(
                attendance_total=attendance, distinct_participants=90
            )
        db.session.add(event)
        db.session.commit()
        return event.id


def themes_by_code(codes) -> list[Theme]:
    return list(db.session.scalars(select(Theme).where(Theme.code.in_(codes)))) if codes else []


def ensure_theme(code: str, names: dict[str, str]) -> None:
    """The reference data ships the managed themes; add one only if it is not there."""
    if not db.session.scalars(select(Theme).where(Theme.code == code)).first():
        db.session.add(Theme(code=code, names=names))
        db.session.commit()


@pytest.fixture
def events(app):
    """A co-hosted contest, a draft, a cancelled event and one whose title looks like a formula."""
    with app.app_context():
        ensure_theme("5s", {"en": "5S", "ja": "5S", "es": "5S"})
        ensure_theme("kaizen", {"en": "Kaizen", "ja": "改善", "es": "Kaizen"})
    return {
        "contest": add_event(
            app,
            CONTEST,
            hosts=("PE-PERU", "IN-KERALA"),
            themes=["5s", "kaizen"],
            attendance=118,
            venue="Centro de Convenciones",
            country_code="PE",
        ),
        "draft": add_event(app, {"en": DRAFT_TITLE}, status=EventStatus.DRAFT),
        "cancelled": add_event(
            app,
            {"en": "Cancelled kaizen workshop"},
            status=EventStatus.CANCELLED,
            start_date=date(2023 + SHIFT, 11, 5),
            end_date=date(2023 + SHIFT, 11, 5),
        ),
        "formula": add_event(
            app,
            {"en": FORMULA_TITLE},
            hosts=("IN-KERALA",),
            time_zone="Asia/Kolkata",
            start_date=date(2025 + SHIFT, 2, 1),
            end_date=date(2025 + SHIFT, 2, 1),
        ),
    }


def calendar_of(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.data)


def vevents_by_summary(calendar) -> dict:
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_network_calendar_shows_the_events_in_the_visitors_language(client, events):
    calendar = calendar_of(get_as(client, "/events/feed.ics", "ja"))
    shown = vevents_by_summary(calendar)
    contest = shown[CONTEST["ja"]]
    assert {"5S", "改善"} <= {str(c) for c in contest.categories}
    assert str(contest["STATUS"]) == "CONFIRMED"
    assert str(contest["LOCATION"]).startswith("Centro de Convenciones, ")
    assert str(contest["DESCRIPTION"]).endswith(str(contest["URL"]))
    assert str(shown["Cancelled kaizen workshop"]["STATUS"]) == "CANCELLED"


def test_all_day_events_are_dates_ending_the_day_after_the_last(client, events):
    """RFC 5545: a DATE DTEND is exclusive, so a 10–11 June event ends on the 12th."""
    body = get_as(client, "/events/feed.ics", "en").get_data(as_text=True)
    assert f"DTSTART;VALUE=DATE:{FY}0610\r\nDTEND;VALUE=DATE:{FY}0612\r\n" in body
    assert "T000000" not in body
    contest = vevents_by_summary(calendar_of(get_as(client, "/events/feed.ics", "ja")))[
        CONTEST["ja"]
    ]
    assert (contest.start, contest.end) == (date(2024 + SHIFT, 6, 10), date(2024 + SHIFT, 6, 12))
    assert not isinstance(contest.start, datetime)


def test_timed_events_are_written_in_their_own_zone(app, client, events):
    add_event(
        app,
        {"en": "Evening talk"},
        time_zone="Asia/Tokyo",
        start_date=date(2024 + SHIFT, 7, 1),
        end_date=date(2024 + SHIFT, 7, 1),
        start_time=time(18, 30),
        end_time=time(20),
    )
    calendar = calendar_of(get_as(client, "/events/feed.ics", "en"))
    talk = vevents_by_summary(calendar)["Evening talk"]
    assert str(talk.start.tzinfo) == str(talk.end.tzinfo) == "Asia/Tokyo"
    assert (talk.start.replace(tzinfo=None), talk.end.replace(tzinfo=None)) == (
        datetime(2024 + SHIFT, 7, 1, 18, 30),
        datetime(2024 + SHIFT, 7, 1, 20),
    )
    assert f"DTSTART;TZID=Asia/Tokyo:{FY}0701T183000" in calendar.to_ical().decode()
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {"Asia/Tokyo"}


def test_a_cancelled_event_keeps_its_uid_with_a_higher_sequence(app, client, people):
    event_id = add_event(app, {"en": "Seminar to be called off"})
    before = vevents_by_summary(calendar_of(client.get("/events/feed.ics")))
    log_in(client, people["officer_a"].email)
    assert client.post(f"/events/{event_id}/status/cancel").status_code == 302
    after = vevents_by_summary(calendar_of(app.test_client().get("/events/feed.ics")))
    was, now = before["Seminar to be called off"], after["Seminar to be called off"]
    assert str(was["STATUS"]) == "CONFIRMED" and str(now["STATUS"]) == "CANCELLED"
    assert str(now["UID"]) == str(was["UID"])
    assert int(now["SEQUENCE"]) > int(was["SEQUENCE"])


def test_calendar_summary_follows_the_language_asked(client, events):
    shown = vevents_by_summary(calendar_of(get_as(client, "/events/feed.ics", "es")))
    assert CONTEST["es"] in shown and CONTEST["ja"] not in shown


def icalendar_written(events, name: str) -> bytes:
    """The calendar as icalendar writes it from its own objects: what feeds.ical_calendar
    writes faster, line for line."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", feeds.PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = urlsplit(current_app.config["PUBLIC_URL"]).netloc
    for event in events:
        url = feeds.event_url(event)
        description = presenters.event_description(event).text
        vevent = icalendar.Event()
        vevent.add("uid", f"event-{event.id}@{host}")
        vevent.add("dtstamp", datetime.now(UTC))
        vevent.add("summary", presenters.event_title(event).text)
        vevent.add("description", f"{description}\n\n{url}" if description else url)
        vevent.add("url", url)
        if event.start_time is None:
            vevent.add("dtstart", event.start_date)
            vevent.add("dtend", event.end_date + timedelta(days=1))
        else:
            vevent.add("dtstart", feeds.event_start(event))
            if feeds.event_end(event) is not None:
                vevent.add("dtend", feeds.event_end(event))
        if presenters.place(event):
            vevent.add("location", presenters.place(event))
        themes = [presenters.theme_name(t) for t in event.themes]
        vevent.add("categories", [str(event.kind.title), *themes])
        vevent.add("status", feeds.ICAL_STATUS.get(event.status, "TENTATIVE"))
        vevent.add("sequence", event.version)
        calendar.add_component(vevent)
    calendar.add_missing_timezones(
        first_date=min(e.start_date for e in events) - timedelta(days=366),
        last_date=max(e.end_date for e in events) + timedelta(days=366),
    )
    return calendar.to_ical()


def calendar_parts(body: bytes) -> tuple[list[str], set[str]]:
    """The VEVENTs in order and the VTIMEZONEs in any order (icalendar adds those from a set),
    without the DTSTAMP, the time of writing."""
    text = re.sub(r"DTSTAMP:\d{8}T\d{6}Z\r\n", "", body.decode())
    zones = set(re.findall(r"BEGIN:VTIMEZONE.*?END:VTIMEZONE\r\n", text, flags=re.S))
    for zone in zones:
        text = text.replace(zone, "")
    return text.split("BEGIN:VEVENT"), zones


@pytest.mark.parametrize("language", ["en", "ja"])
def test_calendar_is_written_as_icalendar_writes_it(app, events, language):
    awkward = "Kaizen; 5S, and a \\ backslash^ with a long name, " + "ぁ" * 40 + "x" * 60
    zones = ["Asia/Tokyo", "Etc/UTC", "UTC", "Not/A_zone", "America/Argentina/Buenos_Aires"]
    ends = [time(17, 30), None, time(12), None, time(23, 59)]
    for zone, end_time in zip(zones, ends, strict=True):
        add_event(
            app,
            {"en": f"{awkward} in {zone}", "ja": f"{awkward}（{zone}）"},
            time_zone=zone,
            start_time=time(9, 15),
            end_time=end_time,
            themes=["kaizen"],
            venue="Hall A; floor 2, room\\3",
            country_code="JP",
        )
    add_event(app, {"es": "Solo en español\r\ncon saltos\nde línea"}, time_zone="Europe/Madrid")
    add_event(
        app,
        {"en": "One morning"},
        end_date=date(2024 + SHIFT, 6, 10),
        start_time=time(8),
        time_zone="Asia/Kolkata",
    )
    with app.test_request_context("/", headers={"Accept-Language": language}):
        found = listed_events(EventFilter(), 500, IN_CALENDAR)
        written = feeds.ical_calendar(found, name="Events; of, Peru")
        expected = icalendar_written(found, name="Events; of, Peru")
    vevents, zones = calendar_parts(written)
    # Only timed events need a zone (Tokyo, Buenos Aires, Kolkata); all-day ones are dates.
    assert len(vevents) == 1 + 10 and len(zones) == 3
    assert (vevents, zones) == calendar_parts(expected)


def test_categories_carry_the_kind_and_the_themes(client, events):
    shown = vevents_by_summary(calendar_of(get_as(client, "/events/feed.ics", "en")))
    categories = [str(c) for c in shown[CONTEST["en"]].categories]
    assert categories[0] == "Seminar" and sorted(categories[1:]) == ["5S", "Kaizen"]


@pytest.mark.parametrize("federation", ["FELAAS", "SAFAAS"])
def test_both_federations_of_a_co_hosted_event_list_it(client, events, federation):
    url = f"/federations/{federation}/events.ics"
    shown = vevents_by_summary(calendar_of(get_as(client, url, "en")))
    assert CONTEST["en"] in shown


def test_federation_calendar_leaves_out_other_federations_events(client, events):
    shown = vevents_by_summary(calendar_of(get_as(client, "/federations/FELAAS/events.ics", "en")))
    assert FORMULA_TITLE not in shown  # hosted in Kerala only, a SAFAAS society


def test_society_calendars_list_what_each_society_hosted(client, events):
    peru = vevents_by_summary(calendar_of(get_as(client, "/societies/PE-PERU/events.ics", "en")))
    kerala = vevents_by_summary(
        calendar_of(get_as(client, "/societies/IN-KERALA/events.ics", "en"))
    )
    assert CONTEST["en"] in peru and FORMULA_TITLE not in peru
    assert {CONTEST["en"], FORMULA_TITLE} <= set(kerala)


@pytest.mark.parametrize(
    "url", ["/federations/NOPE/events.ics", "/societies/NO-SUCH-SOCIETY/events.ics"]
)
def test_unknown_federation_or_society_has_no_calendar(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", EVERY_FEED)
def test_a_draft_never_appears_in_a_feed_or_export(client, events, url):
    response = get_as(client, url, "en")
    assert response.status_code == 200
    assert CONTEST["en"].encode() in response.data
    assert DRAFT_TITLE.encode() not in response.data


def test_a_draft_never_appears_in_the_excel_export(client, events):
    titles = [row["Event title"] for row in sheet_rows(get_as(client, "/events/export.xlsx", "en"))]
    assert CONTEST["en"] in titles and DRAFT_TITLE not in titles


def test_atom_feed_is_valid_and_lists_the_events(client, events):
    response = get_as(client, "/events/feed.atom", "es")
    assert response.content_type == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    entries = {entry.title: entry for entry in feed.entries}
    contest = entries[CONTEST["es"]]
    assert contest.link.startswith("http://localhost/")
    assert contest.summary == f"About: {CONTEST['es']}"
    assert contest.author  # the lead host, Peru's society
    assert contest.tags[0].term == "seminar"
    assert contest.updated.endswith("Z") and contest.published == f"{FY}-05-01T09:30:00Z"
    assert FORMULA_TITLE in entries  # escaped in the XML, shown as written


def downloaded_as(response) -> str:
    """The file name a browser saves the response under."""
    kind, options = parse_options_header(response.headers["Content-Disposition"])
    assert kind == "attachment"
    return options["filename"]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert b"\r\n" in response.data
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def test_csv_export_in_japanese(app, client, events):
    response = get_as(client, "/events/export.csv", "ja")
    assert downloaded_as(response) == "aots-alumni-events.csv"
    header, *rows = csv_rows(response)
    with app.test_request_context(headers={"Accept-Language": "ja"}):
        assert header == [str(label) for _key, label in COLUMNS]
    assert "状況" in header and "国・地域" in header
    contest = next(row for row in rows if row[0] == CONTEST["ja"])
    assert "118" in contest and f"{FY}-06-10" in contest and "5S; 改善" in contest


def test_csv_export_neutralises_formulas(client, events):
    titles = [row[0] for row in csv_rows(get_as(client, "/events/export.csv", "en"))[1:]]
    assert "'" + FORMULA_TITLE in titles and FORMULA_TITLE not in titles


def test_csv_export_follows_the_list_filters(client, events):
    titles = [row[0] for row in csv_rows(client.get("/events/export.csv?society=PE-PERU"))[1:]]
    assert CONTEST["en"] in titles and "'" + FORMULA_TITLE not in titles


@pytest.mark.parametrize(
    "query",
    [
        "society=PE-PERU",
        "kind=conference",  # none: an empty file but its header
        f"federation=SAFAAS&fiscal_year={FY}",
        "kind=seminar&theme=kaizen&when=past",
        "region=latin_america&country=IN",
        # Values the list does not offer are ignored, by the list and by the export alike.
        "federation=NOPE&region=nowhere&country=ZZ&society=NOPE&theme=nope",
        "fiscal_year=1990&kind=party&format=paper&when=someday",
        f"fiscal_year=0{FY}",
        f"fiscal_year={FY}x",
    ],
)
def test_csv_export_has_the_events_the_list_counts(client, events, query):
    listed = get_as(client, f"/events/?{query}", "en").get_data(as_text=True)
    exported = csv_rows(get_as(client, f"/events/export.csv?{query}", "en"))[1:]
    # The list shows its events without a total: a single page here, "Events 1 to N".
    shown = re.search(r'role="status">Events 1 to (\d+)<', listed)
    assert "No event matches these filters." in listed if shown is None else shown
    assert (int(shown.group(1)) if shown else 0) == len(exported) and ">Next</a>" not in listed


def sheet_rows(response) -> list[dict]:
    """The first sheet's rows as {header: value}; checks the header is bold."""
    assert response.status_code == 200
    assert response.content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].font.b
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_excel_export_has_real_numbers_and_dates(client, events):
    response = get_as(client, "/events/export.xlsx", "en")
    assert downloaded_as(response) == "aots-alumni-events.xlsx"
    rows = {row["Event title"]: row for row in sheet_rows(response)}
    contest = rows[CONTEST["en"]]
    assert contest["First day"] == datetime(2024 + SHIFT, 6, 10)
    assert contest["Fiscal year"] == FY
    assert contest["Lead host"] == "Peru alumni society"
    assert contest["Co-hosts"] == "Alumni Society of AOTS, Kerala"
    assert contest["Cumulative attendance (延べ)"] == 118
    assert "'" + FORMULA_TITLE in rows


@pytest.mark.parametrize(
    "query",
    ["fiscal_year=10000", "fiscal_year=99999999", "endpoint=x", "_external=1&_anchor=top"],
)
def test_odd_query_strings_are_ignored_not_a_crash(client, events, query):
    def listed(url):
        return page_text(get_as(client, url, "en")).split("Language")[-1]

    assert listed(f"/events/?{query}") == listed("/events/")
    assert get_as(client, f"/events/export.csv?{query}", "en").status_code == 200


def test_a_calendar_lists_the_last_year_and_what_is_to_come(app, client):
    """A subscriber's calendar, not the society's whole history: events that began more than
    a year ago are left out, the rest of the last year and everything upcoming are in."""
    now = today()
    add_event(
        app,
        {"en": "Long ago"},
        start_date=now - timedelta(days=400),
        end_date=now - timedelta(days=399),
    )
    add_event(
        app,
        {"en": "Last spring"},
        start_date=now - timedelta(days=300),
        end_date=now - timedelta(days=300),
    )
    add_event(
        app,
        {"en": "Next month"},
        start_date=now + timedelta(days=30),
        end_date=now + timedelta(days=31),
    )
    for url in (
        "/events/feed.ics",
        "/federations/FELAAS/events.ics",
        "/societies/PE-PERU/events.ics",
    ):
        shown = vevents_by_summary(calendar_of(get_as(client, url, "en")))
        assert {"Last spring", "Next month"} <= set(shown) and "Long ago" not in shown
