"""The migrations build exactly the models' schema, and downgrade back to nothing."""

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from alumni import create_app
from alumni.extensions import db
from tests.conftest import base_config
from tests.events_helpers import make_event
from tests.helpers import get_as, page_text


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


def test_fiscal_year_tables_survive_0017_down_and_up(app):
    """0017 moves today's rows (fiscal-year tables) into programme_table and back."""
    from alumni.reports import programme_table, table_import, table_services
    from alumni.reports.models import PeriodKind
    from alumni.reports.periods import Period
    from tests.robustness.recipes import PROGRAMME_TABLE

    year = Period(PeriodKind.FISCAL_YEAR, 2021, 2021)
    with app.app_context():
        table_services.write(table_import.read(PROGRAMME_TABLE, year), dash_for_zero=False)
        cumulative = Period(PeriodKind.CUMULATIVE, 1959, 2021)
        table_services.write(
            table_import.read(
                PROGRAMME_TABLE.replace(b"2021,", b"1959-2021 cumulative,"), cumulative
            ),
            dash_for_zero=False,
        )
        db.session.commit()
        before = programme_table.table(programme_table.find(year))["totals"]
        db.session.remove()  # its read would hold a lock the downgrade's DROP waits for
        downgrade(revision="0016")
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT fiscal_year, COUNT(*) FROM programme_count GROUP BY fiscal_year")
            ).all()
        assert [tuple(r) for r in rows] == [(2021, 35)]  # the cumulative table is not kept
        upgrade()
        db.session.remove()
        assert programme_table.table(programme_table.find(year))["totals"] == before
        assert programme_table.find(cumulative) is None
        db.session.remove()
        db.engine.dispose()


def test_report_lines_and_review_statuses_survive_0019_down_and_up(app):
    """0019: a report filed as one total becomes one "other" line in yen at rate 1; the
    downgrade turns the review's statuses back into the old ones, in the history too."""
    from alumni.grants.models import GrantStatus
    from tests.grants_helpers import make_grant

    grant_id = make_grant(app, status=GrantStatus.REPORT_ACCEPTED, amount=300_000)
    returned_id = make_grant(app, status=GrantStatus.REPORT_RETURNED, amount=100_000)
    with app.app_context():
        db.session.execute(text("UPDATE grant_application SET actual_expenses = 250000"))
        db.session.execute(
            text(
                "INSERT INTO grant_transition (grant_id, at, actor_label, from_status, to_status,"
                " comment) VALUES (:g, '2026-01-01 10:00:00', 'x', 'reported', "
                "'report_accepted', 'Fine')"
            ).bindparams(g=grant_id)
        )
        db.session.commit()
        db.session.remove()
        downgrade(revision="0017")
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, status, actual_expenses FROM grant_application ORDER BY id")
            ).all()
            moves = connection.execute(text("SELECT to_status FROM grant_transition")).all()
        assert [tuple(r) for r in rows] == [
            (grant_id, "reported", 250_000),
            (returned_id, "disbursed", 250_000),
        ]
        assert [tuple(m) for m in moves] == [("reported",)]
        upgrade()
        with db.engine.connect() as connection:
            lines = connection.execute(
                text(
                    "SELECT grant_id, position, budget_line_id, currency, amount, rate, "
                    "amount_yen FROM report_line ORDER BY grant_id"
                )
            ).all()
        assert [(g, p, b, c, float(a), float(r), y) for g, p, b, c, a, r, y in lines] == [
            (grant_id, 1, None, "JPY", 250_000.0, 1.0, 250_000),
            (returned_id, 1, None, "JPY", 250_000.0, 1.0, 250_000),
        ]
        db.session.remove()
        db.engine.dispose()


def test_0024_gives_each_host_row_its_events_first_day(app):
    """0024 copies each event's start date onto its host rows, then lists read them."""
    older = make_event(
        app, "PE-PERU", ["IN-KERALA"], titles={"en": "Older"}, start=date(2021, 5, 3)
    )
    newer = make_event(app, "IN-KERALA", titles={"en": "Newer"}, start=date(2024, 1, 9))
    hosts = "SELECT event_id, start_date FROM event_host ORDER BY id"
    with app.app_context():
        db.session.remove()
        downgrade(revision="0023")
        assert "start_date" not in {c["name"] for c in inspect(db.engine).get_columns("event_host")}
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(text(hosts)).all()
        assert [(e, str(d)) for e, d in rows] == [
            (older, "2021-05-03"),
            (older, "2021-05-03"),
            (newer, "2024-01-09"),
        ]
        db.engine.dispose()
    listed = page_text(get_as(app.test_client(), "/events/?society=IN-KERALA", "en"))
    assert listed.index("Newer") < listed.index("Older")
