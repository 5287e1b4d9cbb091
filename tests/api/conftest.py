"""An app holding the example data (events, series, WNF, a published summary) and things the
public must never see: a draft event, a discarded one, a summary being prepared."""

import pytest

from alumni.events.examples import load_examples as load_event_examples
from alumni.events.models import EventKind, EventStatus
from alumni.extensions import db
from alumni.grants.examples import load_examples as load_wnf_examples
from alumni.reports.examples import load_examples as load_summary_examples
from alumni.reports.services import get_summary, open_summary, publish
from tests.events_helpers import make_entry, make_event

DRAFT_TITLE = "Secret draft seminar"


@pytest.fixture
def data_app(app):
    with app.app_context():
        load_event_examples()
        load_wnf_examples()
        load_summary_examples()
        db.session.commit()
    hidden = {
        "draft": make_event(app, status=EventStatus.DRAFT, titles={"en": DRAFT_TITLE}),
        "discarded": make_event(app, status=EventStatus.DISCARDED, titles={"en": DRAFT_TITLE}),
    }
    edition = make_event(
        app, kind=EventKind.CONTEST_EDITION, series="PE-5S", edition=20, attendance=40
    )
    make_entry(app, edition)
    with app.app_context():
        publish(None, get_summary(2021))  # a second version: its changes are listed
        open_summary(None, 2022)  # being prepared: not public
        db.session.commit()
    app.hidden = hidden
    app.edition = edition
    return app


@pytest.fixture
def api(data_app):
    return data_app.test_client()
