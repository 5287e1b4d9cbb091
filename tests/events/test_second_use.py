"""Events on the second visit: saved again, posted twice, posted at once, posted after the
login expired; refused moves answer with the event page and the reason."""

import re
from datetime import date, timedelta

import pytest

from alumni.auth.models import MembershipRole
from alumni.events.models import Event, EventKind, EventStatus, ParticipationReport
from tests.auth_helpers import PASSWORD, SOCIETY_A, SOCIETY_B, log_in, make_user
from tests.events.test_posting import created_id, event_form
from tests.events_helpers import (
    count_rows,
    expire_login,
    load_event,
    make_entry,
    make_event,
    make_series,
    post_together,
    report_revisions,
    stored_event,
)
from tests.helpers import page_text

KEY = "k" * 30


def make_japanese_officer(app) -> str:
    """An officer of society A whose saved language is Japanese; returns the address."""
    term = (SOCIETY_A, MembershipRole.OFFICER, date.today() - timedelta(days=30), None)
    make_user(app, "hiro@example.org", language="ja", memberships=[term])
    return "hiro@example.org"


def report_form(version="", **figures) -> dict:
    """A report form; COUNTRIES given as countries={"VE": 60, ...}."""
    data = {"attendance_total": "", "distinct_participants": "", "speakers_count": ""}
    data["version"] = str(version)
    for index, (code, count) in enumerate((figures.pop("countries", None) or {}).items()):
        data[f"countries-{index}-country"] = code
        data[f"countries-{index}-attendance"] = str(count)
    data.update({k: str(v) for k, v in figures.items()})
    return data


def test_a_report_with_countries_is_corrected_again_and_again(app, client, people):
    event_id = make_event(app, SOCIETY_A, days=3)
    log_in(client, people["officer_a"].email)
    url = f"/events/{event_id}/report"
    first = report_form(attendance_total=100, countries={"VE": 60, "AR": 30})
    assert client.post(url, data=first).status_code == 302
    # VE changed, AR removed, PE added.
    second = report_form(1, attendance_total=110, countries={"PE": 20, "VE": 50})
    response = client.post(url, data=second)
    assert response.status_code == 302, page_text(response)[:500]
    assert load_event(app, event_id)["countries"] == {"VE": 50, "PE": 20}
    # AR added again, VE removed, PE changed.
    third = report_form(2, attendance_total=120, countries={"AR": 30, "PE": 25})
    assert client.post(url, data=third).status_code == 302
    assert load_event(app, event_id)["countries"] == {"AR": 30, "PE": 25}
    assert [r["countries"] for r in report_revisions(app, event_id)] == [
        {"VE": 60, "AR": 30},
        {"PE": 20, "VE": 50},
        {"AR": 30, "PE": 25},
    ]
    text = page_text(client.get(url))
    assert "Argentina 30, Venezuela 60" in text and "Peru 20, Venezuela 50" in text


def test_the_same_event_form_posted_three_times_makes_one_event(app, client, people):
    log_in(client, people["officer_a"].email)
    url = f"/societies/{SOCIETY_A}/events/new"
    responses = [client.post(url, data=event_form(form_key=KEY)) for _ in range(3)]
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert {r.headers["Location"] for r in responses} == {responses[0].headers["Location"]}
    assert count_rows(app, Event) == 1
    page = page_text(client.get(responses[0].headers["Location"]))
    assert "This was already sent. Here is the result." in page
    assert "Kaizen seminar" in page


