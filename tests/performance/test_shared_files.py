"""The workers of one server share what one of them wrote (SHARED_DIR): a calendar."""

import re
from datetime import date, timedelta

import pytest

from alumni import create_app
from alumni.extensions import db
from tests.conftest import base_config
from tests.events_helpers import make_event
from tests.support.queries import count_queries

CALENDAR = "/societies/PE-PERU/events.ics"
STAMP = re.compile(rb"DTSTAMP:(\w+)")


@pytest.fixture
def two_workers(database_url, tmp_path):
    """Two applications on one database and one shared folder, as two workers of a server."""
    apps = []
    for name in "ab":
        # The page cache off: the calendar itself must come from the shared folder.
        config = {"SHARED_DIR": str(tmp_path / "shared"), "PAGE_CACHE_MB": 0}
        app = create_app(base_config(database_url) | config)
        app.instance_path = str(tmp_path / name)
        apps.append(app)
    soon = date.today() + timedelta(days=10)
    make_event(apps[0], "PE-PERU", start=soon, titles={"en": "Shared seminar"})
    yield apps
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def read(app, **headers):
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = app.test_client().get(CALENDAR, headers={"Accept-Language": "en", **headers})
    assert response.status_code == 200
    return response, len(statements)


def test_a_calendar_one_worker_wrote_is_what_the_other_sends(two_workers, tmp_path):
    first, second = two_workers
    written, writing = read(first)
    _again, kept = read(first)  # from the first worker's own store
    shared, statements = read(second)
    assert b"Shared seminar" in shared.data
    assert shared.data == written.data  # the same DTSTAMP: not written again
    assert statements == kept < writing
    packed, _ = read(second, **{"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br"
    assert len(list((tmp_path / "shared" / "calendars").iterdir())) == 1


def test_a_change_of_content_is_written_anew_and_the_older_files_removed(two_workers, tmp_path):
    first, second = two_workers
    before, _ = read(first)
    make_event(first, "PE-PERU", start=date.today() + timedelta(days=20), titles={"en": "Newer"})
    after, _ = read(second)
    assert b"Newer" in after.data and b"Newer" not in before.data
    assert read(first)[0].data == after.data
    assert len(list((tmp_path / "shared" / "calendars").iterdir())) == 1


def test_without_a_shared_folder_nothing_is_written(app, client, tmp_path):
    make_event(app, "PE-PERU", titles={"en": "Own seminar"})
    assert client.get(CALENDAR).status_code == 200
    assert not app.config["SHARED_DIR"]
    assert not list(tmp_path.rglob("calendars"))
