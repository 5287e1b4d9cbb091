"""Backups that restore: SQLite's online backup API or pg_dump, each file beside a manifest.

A backup is two files in BACKUP_DIR: the data (`alumni-<UTC time>-<random>.sqlite3|.dump`) and
`<that name>.json`, its manifest (sha256, bytes, backend, created_at, alembic revision, row
count per table). The data is written to a temporary name and renamed, the manifest is written
last the same way, so a backup without a manifest is unfinished, never "good", and two workers
backing up at once each write their own pair. Retention removes only pairs with a manifest,
older than the BACKUP_KEEP newest, and only after a new backup succeeded.
"""

import glob
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from babel.units import format_unit
from flask import current_app
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from sqlalchemy import inspect, text

from alumni import tasks
from alumni.common.time import utcnow
from alumni.db import db

STALE_AFTER = timedelta(days=2)
EXTENSIONS = {"sqlite": "sqlite3", "postgresql": "dump"}


class BackupError(Exception):
    """A backup or a restore was not made; the message says why, and nothing was changed."""


@dataclass
class Backup:
    path: Path  # the data file; its manifest is path + ".json"
    manifest: dict

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self.manifest["created_at"]).replace(tzinfo=None)

    @property
    def size(self) -> int:
        return self.manifest["bytes"]

    def problem(self) -> str | None:
        """Why this backup cannot be trusted (its file is hashed), or None when it is good."""
        if not self.path.is_file():
            return "the data file is missing"
        if sha256_of(self.path) != self.manifest.get("sha256"):
            return "the checksum does not match the manifest"
        return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_dir() -> Path:
    """BACKUP_DIR, else instance/backups; created readable by the site's user only."""
    folder = Path(
        current_app.config.get("BACKUP_DIR") or Path(current_app.instance_path) / "backups"
    )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _backend() -> str:
    name = db.engine.url.get_backend_name()
    if name not in EXTENSIONS:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {name}")
    return name


# The backup --------------------------------------------------------------------------------


def create_backup() -> Backup:
    """Back the database up into BACKUP_DIR, write its manifest, then apply the retention."""
    backend = _backend()
    folder = backup_dir()
    stamp = utcnow()
    name = f"alumni-{stamp:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}.{EXTENSIONS[backend]}"
    final, partial = folder / name, folder / f".{name}.partial"
    try:
        dump = _dump_sqlite if backend == "sqlite" else _dump_postgresql
        revision, counts = dump(partial)
        partial.chmod(0o600)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    manifest = {
        "file": name,
        "sha256": sha256_of(final),
        "bytes": final.stat().st_size,
        "backend": backend,
        "created_at": stamp.isoformat() + "Z",
        "alembic_revision": revision,
        "row_counts": counts,
    }
    _write_manifest(final, manifest)
    prune(current_app.config["BACKUP_KEEP"])
    return Backup(final, manifest)


def _write_manifest(data: Path, manifest: dict) -> None:
    partial = data.with_name(f".{data.name}.json.partial")
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    partial.chmod(0o600)
    os.replace(partial, manifest_path(data))


def manifest_path(data: Path) -> Path:
    return data.with_name(data.name + ".json")


def _live_sqlite_path() -> str:
    path = db.engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return path


def _dump_sqlite(target: Path) -> tuple[str | None, dict[str, int]]:
    """The online backup API: a consistent copy even while the site writes (never cp)."""
    source = sqlite3.connect(_live_sqlite_path())
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # A self-contained file: no -wal or -shm beside it when it is read or restored.
        copy.execute("PRAGMA journal_mode=DELETE")
        return _revision_and_counts(copy)
    except sqlite3.Error as error:
        raise BackupError(f"the SQLite backup failed: {error}") from None
    finally:
        copy.close()
        source.close()


def _revision_and_counts(connection: sqlite3.Connection) -> tuple[str | None, dict[str, int]]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    counts = {n: connection.execute(_count_sql(n)).fetchone()[0] for n in names}
    revision = None
    if "alembic_version" in names:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    return revision, dict(sorted(counts.items()))


def _count_sql(name: str) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return f"SELECT count(*) FROM {quoted}"  # noqa: S608 (a table name the database listed)


def _dump_postgresql(target: Path) -> tuple[str | None, dict[str, int]]:
    """pg_dump of the snapshot the row counts were read in, so the manifest matches the file."""
    engine = db.engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as connection, connection.begin():
        snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
        names = sorted(inspect(connection).get_table_names())
        counts = {n: connection.scalar(text(_count_sql(n))) for n in names}
        revision = None
        if "alembic_version" in names:
            revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
        # The transaction stays open until pg_dump has taken its snapshot over.
        _run_pg(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-acl",
            f"--snapshot={snapshot}",
            f"--file={target}",
        )
    return revision, counts


