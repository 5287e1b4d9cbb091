"""The migrations build exactly the models' schema, and downgrade back to nothing."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from alumni import create_app
from alumni.extensions import db
from tests.conftest import base_config


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
