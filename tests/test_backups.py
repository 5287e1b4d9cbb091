"""Backups restore: back up, destroy, restore through `flask restore`, and everything is back.

Each test runs on SQLite (the online backup API) and on PostgreSQL (pg_dump / pg_restore).
"""

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.exc import DatabaseError

from alumni.common import backups
from alumni.extensions import db
from alumni.fund.models import LedgerEntry
from alumni.reports.models import SummaryVersion
from alumni.societies.models import Society
from alumni.tasks import SCHEDULE, tasks_for
from tests.auth_helpers import log_in_as
from tests.helpers import page_text


def state(app) -> tuple[int, dict[str, int], list]:
    """The ledger sum, every table's row count and the published summaries' stored content."""
    with app.app_context():
        ledger = db.session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount), 0)))
        names = sorted(inspect(db.engine).get_table_names())
        counts = {n: db.session.scalar(select(func.count()).select_from(table(n))) for n in names}
        versions = db.session.scalars(select(SummaryVersion).order_by(SummaryVersion.id))
        published = [(v.number, v.published_at, v.snapshot) for v in versions]
        db.session.remove()
        db.engine.dispose()
    return ledger, counts, published


def back_up(app, runner) -> Path:
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    path = Path(result.output.split("Backup written: ")[1].split("\n")[0])
    assert path.is_file() and Path(f"{path}.json").is_file()
    return path


def destroy(app) -> None:
    """SQLite: the live file overwritten with garbage; PostgreSQL: the public schema dropped."""
    with app.app_context():
        db.engine.dispose()
        if db.engine.url.get_backend_name() == "sqlite":
            Path(db.engine.url.database).write_bytes(os.urandom(64 * 1024))
        else:
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()


def society_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Society))
        db.session.remove()
        return count


def test_restore_drill_brings_back_the_ledger_the_rows_and_a_published_summary(app, runner):
    seeded = runner.invoke(args=["seed", "--examples"])
    assert seeded.exit_code == 0, seeded.output
    before = state(app)
    ledger, counts, published = before
    assert ledger > 0 and counts["ledger_entry"] > 0 and counts["event"] > 0 and published
    path = back_up(app, runner)
    manifest = json.loads(Path(f"{path}.json").read_text())
    assert manifest["row_counts"] == counts and manifest["alembic_revision"]

    destroy(app)
    with pytest.raises(DatabaseError), app.app_context():
        try:
            db.session.scalar(select(func.count()).select_from(LedgerEntry))
        finally:
            db.session.remove()
            db.engine.dispose()

    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Restored {path.name}" in result.output
    assert "flask db upgrade" not in result.output  # same revision as the code
    assert state(app) == before


def test_a_corrupted_backup_is_refused_and_the_database_is_unchanged(app, runner):
    path = back_up(app, runner)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with app.app_context():
        db.session.delete(db.session.scalars(select(Society)).first())
        db.session.commit()
    before = state(app)

    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code != 0
    assert "checksum does not match the manifest" in result.output
    assert state(app) == before

    listing = runner.invoke(args=["backup", "--list"])
    assert f"{path.name}" in listing.output and "NOT GOOD: the checksum" in listing.output


def test_a_backup_without_manifest_or_from_newer_code_is_refused(app, runner):
    path = back_up(app, runner)
    manifest = Path(f"{path}.json")
    content = json.loads(manifest.read_text())
    content["alembic_revision"] = "9999_from_the_future"
    manifest.write_text(json.dumps(content))
    before = society_count(app)
    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code != 0 and "newer than this code" in result.output

    manifest.unlink()
    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code != 0 and "has no manifest" in result.output
    assert society_count(app) == before


def test_restore_asks_first_and_a_no_changes_nothing(app, runner):
    path = back_up(app, runner)
    with app.app_context():
        db.session.delete(db.session.scalars(select(Society)).first())
        db.session.commit()
    before = society_count(app)
    result = runner.invoke(args=["restore", str(path)], input="n\n")
    assert result.exit_code != 0 and "Replace the whole database" in result.output
    assert society_count(app) == before
    result = runner.invoke(args=["restore", str(path)], input="y\n")
    assert result.exit_code == 0, result.output
    assert society_count(app) == before + 1


