"""A GET that wrote nothing is not committed; a GET that wrote commits as every request does."""

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from alumni.auth.access import public
from alumni.common.models import SiteState
from alumni.common.transaction import unit_of_work
from alumni.extensions import db


def _version(app) -> int:
    with app.app_context(), db.engine.connect() as connection:
        return connection.execute(select(SiteState.content_version)).scalar()


def _get_counting_commits(app, client, url):
    commits = []

    def note(session):
        commits.append(session)

    event.listen(Session, "after_commit", note)
    try:
        response = client.get(url, headers={"Accept-Language": "en"})
    finally:
        event.remove(Session, "after_commit", note)
    return response, commits


def test_a_public_page_that_only_read_commits_nothing_and_keeps_no_connection(app, client):
    response, commits = _get_counting_commits(app, client, "/societies/")
    assert response.status_code == 200 and commits == []
    with app.app_context():
        assert db.engine.pool.checkedout() == 0  # its read transaction ended with the request


def test_a_get_that_wrote_through_a_statement_commits(app, client):
    def write():
        db.session.execute(update(SiteState).values(content_version=SiteState.content_version + 7))
        return "written"

    app.add_url_rule("/test-write-statement", view_func=public(unit_of_work(write)))
    before = _version(app)
    response, commits = _get_counting_commits(app, client, "/test-write-statement")
    assert response.status_code == 200 and commits
    assert _version(app) == before + 7


def test_a_get_that_flushed_a_change_commits(app, client):
    def write():
        db.session.get(SiteState, 1).content_version += 5
        db.session.flush()  # as services do: nothing is dirty any more, but it was written
        return "written"

    app.add_url_rule("/test-write-flush", view_func=public(unit_of_work(write)))
    before = _version(app)
    response, commits = _get_counting_commits(app, client, "/test-write-flush")
    assert response.status_code == 200 and commits
    assert _version(app) >= before + 5
