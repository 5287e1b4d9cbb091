"""The migrations build exactly the models' schema, and downgrade back to nothing."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from alumni import create_app
from alumni.extensions import db
from tests.conftest import base_config
from tests.events_helpers import make_event


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    server.execute('CREATE DATABASE "migrations_test"')
    yield server.url("migrations_test")
    server.execute('DROP DATABASE "migrations_test" WITH (FORCE)')


def test_upgrade_matches_models_and_downgrade_removes_everything(empty_database_url):
    app = create_app(base_config(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "society" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_the_lead_host_survives_moving_between_event_host_and_event(app):
    """0008 moves the lead host onto the event; its SQLite table copies must not cascade."""
    make_event(app, "PE-PERU", ["IN-KERALA"], titles={"en": "Led by Peru"})
    leads = "SELECT s.code FROM event_host h JOIN society s ON s.id = h.society_id "
    with app.app_context():
        downgrade(revision="0007")
        with db.engine.connect() as connection:
            assert connection.execute(text(leads + "WHERE h.is_lead")).scalars().all() == [
                "PE-PERU"
            ]
        upgrade()
        with db.engine.connect() as connection:
            lead = "SELECT s.code FROM event e JOIN society s ON s.id = e.lead_society_id"
            assert connection.execute(text(lead)).scalars().all() == ["PE-PERU"]
            assert sorted(connection.execute(text(leads)).scalars()) == ["IN-KERALA", "PE-PERU"]
            assert connection.execute(text("SELECT title FROM event_text")).scalars().all() == [
                "Led by Peru"
            ]
        db.engine.dispose()
