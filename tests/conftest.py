"""Fixtures in the flaskr shape (app, client, runner), run on SQLite and on PostgreSQL.

Each test gets a fresh database: a copy of a template that was built once per run by applying
the migrations and loading the reference data, exactly as `make run` does. Both kinds live in
memory where the machine has room (tests/support/memory.py), which makes the copies and the
commits cheap without changing what either database does. A second template per backend
also holds the people of the permission matrix, for the tests that ask for `people`.

What every test's fresh application would otherwise compile again, its URL builders and its
templates, is compiled once per run and shared (tests/support/routing.py, templates.py);
tests/test_shared_caches.py proves the shared code is what each app would have compiled.
"""

import copy
import gc
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from alumni import create_app
from alumni.auth.models import User
from alumni.cli import load_reference_data
from alumni.extensions import db
from tests.auth_helpers import Person, make_people
from tests.support import routing
from tests.support.memory import make_temp_dir
from tests.support.postgres import PostgresServer, PostgresUnavailable
from tests.support.redis_server import RedisServer, RedisUnavailable
from tests.support.smtp import SmtpServer
from tests.support.templates import share_compiled_templates

BACKENDS = ["sqlite", "postgresql"]
PEOPLE = pytest.StashKey[dict]()

routing.install()  # each test builds an app: compile the URL builders of its rules once


def pytest_collection_finish(session):
    """Leave what the imports and the collection built out of every later garbage collection.

    Those objects (modules, classes, the collected tests) live until the end of the run, yet
    each full collection walked all of them again: with them frozen, the tests' own garbage
    is collected as before, on the default thresholds, at a fraction of the cost."""
    gc.collect()
    gc.freeze()


def base_config(database_url: str, smtp_port: int | None = None) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "TRUSTED_HOSTS": ["localhost", "127.0.0.1"],
        "PUBLIC_URL": "http://localhost",
        "MAIL_SERVER": "127.0.0.1" if smtp_port else "",
        "MAIL_PORT": smtp_port or 25,
        "MAIL_DEFAULT_SENDER": "noreply@aots-alumni.test",
        # The mail tests check what arrived: deliver right after the commit, in the request.
        # tests/test_outbox.py runs the production path, a worker process, as well.
        "MAIL_DELIVERY": "after_commit",
    }


def build_template(database_url: str) -> None:
    """Migrate and seed a database, as `make run` does, then release its connections."""
    app = create_app(base_config(database_url))
    with app.app_context():
        upgrade()
        load_reference_data()
        db.session.commit()
        db.engine.dispose()


def add_people(database_url: str) -> dict[str, Person]:
    """Store make_people's users in a template, as each test asking for `people` did."""
    app = create_app(base_config(database_url))
    people = make_people(app)
    with app.app_context():
        db.engine.dispose()
    return people


