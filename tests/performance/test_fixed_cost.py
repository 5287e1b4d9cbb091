"""What every request costs before its page: nothing for a request that needs nothing."""

import re

from alumni.extensions import db
from tests.auth_helpers import log_in
from tests.support.queries import count_queries


def statements_of(app, client, url: str, **headers) -> tuple[list[str], object]:
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = client.get(url, headers=headers)
    return statements, response


def test_the_health_check_reads_nothing_and_starts_no_session(app, client):
    statements, response = statements_of(app, client, "/healthz", **{"Accept-Language": "ja"})
    assert response.status_code == 200 and response.get_data() == b"ok"
    assert statements == []  # no content version, no user, no locale
    assert "Set-Cookie" not in response.headers and "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"  # its own, not a page's
    assert "Content-Language" not in response.headers  # no locale was selected for it
    # What every response carries stays on this one too.
    assert len(response.headers["X-Request-Id"]) == 16
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_logged_in_persons_health_check_still_knows_them(app, client, people):
    """A session cookie is read when one is sent: its pages stay out of every cache."""
    log_in(client, people["staff"].email)
    statements, response = statements_of(app, client, "/healthz")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert any("user_session" in statement for statement in statements)


def test_a_public_page_reads_the_content_version_once(app, client):
    statements, response = statements_of(app, client, "/societies/", **{"Accept-Language": "en"})
    assert response.status_code == 200 and response.headers["ETag"]
    assert sum("content_version" in statement for statement in statements) == 1


def test_a_logged_in_page_reads_its_user_and_memberships_once(app, client, people):
    """The commit after the view expires the user; the response's headers must not read it
    (and its memberships) again to know that someone is logged in."""
    log_in(client, people["staff"].email)
    statements, response = statements_of(app, client, "/staff/users/")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert not [s for s in statements if re.search(r'WHERE "?user"?\.id = ', s)]
    # The staff's memberships come with the session and the user, in one statement.
    assert sum(re.search(r"(FROM|JOIN) membership\b", s) is not None for s in statements) == 2
