"""The database enforces integrity on both backends."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from alumni.extensions import db


def test_sqlite_runs_with_integrity_pragmas(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            assert db.engine.dialect.name == "postgresql"
            return
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO society (code, country_code, region_code, city, status, record_status, "
        "original_language, website, source, note) VALUES "
        "('ZZ-1', 'QQ', 'asia', '', 'active', 'confirmed', 'en', '', '', '')",
        "INSERT INTO society (code, country_code, region_code, city, status, record_status, "
        "original_language, website, source, note) VALUES "
        "('ZZ-2', 'PE', 'asia', '', 'sleeping', 'confirmed', 'en', '', '', '')",
        "UPDATE society SET founded_year = 1066 WHERE code = 'PE-PERU'",
        "INSERT INTO published_count (as_of, societies, countries, source) "
        "VALUES ('2024-03-31', 1, 1, '')",
    ],
)
def test_constraints_refuse_bad_rows(app, statement):
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(text(statement))
            db.session.flush()
        db.session.rollback()