def test_an_event_edited_twice_keeps_its_texts_hosts_and_speakers_straight(app, client, people):
    log_in(client, people["officer_a"].email)
    event_id = created_id(client.post(f"/societies/{SOCIETY_A}/events/new", data=event_form()))
    url = f"/events/{event_id}/edit"
    # Spanish description dropped, Japanese added; co-host B replaced by Argentina; the first
    # speaker removed (the second moves up), a new one added.
    changed = event_form(
        version="1",
        description_es="",
        title_ja="カイゼンセミナー",
        co_hosts=["AR-ARGENTINA"],
        **{
            "speakers-0-name": "Ravi Nair",
            "speakers-0-country": "IN",
            "speakers-0-society": SOCIETY_B,
            "speakers-1-country": "",
            "speakers-1-name": "Luz Díaz",
        },
    )
    assert client.post(url, data=changed).status_code == 302
    assert stored_event(app, event_id) == {
        "texts": {
            "es": ("Seminario de kaizen", ""),
            "en": ("Kaizen seminar", ""),
            "ja": ("カイゼンセミナー", ""),
        },
        "hosts": sorted(["AR-ARGENTINA", SOCIETY_A]),
        "speakers": [(1, "Ravi Nair", "IN", SOCIETY_B), (2, "Luz Díaz", None, None)],
    }
    # Co-host B back (beside Argentina), English title removed, one speaker left.
    again = dict(
        changed,
        version="2",
        title_en="",
        co_hosts=["AR-ARGENTINA", SOCIETY_B],
        **{"speakers-1-name": ""},
    )
    assert client.post(url, data=again).status_code == 302
    stored = stored_event(app, event_id)
    assert stored["texts"] == {"es": ("Seminario de kaizen", ""), "ja": ("カイゼンセミナー", "")}
    assert stored["hosts"] == sorted(["AR-ARGENTINA", SOCIETY_A, SOCIETY_B])
    assert stored["speakers"] == [(1, "Ravi Nair", "IN", SOCIETY_B)]


ROUNDS = 3


def _two_sessions(app, people):
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        log_in(client, people["officer_a"].email)
    return clients


def test_two_first_saves_of_one_report_with_one_form_key_make_one_report(app, people):
    first, second = _two_sessions(app, people)
    for _round in range(ROUNDS):
        event_id = make_event(app, SOCIETY_A, days=3)
        url = f"/events/{event_id}/report"
        data = report_form(attendance_total=118, countries={"VE": 60}, form_key=KEY + str(_round))
        results = post_together(app, [(first, url, data), (second, url, data)])
        assert all(not isinstance(r, str) for r in results), results
        assert [r[:2] for r in results] == [(302, f"/events/{event_id}")] * 2, results
        assert count_rows(app, ParticipationReport, ParticipationReport.event_id == event_id) == 1
        assert len(report_revisions(app, event_id)) == 1
        assert load_event(app, event_id)["countries"] == {"VE": 60}


def test_two_first_saves_of_one_report_from_two_forms_one_is_told(app, people):
    first, second = _two_sessions(app, people)
    for _round in range(ROUNDS):
        event_id = make_event(app, SOCIETY_A, days=3)
        url = f"/events/{event_id}/report"
        results = post_together(
            app,
            [
                (first, url, report_form(attendance_total=118, countries={"VE": 60})),
                (second, url, report_form(attendance_total=119, countries={"AR": 70})),
            ],
        )
        assert all(not isinstance(r, str) for r in results), results
        statuses = sorted(r[0] for r in results)
        assert statuses == [302, 409], results
        saved = next(i for i, r in enumerate(results) if r[0] == 302)
        _status, _location, told, told_text = results[1 - saved]
        assert ('value="119"' if saved == 0 else 'value="118"') in told  # its own typed values
        assert "Someone else changed this while you were editing." in told_text
        assert count_rows(app, ParticipationReport, ParticipationReport.event_id == event_id) == 1
        assert load_event(app, event_id)["report"] == (118, 119)[saved]
        # The form shown again can be sent: it now carries the saved version.
        shown = re.search(r'name="version"[^>]*value="(\d+)"', told)
        assert shown is not None and shown.group(1) == "1"


