"""The events list's filter choices are built once per content version: a change shows at once."""

from alumni.events.models import Theme
from alumni.extensions import db
from tests.events_helpers import make_event
from tests.helpers import get_as


def test_a_theme_added_after_the_list_was_shown_is_offered_and_filters(app, client):
    make_event(app, titles={"en": "Lean day"}, themes=["kaizen"])
    before = get_as(client, "/events/", "en").get_data(as_text=True)
    assert 'value="lean-office"' not in before
    with app.app_context():
        db.session.add(Theme(code="lean-office", names={"en": "Lean office", "ja": "リーン"}))
        db.session.commit()
    after = get_as(client, "/events/?theme=lean-office", "en").get_data(as_text=True)
    assert '<option selected value="lean-office">Lean office</option>' in after
    assert "Lean day" not in after  # the filter applies: no event has the new theme
    japanese = get_as(client, "/events/?kind=seminar", "ja").get_data(as_text=True)
    assert '<option value="lean-office">リーン</option>' in japanese
    assert '<option selected value="seminar">' in japanese
