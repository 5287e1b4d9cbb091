"""A discarded draft never becomes public; an event cancelled after publishing stays listed."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from alumni.events.models import Event, EventStatus
from alumni.extensions import db
from tests.auth_helpers import SOCIETY_A, log_in
from tests.events_helpers import make_event
from tests.helpers import page_text


def test_a_discarded_draft_stays_off_every_public_page(app, client, people):
    event_id = make_event(app, SOCIETY_A, status=EventStatus.DRAFT, titles={"en": "Gone draft"})
    log_in(client, people["officer_a"].email)
    assert "Discard the draft" in page_text(client.get(f"/events/{event_id}"))
    response = client.post(f"/events/{event_id}/status/discard", data={"form_key": "k-discard-1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Event, event_id).status == EventStatus.DISCARDED
    visitor = app.test_client()
    assert visitor.get(f"/events/{event_id}").status_code == 404
    for address in ("/events/", f"/societies/{SOCIETY_A}", "/events/feed.ics", "/events/feed.atom"):
        assert "Gone draft" not in visitor.get(address).get_data(as_text=True), address


def test_upgrade_separates_discarded_drafts_from_cancelled_events(app):
    published = make_event(app, SOCIETY_A, titles={"en": "Once published"})
    never = make_event(app, SOCIETY_A, status=EventStatus.DRAFT)
    with app.app_context():
        db.session.execute(
            text("UPDATE event SET published_at = CURRENT_TIMESTAMP WHERE id = :id"),
            {"id": published},
        )
        db.session.commit()
        downgrade(revision="0012")
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE event SET status = 'cancelled'"))
        upgrade()
        statuses = dict(db.session.execute(select(Event.id, Event.status)).all())
        db.session.rollback()  # let the downgrade take its lock on PostgreSQL
        assert statuses == {published: EventStatus.CANCELLED, never: EventStatus.DISCARDED}
        downgrade(revision="0012")
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT DISTINCT status FROM event")).scalars()
            assert list(rows) == ["cancelled"]
            try:
                connection.execute(text("UPDATE event SET status = 'discarded'"))
                refused = False
            except IntegrityError:
                refused = True
            assert refused
        upgrade()
        db.engine.dispose()