@pytest.mark.parametrize("how", ["revoked", "idle"])
def test_a_report_typed_while_the_login_expired_comes_back_after_logging_in(
    app, client, people, how
):
    event_id = make_event(app, SOCIETY_A, days=3)
    email = people["officer_a"].email
    log_in(client, email)
    url = f"/events/{event_id}/report"
    assert client.get(url).status_code == 200
    expire_login(app, email, how)
    typed = report_form(
        attendance_total=118, distinct_participants=45, countries={"VE": 60, "AR": 30}
    )
    response = client.post(url, data=typed)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?")
    assert load_event(app, event_id)["report"] is None
    # Not "expired" (the user may have logged out in another tab): no longer logged in.
    told = page_text(client.get(response.headers["Location"]))
    assert "You are no longer logged in. Log in again: what you typed is kept." in told
    login = client.post(response.headers["Location"], data={"email": email, "password": PASSWORD})
    assert login.status_code == 302
    back = login.headers["Location"]
    assert back.startswith(f"{url}?resume=")
    page = client.get(back)
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "What you typed before logging in again is back" in page_text(page)
    assert 'value="118"' in body and 'value="45"' in body
    assert 'value="Venezuela"' in body and 'value="Argentina"' in body
    assert 'value="60"' in body and 'value="30"' in body
    # Sent as it came back, it is saved.
    assert client.post(url, data=typed).status_code == 302
    assert load_event(app, event_id)["countries"] == {"VE": 60, "AR": 30}


def test_a_refused_move_answers_with_the_event_page_and_the_reason(app, people):
    event_id = make_event(app, SOCIETY_A, [SOCIETY_B], titles={"en": "Kaizen day"})
    co_host = app.test_client()
    log_in(co_host, people["officer_b"].email)
    response = co_host.post(f"/events/{event_id}/status/cancel")
    assert response.status_code == 403
    text = page_text(response)
    assert "Only the lead host's officers can do this." in text and "Kaizen day" in text
    lead = app.test_client()
    log_in(lead, people["officer_a"].email)
    assert lead.post(f"/events/{event_id}/status/cancel").status_code == 302
    response = lead.post(f"/events/{event_id}/status/publish")
    assert response.status_code == 409
    assert "This event cannot be changed that way now." in page_text(response)
    assert load_event(app, event_id)["status"] == "cancelled"
    japanese = app.test_client()  # an officer who reads Japanese is told in Japanese
    log_in(japanese, make_japanese_officer(app))
    response = japanese.post(f"/events/{event_id}/status/publish")
    assert response.status_code == 409
    assert "このイベントは現在、その方法では変更できません。" in page_text(response)
    assert "Kaizen day" in page_text(response)


def test_publishing_twice_with_one_key_lands_on_the_event(app, client, people):
    event_id = make_event(app, SOCIETY_A, status=EventStatus.DRAFT)
    log_in(client, people["officer_a"].email)
    url = f"/events/{event_id}/status/publish"
    responses = [client.post(url, data={"form_key": KEY}) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[1].headers["Location"] == f"/events/{event_id}"
    assert load_event(app, event_id)["status"] == "published"


def test_contest_entries_refused_with_the_page_and_the_typed_values(app, client, people):
    make_series(app)
    event_id = make_event(app, SOCIETY_A, kind=EventKind.CONTEST_EDITION, series="PE-5S", edition=8)
    log_in(client, people["officer_a"].email)
    response = client.post(
        f"/events/{event_id}/entries", data={"name": "", "category": "Manufacturing"}
    )
    assert response.status_code == 422
    assert "The entry needs the name of a company or team" in page_text(response)
    assert 'value="Manufacturing"' in response.get_data(as_text=True)
    entry_id = make_entry(app, event_id, name="Other company")
    url = f"/events/{event_id}/entries/{entry_id}/delete"
    assert client.post(url, data={"form_key": KEY}).status_code == 302
    # The same button again lands on the page; from another tab, it is told it is gone.
    assert client.post(url, data={"form_key": KEY}).status_code == 302
    response = client.post(url)
    assert response.status_code == 409
    assert "This entry is no longer listed." in page_text(response)


def test_entries_only_for_a_contest_edition(app, client, people):
    event_id = make_event(app, SOCIETY_A)
    log_in(client, people["officer_a"].email)
    response = client.post(f"/events/{event_id}/entries", data={"name": "Textiles Lima"})
    assert response.status_code == 409
    assert "Only a contest edition has entries." in page_text(response)
