"""Connections the database dropped, and the round trips a public page costs on PostgreSQL.

A pooled connection may be dead when a request takes it (PostgreSQL restarted, a connection
killed by pg_terminate_backend, an idle timeout): the next request must still get its page,
never a 500. And the content version, read on every public page, is one round trip: no ping,
no BEGIN and ROLLBACK around it, and the page's session is not pinged after it either.
PostgreSQL only: SQLite's file has no server at the other end to drop a connection.
"""

from pathlib import Path

import pytest
from sqlalchemy import text

from alumni.extensions import db
from tests.auth_helpers import log_in_as

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

PAGE = "/societies/PE-PERU"


def fill_the_pool(app, count: int = 3) -> None:
    """COUNT connections in the app's pool, as a worker that served requests at once has."""
    with app.app_context():
        held = [db.engine.connect() for _ in range(count)]
        for connection in held:
            connection.execute(text("SELECT 1"))
        for connection in held:
            connection.close()


def kill_connections(app, postgres_server) -> None:
    """End every server process of this test's database, as a restart would."""
    with app.app_context():
        name = db.engine.url.database
    postgres_server.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


def test_an_unchanged_page_is_answered_304_after_the_connections_were_killed(
    app, client, postgres_server
):
    etag = client.get(PAGE).headers["ETag"]
    fill_the_pool(app)
    kill_connections(app, postgres_server)
    for _ in range(4):  # each killed connection of the pool is met once
        assert client.get(PAGE, headers={"If-None-Match": etag}).status_code == 304


def test_a_page_drawn_anew_is_served_after_the_connections_were_killed(
    app, client, postgres_server
):
    client.get("/")
    fill_the_pool(app)
    kill_connections(app, postgres_server)
    for path in (PAGE, "/societies/", "/events/", "/wnf/"):  # not yet in the page cache
        response = client.get(path)
        assert response.status_code == 200
        assert b"<html" in response.data


def test_a_logged_in_page_is_served_after_the_connections_were_killed(
    app, client, people, postgres_server
):
    log_in_as(client, people["staff"])
    assert client.get("/my/").status_code == 200
    fill_the_pool(app)
    kill_connections(app, postgres_server)
    for _ in range(4):
        assert client.get("/my/").status_code == 200


@pytest.fixture
def statements(app, postgres_server):
    """What the server was sent, statement by statement, during the block it guards."""
    with app.app_context():
        name = db.engine.url.database
        db.engine.dispose()  # new connections: they read the setting below
    postgres_server.execute(f"ALTER DATABASE \"{name}\" SET log_statement = 'all'")
    log = Path(postgres_server.dir) / "log"

    class Recorder:
        def __enter__(self):
            self.start = log.stat().st_size
            self.sent = []
            return self.sent

        def __exit__(self, *exc):
            with log.open(errors="replace") as file:
                file.seek(self.start)
                for line in file:
                    if "LOG:  statement: " in line or "LOG:  execute " in line:
                        self.sent.append(line.split(": ", 2)[-1].strip())

    return Recorder()


def test_an_unchanged_page_costs_one_statement_at_the_server(client, statements):
    etag = client.get(PAGE).headers["ETag"]
    client.get(PAGE, headers={"If-None-Match": etag})
    with statements as sent:
        assert client.get(PAGE, headers={"If-None-Match": etag}).status_code == 304
    assert sent == ["SELECT content_version FROM site_state WHERE id = 1"]


def test_a_page_drawn_anew_is_not_pinged_after_its_content_version(client, statements):
    client.get("/")
    with statements as sent:
        assert client.get(PAGE).status_code == 200
    assert sent[0] == "SELECT content_version FROM site_state WHERE id = 1"
    assert sent[1] == "BEGIN" and sent[-1] == "ROLLBACK"
    assert ";" not in sent  # psycopg's ping