def _pg_binary(name: str) -> str:
    """PG_BIN_DIR's NAME, else NAME on PATH, else the newest /usr/lib/postgresql/*/bin/NAME."""
    if current_app.config.get("PG_BIN_DIR"):
        return str(Path(current_app.config["PG_BIN_DIR"]) / name)
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: [int(p) if p.isdigit() else 0 for p in Path(path).parts[-3].split(".")],
    )
    if not installed:
        raise BackupError(f"{name} was not found (set PG_BIN_DIR or install PostgreSQL's client)")
    return installed[-1]


def _pg_connection() -> tuple[dict, str]:
    """The environment and libpq address for the database; the password goes in PGPASSWORD."""
    url = db.engine.url
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    address = url.set(drivername="postgresql", password=None).render_as_string(False)
    return environment, f"--dbname={address}"


def _run_pg(program: str, *args: str) -> None:
    """Run pg_dump on the database; a failure raises BackupError with pg_dump's own reason."""
    environment, address = _pg_connection()
    command = [_pg_binary(program), *args, address]
    try:
        # A list of arguments, no shell; the program is the configured or installed pg binary.
        done = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    except OSError as error:
        raise BackupError(f"{program} could not be run: {error}") from None
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {_reason(done.stderr) or done.returncode}")


def _reason(stderr: str) -> str:
    """The first error pg_dump or pg_restore reported, with its DETAIL line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    first = next((i for i, line in enumerate(lines) if "error:" in line.lower()), 0)
    return " ".join(lines[first : first + 2])


# Listing and retention ----------------------------------------------------------------------


def list_backups() -> list[Backup]:
    """Every backup with a readable manifest, newest first (nothing is hashed here)."""
    found = []
    for path in backup_dir().glob("*.json"):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            datetime.fromisoformat(manifest["created_at"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not one of ours, or unreadable: never good, never pruned
        found.append(Backup(path.with_name(path.name.removesuffix(".json")), manifest))
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def prune(keep: int) -> list[Path]:
    """Remove the backups older than the KEEP newest (only those with a manifest)."""
    removed = []
    for old in list_backups()[max(keep, 1) :]:
        old.path.unlink(missing_ok=True)
        manifest_path(old.path).unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def last_good() -> Backup | None:
    """The newest backup whose file is there with its manifest's size (cheap: no hashing)."""
    for backup in list_backups():
        if backup.path.is_file() and backup.path.stat().st_size == backup.size:
            return backup
    return None


# The restore --------------------------------------------------------------------------------


def _scripts():
    """The migrations' scripts. Alembic is imported here, for a restore: with Mako it is
    megabytes a web worker would otherwise hold for nothing."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(current_app.extensions["migrate"].directory)


def check_restorable(file: Path) -> Backup:
    """The backup in FILE, if its manifest and checksum hold and this code knows its revision."""
    file = Path(file)
    if file.name.endswith(".json"):
        file = file.with_name(file.name.removesuffix(".json"))
    manifest = manifest_path(file)
    if not manifest.is_file():
        raise BackupError(
            f"refused: {file.name} has no manifest ({manifest.name}), it is unfinished"
        )
    try:
        backup = Backup(file, json.loads(manifest.read_text(encoding="utf-8")))
    except ValueError:
        raise BackupError(f"refused: the manifest {manifest.name} is not readable") from None
    problem = backup.problem()
    if problem:
        raise BackupError(f"refused: {problem}; nothing was restored")
    if backup.manifest.get("backend") != _backend():
        raise BackupError(f"refused: a {backup.manifest.get('backend')} backup, not {_backend()}")
    revision = backup.manifest.get("alembic_revision")
    from alembic.util import CommandError

    try:
        if revision is not None and _scripts().get_revision(revision) is None:
            raise CommandError(revision)
    except CommandError:
        raise BackupError(
            f"refused: the backup's schema revision {revision} is newer than this code's "
            f"({_scripts().get_current_head()}); restore it with the code it was made with"
        ) from None
    return backup


def needs_upgrade(backup: Backup) -> bool:
    """True when the backup's schema is older than the code's head (run `flask db upgrade`)."""
    return backup.manifest.get("alembic_revision") != _scripts().get_current_head()


def restore_backup(backup: Backup) -> None:
    """Replace the live database with BACKUP (checked by check_restorable first)."""
    db.session.remove()
    db.engine.dispose()  # no pooled connection keeps the old database open
    try:
        if _backend() == "sqlite":
            _restore_sqlite(backup.path)
        else:
            _restore_postgresql(backup.path)
    finally:
        db.engine.dispose()


def _restore_sqlite(file: Path) -> None:
    live = Path(_live_sqlite_path())
    live.parent.mkdir(parents=True, exist_ok=True)
    _set_aside_if_damaged(live)
    source = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(live)
    try:
        source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(f"the SQLite restore failed: {error}") from None
    finally:
        target.close()
        source.close()


# Every table of the live database goes, not only those in the backup: a table a later
# migration added would otherwise survive and make the `flask db upgrade` after it fail.
DROP_EVERY_TABLE = """DO $$
DECLARE name text;
BEGIN
  FOR name IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', name);
  END LOOP;
