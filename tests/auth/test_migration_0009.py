"""0009 fills user.email_normalized from the stored addresses and stops on clashes."""

import unicodedata

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from alumni.extensions import db

INSERT = text(
    'INSERT INTO "user" (email, name, language, credentials_version, must_change_password, '
    "is_admin, is_staff, is_committee, created_at) "
    "VALUES (:email, 'Someone', 'en', 0, false, false, false, false, CURRENT_TIMESTAMP)"
)


def _insert(*emails) -> None:
    with db.engine.begin() as connection:
        for email in emails:
            connection.execute(INSERT, {"email": email})


def _user_columns() -> set[str]:
    return {column["name"] for column in inspect(db.engine).get_columns("user")}


def test_upgrade_fills_the_compared_form_of_existing_addresses(app):
    with app.app_context():
        downgrade(revision="0008")
        assert "email_normalized" not in _user_columns()
        _insert("Ana@Example.org", unicodedata.normalize("NFD", "rosa@BÜCHER.example"))
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text('SELECT email_normalized FROM "user" ORDER BY id')
            ).scalars()
            assert list(rows) == ["ana@example.org", "rosa@xn--bcher-kva.example"]
        downgrade(revision="0008")
        assert "email_normalized" not in _user_columns()
        db.engine.dispose()


def test_upgrade_names_accounts_it_cannot_merge_and_changes_nothing(app, capfd):
    with app.app_context():
        downgrade(revision="0008")
        _insert("ana@example.org", "ANA@example.org", "kenji@example.org")
        with pytest.raises(SystemExit):  # Flask-Migrate logs the RuntimeError, exits 1
            upgrade()
        errors = capfd.readouterr().err
        assert "#1 'ana@example.org' = #2 'ANA@example.org'" in errors
        assert "kenji" not in errors
        assert "email_normalized" not in _user_columns()
        with db.engine.connect() as connection:
            assert (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
                == "0008"
            )
        db.engine.dispose()