def test_restoring_an_older_schema_says_to_upgrade(app, runner):
    with app.app_context():
        downgrade(revision="-1")
        older = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        db.session.remove()
        db.engine.dispose()
    path = back_up(app, runner)
    assert json.loads(Path(f"{path}.json").read_text())["alembic_revision"] == older
    with app.app_context():
        upgrade()
        db.engine.dispose()
    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    assert "run `flask db upgrade` now" in result.output
    with app.app_context():
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == older
        db.session.remove()
        upgrade()
        db.engine.dispose()


def test_retention_keeps_the_newest_and_leaves_unfinished_files_alone(app, runner):
    app.config["BACKUP_KEEP"] = 2
    made = [back_up(app, runner) for _ in range(3)]
    folder = made[0].parent
    unfinished = folder / "alumni-20000101T000000Z-0000.sqlite3"
    unfinished.write_bytes(b"no manifest: never good, never removed")
    made.append(back_up(app, runner))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [unfinished.name, *(p.name for p in made[2:]), *(f"{p.name}.json" for p in made[2:])]
    )
    listing = runner.invoke(args=["backup", "--list"]).output.splitlines()
    assert [line.split()[1] for line in listing] == [made[3].name, made[2].name]
    assert all(line.endswith("good") for line in listing)


def test_a_failing_backup_leaves_no_file_and_says_why(app, runner, tmp_path):
    """SQLite: a damaged live file cannot be backed up; PostgreSQL: pg_dump is not there."""
    app.config["BACKUP_DIR"] = str(tmp_path / "backups")
    app.config["PG_BIN_DIR"] = str(tmp_path / "no-postgresql-here")
    with app.app_context():
        sqlite = db.engine.url.get_backend_name() == "sqlite"
    if sqlite:
        destroy(app)
    result = runner.invoke(args=["backup"])
    assert result.exit_code != 0
    if sqlite:
        assert "the SQLite backup failed: file is not a database" in result.output
    else:
        assert "pg_dump could not be run: [Errno 2] No such file or directory" in result.output
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_restore_while_the_site_holds_a_lock_changes_nothing_and_says_why(
    app, runner, monkeypatch
):
    """The restore is one transaction: when it cannot take a table, all of it rolls back."""
    monkeypatch.setattr(backups, "RESTORE_LOCK_TIMEOUT", "300ms")
    path = back_up(app, runner)
    with app.app_context():
        db.session.delete(db.session.scalars(select(Society)).first())
        db.session.commit()
        db.session.remove()
    before = state(app)
    with app.app_context():
        site_engine = create_engine(db.engine.url)  # the site, still running: its own pool
    try:
        with site_engine.connect() as site, site.begin():
            site.execute(text("SELECT count(*) FROM society"))  # a request in progress
            result = runner.invoke(args=["restore", "--yes", str(path)])
    finally:
        site_engine.dispose()
    assert result.exit_code != 0
    assert "the restore was rolled back:" in result.output and "lock timeout" in result.output
    assert state(app) == before


def test_the_schedule_backs_up_daily_at_two_utc(app):
    schedule, _function = SCHEDULE["backup"]
    assert schedule(datetime(2025, 1, 1, 2, 0)) and not schedule(datetime(2025, 1, 1, 3, 0))
    name = tasks_for(app).backup.call_local()
    with app.app_context():
        [backup] = backups.list_backups()
        assert backup.path.name == name and backup.problem() is None


def test_staff_pages_show_the_last_good_backup_or_a_warning(app, client, runner, people):
    log_in_as(client, people["staff"])
    for url in ("/staff/health", "/my/"):
        text_ = page_text(client.get(url))
        assert "No backup in the last 2 days." in text_ and "Last good backup" not in text_
    path = back_up(app, runner)
    for url in ("/staff/health", "/my/"):
        text_ = page_text(client.get(url))
        assert "No backup in the last 2 days." not in text_
        assert "Last good backup: " in text_ and (" kB)" in text_ or " MB)" in text_)
    client.post("/language", data={"lang": "ja"})
    assert "最新の正常なバックアップ" in page_text(client.get("/staff/health"))
    # A backup older than two days warns again, and still says when the last one was.
    manifest = Path(f"{path}.json")
    content = json.loads(manifest.read_text())
    content["created_at"] = "2020-01-02T03:04:05Z"
    manifest.write_text(json.dumps(content))
    client.post("/language", data={"lang": "en"})
    text_ = page_text(client.get("/staff/health"))
    assert "No backup in the last 2 days." in text_ and "Last good backup: Jan 2, 2020" in text_
