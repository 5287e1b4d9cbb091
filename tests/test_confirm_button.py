"""Destructive or final actions are asked twice, and the confirming form posts what the plain
button posted before (the CSRF token, the one-time key, the comment where there is one)."""

from html.parser import HTMLParser

from alumni.events.models import EventStatus
from alumni.extensions import db
from alumni.grants.models import GrantStatus
from alumni.reports import services
from tests.auth_helpers import SOCIETY_A, log_in
from tests.events_helpers import load_event, make_event
from tests.grants_helpers import grant_state, make_grant
from tests.helpers import page_text


class ConfirmForms(HTMLParser):
    """Each <details class="confirm">: its summary, question, action, fields and button."""

    def __init__(self):
        super().__init__()
        self.found, self._text_into, self._inside = [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details" and "confirm" in (attrs.get("class") or "").split():
            self.found.append({"summary": "", "question": "", "button": "", "fields": {}})
            self._inside = True
        elif not self._inside:
            return
        current = self.found[-1]
        if tag == "summary":
            self._text_into = "summary"
        elif tag == "p" and attrs.get("class") == "confirm-question":
            self._text_into = "question"
        elif tag == "button":
            self._text_into = "button"
        elif tag == "form":
            current["action"] = attrs["action"]
        elif tag in ("input", "textarea") and attrs.get("name"):
            current["fields"][attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "details":
            self._inside = False
        if tag in ("summary", "p", "button"):
            self._text_into = None

    def handle_data(self, data):
        if self._text_into and self._inside:
            self.found[-1][self._text_into] += data.strip()


def confirm_forms(response) -> list[dict]:
    parser = ConfirmForms()
    parser.feed(response.get_data(as_text=True))
    return parser.found


def test_cancelling_an_event_is_asked_and_posts_the_button_fields(app, client, people):
    event_id = make_event(app, SOCIETY_A, titles={"en": "Kaizen day"})
    log_in(client, people["officer_a"].email)
    (cancel,) = confirm_forms(client.get(f"/events/{event_id}"))
    assert cancel["summary"] == "Cancel the event"
    assert cancel["question"].startswith("Cancel this event?")
    assert cancel["button"] == "Yes, cancel the event"
    assert cancel["action"] == f"/events/{event_id}/status/cancel"
    assert set(cancel["fields"]) == {"csrf_token", "form_key"} and cancel["fields"]["form_key"]

    assert client.post(cancel["action"], data=cancel["fields"]).status_code == 302
    assert load_event(app, event_id)["status"] == "cancelled"
    again = client.post(cancel["action"], data=cancel["fields"], follow_redirects=True)
    assert "This was already sent." in page_text(again)


def test_a_draft_is_discarded_only_through_its_question(app, client, people):
    event_id = make_event(app, SOCIETY_A, titles={"en": "Draft day"}, status=EventStatus.DRAFT)
    log_in(client, people["officer_a"].email)
    page = client.get(f"/events/{event_id}")
    assert [f["button"] for f in confirm_forms(page)] == ["Yes, discard the draft"]
    assert 'name="Publish"' not in page.get_data(as_text=True)  # publishing is not asked twice
    assert "Publish" in page_text(page)


def test_withdrawing_an_application_is_asked_and_keeps_the_comment(app, client, people):
    grant_id = make_grant(app, status=GrantStatus.SUBMITTED)
    log_in(client, people["officer_a"].email)
    (withdraw,) = confirm_forms(client.get(f"/wnf/applications/{grant_id}"))
    assert withdraw["button"] == "Yes, withdraw the application"
    assert {"form_key", "comment"} <= set(withdraw["fields"])  # csrf_token: when CSRF is on
    fields = withdraw["fields"] | {"comment": "Postponed to next year"}
    assert client.post(withdraw["action"], data=fields).status_code == 302
    assert grant_state(app, grant_id)["status"] == "withdrawn"
    assert "Postponed to next year" in page_text(client.get(f"/wnf/applications/{grant_id}"))


def test_publishing_a_summary_and_staff_decisions_are_asked(app, client, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    log_in(client, people["staff"].email)
    (decision,) = [
        f
        for f in confirm_forms(client.get(f"/wnf/applications/{grant_id}"))
        if f["button"] == "Yes, record the decision"
    ]
    assert decision["action"] == f"/wnf/applications/{grant_id}/decision"
    assert {"form_key", "amount", "note"} <= set(decision["fields"])
    with app.app_context():
        services.open_summary(None, 2022)
        db.session.commit()
    (publish,) = confirm_forms(client.get("/staff/summaries/2022"))
    assert publish["summary"] == "Publish" and publish["button"] == "Yes, publish the summary"
    assert client.get("/summaries/2022").status_code == 404  # nothing posted yet
    assert client.post(publish["action"], data=publish["fields"]).status_code == 302
    assert "FY2022 activity summary" in page_text(client.get("/summaries/2022"))