END $$"""
# A site or worker still connected holds locks: fail (and change nothing) instead of waiting.
RESTORE_LOCK_TIMEOUT = "10s"


def _restore_postgresql(file: Path) -> None:
    """pg_restore's script, after dropping every table, run by psql as ONE transaction."""
    environment, address = _pg_connection()
    script = [_pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-acl"]
    apply = [_pg_binary("psql"), "--no-psqlrc", "--quiet", "--single-transaction"]
    apply += [
        "--set=ON_ERROR_STOP=1",
        f"--command=SET LOCAL lock_timeout = '{RESTORE_LOCK_TIMEOUT}'",
    ]
    apply += [f"--command={DROP_EVERY_TABLE}", "--file=-", address]
    try:
        # Lists of arguments, no shell; pg_restore's output streams into psql's input.
        with subprocess.Popen(  # noqa: S603
            [*script, "--file=-", str(file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as restore:
            done = subprocess.run(  # noqa: S603
                apply, stdin=restore.stdout, env=environment, capture_output=True, text=True
            )
            restore.stdout.close()
            unpacked = restore.wait() == 0
            script_errors = restore.stderr.read().decode(errors="replace")
    except OSError as error:
        raise BackupError(f"PostgreSQL's tools could not be run: {error}") from None
    # psql first: when it stops at an error, pg_restore fails only on the closed pipe.
    if done.returncode != 0:
        raise BackupError(f"the restore was rolled back: {_reason(done.stderr)}")
    if not unpacked:
        raise BackupError(f"pg_restore failed: {_reason(script_errors)}")


def _set_aside_if_damaged(live: Path) -> None:
    """Move a live file SQLite cannot read (and its -wal, -shm) aside, never deleting it."""
    if not live.exists():
        return
    try:
        with closing(sqlite3.connect(live)) as connection:
            connection.execute("PRAGMA schema_version").fetchone()
        return
    except sqlite3.DatabaseError:
        pass
    suffix = f".damaged-{utcnow():%Y%m%dT%H%M%SZ}"
    for part in (live, *(live.with_name(live.name + end) for end in ("-wal", "-shm"))):
        if part.exists():
            os.replace(part, part.with_name(part.name + suffix))


# The schedule and the staff pages -----------------------------------------------------------


# Daily at 02:00 UTC, before the reminders; two workers at once write two separate backups.
@tasks.scheduled("backup", tasks.crontab(minute="0", hour="2"))
def scheduled_backup() -> str:
    return create_backup().path.name


@dataclass
class BackupStatus:
    """What the staff pages say about the backups: the last good one and any warning."""

    last: str | None
    warning: str | None


def status(now: datetime) -> BackupStatus:
    """'Last good backup: <when> (<size>)', with a warning when none is newer than 2 days."""
    backup = last_good()
    if backup is None:
        return BackupStatus(None, _("No backup in the last 2 days."))
    last = _(
        "Last good backup: %(when)s (%(size)s)",
        when=format_datetime(backup.created_at),
        size=file_size(backup.size),
    )
    stale = now - backup.created_at > STALE_AFTER
    return BackupStatus(last, _("No backup in the last 2 days.") if stale else None)


def file_size(size: int) -> str:
    """A size in the reader's language: 340 kB, 1.2 MB."""
    if size >= 1_000_000:
        value, unit = size / 1_000_000, "digital-megabyte"
    else:
        value, unit = max(size / 1000, 0.1), "digital-kilobyte"
    return format_unit(value, unit, length="short", format="#,##0.#", locale=get_locale())