@pytest.fixture(scope="session")
def sqlite_dir():
    """The run's folder for SQLite files, removed at the end (it may be RAM)."""
    path = make_temp_dir("alumni-sqlite-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def sqlite_template(sqlite_dir):
    path = sqlite_dir / "template.sqlite3"
    build_template(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def sqlite_people_template(sqlite_dir, sqlite_template):
    """The template plus a person per role (make_people), and who they are."""
    path = sqlite_dir / "template-people.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return path, add_people(f"sqlite:///{path}")


@contextmanager
def _sqlite_copy_of(sqlite_dir: Path, template: Path):
    folder = Path(tempfile.mkdtemp(dir=sqlite_dir))
    path = folder / "alumni.sqlite3"
    shutil.copyfile(template, path)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def sqlite_copy(sqlite_dir, sqlite_template):
    """A file copy of the SQLite template for one test, removed after it."""
    with _sqlite_copy_of(sqlite_dir, sqlite_template) as path:
        yield path


@pytest.fixture
def sqlite_people_copy(sqlite_dir, sqlite_people_template):
    """A file copy of the template with people, for one test; yields (path, people)."""
    template, people = sqlite_people_template
    with _sqlite_copy_of(sqlite_dir, template) as path:
        yield path, copy.deepcopy(people)


@pytest.fixture(scope="session")
def postgres_server():
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL part of the suite skipped: {reason}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    """Started by the first test that needs it; a missing redis-server fails that test."""
    try:
        server = RedisServer().start()
    except RedisUnavailable as reason:
        pytest.fail(f"the Redis tests need a Redis server: {reason}")
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The Redis server, emptied for this test."""
    with redis_server.client() as client:
        client.flushdb()
    return redis_server.url


@pytest.fixture(scope="session")
def postgres_template(postgres_server):
    postgres_server.execute("CREATE DATABASE template_alumni")
    build_template(postgres_server.url("template_alumni"))
    return "template_alumni"


@pytest.fixture(scope="session")
def postgres_people_template(postgres_server, postgres_template):
    """The template plus a person per role (make_people), and who they are."""
    name = "template_alumni_people"
    postgres_server.execute(
        f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}" STRATEGY FILE_COPY'
    )
    return name, add_people(postgres_server.url(name))


@pytest.fixture(params=BACKENDS)
def database_url(request):
    """A fresh database for one test. A test that asks for `people` gets a copy of a template
    that already holds them: the rows make_people would store (same ids, next ids, content
    version), made once per run instead of once per test."""
    with_people = "people" in request.fixturenames
    if request.param == "sqlite":
        if with_people:
            path, request.node.stash[PEOPLE] = request.getfixturevalue("sqlite_people_copy")
            yield f"sqlite:///{path}"
        else:
            yield f"sqlite:///{request.getfixturevalue('sqlite_copy')}"
        return
    server = request.getfixturevalue("postgres_server")
    if with_people:
        template, people = request.getfixturevalue("postgres_people_template")
        request.node.stash[PEOPLE] = copy.deepcopy(people)
    else:
        template = request.getfixturevalue("postgres_template")
    name = f"test_{uuid.uuid4().hex[:16]}"
    # FILE_COPY copies the template's folder in one go; PG15's default, WAL_LOG, reads and logs
    # it page by page, which is meant for big templates and is slower for this small one.
    server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    yield server.url(name)
    server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server):
    """The test SMTP server, emptied for this test."""
    smtp_server.clear()
    return smtp_server


def _app(database_url, smtp_server, tmp_path, config=None):
    app = create_app(base_config(database_url, smtp_server.port) | (config or {}))
    app.instance_path = str(tmp_path / "instance")
    share_compiled_templates(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(database_url, smtp_server, tmp_path):
    yield from _app(database_url, smtp_server, tmp_path)


@pytest.fixture
def guarded_app(database_url, smtp_server, tmp_path):
    """With CSRF protection on, as in production (the other apps leave it off)."""
    yield from _app(database_url, smtp_server, tmp_path, {"WTF_CSRF_ENABLED": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def people(request, app):
    """A person for each role of the permission matrix, already in this test's database."""
    people = request.node.stash[PEOPLE]
    with app.app_context():
        stored = {(user.id, user.email) for user in db.session.scalars(select(User))}
    assert {(p.id, p.email) for p in people.values() if p.id} <= stored
    return people


@pytest.fixture
def live_site(tmp_path, sqlite_people_copy, smtp):
    """The app over real HTTP on loopback, CSRF on, a person per role: for browser journeys."""
    from types import SimpleNamespace

    from tests.support.live_server import LiveServer

    path, people = sqlite_people_copy
    config = base_config(f"sqlite:///{path}", smtp.port) | {"WTF_CSRF_ENABLED": True}
    app = create_app(config)
    app.instance_path = str(tmp_path / "instance")
    share_compiled_templates(app)
    with LiveServer(app) as server:
        app.config["PUBLIC_URL"] = server.url
        yield SimpleNamespace(url=server.url, people=people, app=app)
