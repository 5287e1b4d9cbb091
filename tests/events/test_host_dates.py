"""A society's events are read in date order from its host rows, which carry their event's
first day: moving an event, or adding a co-host later, moves it in every host's lists."""

from datetime import date, timedelta

from alumni.common.fiscal import fiscal_year_of
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in
from tests.events.test_posting import event_form
from tests.events_helpers import load_event, make_event
from tests.helpers import get_as, page_text

TITLES = ("Moved", "Lead recent", "Lead old", "Kerala recent", "Kerala old")


def order(client, path: str) -> list[str]:
    """The TITLES a page shows, in the order it shows them."""
    text = page_text(get_as(client, path, "en"))
    return sorted((t for t in TITLES if t in text), key=text.index)


def in_calendar(client, society: str) -> set[str]:
    body = client.get(f"/societies/{society}/events.ics").get_data(as_text=True)
    return {t for t in TITLES if f"SUMMARY:{t}" in body}


def days_ago(days: int) -> date:
    return date.today() - timedelta(days=days)


def edit(officer, app, event_id: int, start: date, co_hosts) -> None:
    """The event's edit form saved with START as its only day, and CO_HOSTS."""
    form = event_form(
        original_language="en",
        title_en="Moved",
        start_date=start.isoformat(),
        end_date=start.isoformat(),
        co_hosts=list(co_hosts),
        version=str(load_event(app, event_id)["version"]),
    )
    response = officer.post(f"/events/{event_id}/edit", data=form)
    assert response.status_code == 302, page_text(response)[:500]


def society_events(app, ago=400, co_hosts=(SOCIETY_B,)) -> int:
    """Two events of each society, and MOVED led by A, with CO_HOSTS, AGO days ago; its id."""
    make_event(app, SOCIETY_A, titles={"en": "Lead recent"}, start=days_ago(20))
    make_event(app, SOCIETY_A, titles={"en": "Lead old"}, start=days_ago(200))
    make_event(app, SOCIETY_B, titles={"en": "Kerala recent"}, start=days_ago(30))
    make_event(app, SOCIETY_B, titles={"en": "Kerala old"}, start=days_ago(300))
    return make_event(app, SOCIETY_A, co_hosts, titles={"en": "Moved"}, start=days_ago(ago))


def test_an_event_moved_twice_moves_in_both_hosts_lists_and_calendars(app, client, people):
    moved = society_events(app)
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)
    lead, co_host = f"/events/?society={SOCIETY_A}", f"/events/?society={SOCIETY_B}"
    assert order(client, lead) == ["Lead recent", "Lead old", "Moved"]
    assert order(client, co_host) == ["Kerala recent", "Kerala old", "Moved"]
    assert in_calendar(client, SOCIETY_B) == {"Kerala recent", "Kerala old"}

    edit(officer, app, moved, days_ago(100), [SOCIETY_B])
    assert order(client, lead) == ["Lead recent", "Moved", "Lead old"]
    assert order(officer, lead) == ["Lead recent", "Moved", "Lead old"]  # the officer's list
    assert order(client, co_host) == ["Kerala recent", "Moved", "Kerala old"]
    assert order(client, f"/societies/{SOCIETY_B}") == ["Kerala recent", "Moved", "Kerala old"]
    assert in_calendar(client, SOCIETY_A) == {"Lead recent", "Lead old", "Moved"}
    assert in_calendar(client, SOCIETY_B) == {"Kerala recent", "Moved", "Kerala old"}
    # With another host filter: the society's events the other host (Peru) shares.
    assert order(client, f"{co_host}&country=PE") == ["Moved"]
    year = fiscal_year_of(days_ago(100))
    assert "Moved" in order(client, f"{co_host}&fiscal_year={year}")

    # Moved again, to the newest: first everywhere, and out of its old fiscal year.
    edit(officer, app, moved, days_ago(5), [SOCIETY_B])
    assert order(client, lead) == ["Moved", "Lead recent", "Lead old"]
    assert order(client, co_host) == ["Moved", "Kerala recent", "Kerala old"]
    assert order(client, f"/societies/{SOCIETY_A}") == ["Moved", "Lead recent", "Lead old"]
    assert in_calendar(client, SOCIETY_B) == {"Moved", "Kerala recent", "Kerala old"}
    if fiscal_year_of(days_ago(5)) != year:
        assert "Moved" not in order(client, f"{co_host}&fiscal_year={year}")


def test_a_co_host_added_later_is_listed_at_its_events_date(app, client, people):
    joint = society_events(app, 100, co_hosts=())
    co_host = f"/events/?society={SOCIETY_B}"
    assert "Moved" not in in_calendar(client, SOCIETY_B)
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)

    edit(officer, app, joint, days_ago(100), [SOCIETY_B])
    assert order(client, co_host)[:3] == ["Kerala recent", "Moved", "Kerala old"]
    assert order(client, f"/societies/{SOCIETY_B}")[:3] == ["Kerala recent", "Moved", "Kerala old"]
    assert "Moved" in in_calendar(client, SOCIETY_B)

    # Removed again: gone from the co-host's lists, still the lead's.
    edit(officer, app, joint, days_ago(100), [])
    assert order(client, co_host)[:2] == ["Kerala recent", "Kerala old"]
    assert order(client, f"/events/?society={SOCIETY_A}")[:2] == ["Lead recent", "Moved"]
