"""Flask commands: `flask seed`, `flask backup`, `flask restore`, `flask societies …`, and more.

A command is its own unit of work: it commits through alumni.common.transaction (which then
sends the mail it queued) when it succeeded, and rolls back when it refused.
"""

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from alumni.auth import reminders
from alumni.auth.services import create_first_admin
from alumni.benchdata import generate
from alumni.common import backups
from alumni.common.exceptions import Refused
from alumni.common.time import utcnow
from alumni.common.transaction import commit, rollback
from alumni.common.validators import EMAIL_RE
from alumni.events.examples import load_examples as load_event_examples
from alumni.events.reference import load_themes
from alumni.fund.imports import import_ledger, import_year_totals
from alumni.grants import reminders as grant_reminders
from alumni.grants.examples import load_examples as load_wnf_examples
from alumni.home.digest import queue_digests
from alumni.reports.examples import load_examples as load_summary_examples
from alumni.societies import services
from alumni.societies.csvio import CsvImportError

societies_cli = AppGroup("societies", help="Load and dump the list of societies.")
users_cli = AppGroup("users", help="Manage user accounts.")
wnf_cli = AppGroup("wnf", help="The WNF fund and its programmes.")
reminders_cli = AppGroup("reminders", help="Scheduled reminders (the worker sends them daily).")
bench_cli = AppGroup("bench", help="Synthetic data for the benchmark (never on real data).")


def load_reference_data() -> dict[str, int]:
    """Every package's shipped reference rows that are missing (societies', then themes)."""
    added = services.load_reference_data()
    added["themes"] = load_themes()
    return added


@bench_cli.command("generate")
@click.option("--scale", type=click.IntRange(1, 100), default=1, show_default=True)
def bench_generate_command(scale):
    """Fill the database with SCALE × 25 years of synthetic events, reports and programmes."""
    counts = generate(scale)
    click.echo(", ".join(f"{n:,} {what}" for what, n in counts.items()) + " added.")


@wnf_cli.command("remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
def remind_command(today):
    """Queue the WNF reminders due today: programme reports, returned applications."""
    day = (today or utcnow()).date()
    queued = grant_reminders.remind_programme_reports(day)
    queued += grant_reminders.remind_returned_applications(day)
    commit()
    click.echo(f"{queued} WNF reminder(s) queued.")


@reminders_cli.command("send")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
def reminders_send_command(today):
    """Queue every reminder due today, for set-ups without the worker's schedule."""
    queued = reminders.send_all((today or utcnow()).date())
    commit()
    click.echo(f"{queued} reminder(s) queued.")


@reminders_cli.command("digest")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
def reminders_digest_command(today):
    """Queue this week's digest for the staff now (the worker sends it on Mondays)."""
    queued = queue_digests((today or utcnow()).date())
    commit()
    click.echo(f"{queued} digest(s) queued.")


def _import(path_file, importer):
    try:
        count = importer(path_file)
    except CsvImportError as error:
        rollback()
        for line, message in error.errors:
            click.echo(f"{path_file.name}:{line}: {message}", err=True)
        raise click.ClickException("nothing was imported") from None
    commit()
    return count


@wnf_cli.command("import-ledger")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def import_ledger_command(file):
    """Append historical ledger rows from FILE (CSV); a bad row imports nothing."""
    click.echo(f"{_import(file, lambda f: import_ledger(None, f))} ledger rows imported.")


@wnf_cli.command("import-totals")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def import_totals_command(file):
    """Load AOTS's published yearly WNF totals from FILE (CSV); a bad row imports nothing."""
    click.echo(f"{_import(file, import_year_totals)} yearly totals imported.")


@users_cli.command("create-admin")
@click.argument("email")
def create_admin_command(email):
    """Create an administrator and print a one-time password (changed at first login)."""
    if len(email) > 254 or not EMAIL_RE.match(email):
        raise click.ClickException(f"not an e-mail address: {email!r}")
    try:
        password = create_first_admin(email)
    except Refused as refusal:
        rollback()
        raise click.ClickException(refusal.message) from None
    commit()
    click.echo(f"Administrator {email} created. One-time password (change it at first login):")
    click.echo(password)


@click.command("seed")
@click.option("--examples", is_flag=True, help="Also add the FY2021 example events (once).")
@with_appcontext
def seed_command(examples):
    """Load the reference data that is missing; what staff entered is kept."""
    added = load_reference_data()
    commit()
    click.echo("Reference data: " + ", ".join(f"{n} {what} added" for what, n in added.items()))
    if examples:
        count = load_event_examples()
        wnf = load_wnf_examples()
        summaries = load_summary_examples()
        commit()
        click.echo(
            f"Example data: {count} events, {wnf} WNF records, {summaries} yearly summary added."
        )


@societies_cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def import_command(file):
    """Create or update societies from FILE (CSV); nothing is imported if a row is bad."""
    written = _import(file, services.import_societies)
    click.echo(f"{written} societies imported.")


@societies_cli.command("export")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
def export_command(output):
    """Write every society as CSV (the import format) to OUTPUT or standard output."""
    count = services.export_societies(output)
    if output is not sys.stdout:
        click.echo(f"{count} societies exported.", err=True)


@societies_cli.command("published-count")
@click.option("--as-of", "as_of", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--societies", required=True, type=click.IntRange(0, 99999))
@click.option("--countries", required=True, type=click.IntRange(0, 999))
@click.option("--source", required=True)
def published_count_command(as_of, societies, countries, source):
    """Record (or correct) the network size AOTS published as of a date."""
    services.set_published_count(as_of.date(), societies, countries, source)
    commit()
    click.echo(f"AOTS count as of {as_of.date()}: {societies} societies in {countries}.")


@click.command("backup")
@click.option("--list", "listing", is_flag=True, help="List the backups, newest first.")
@with_appcontext
def backup_command(listing):
    """Back the database up into BACKUP_DIR (or --list the backups and check each one)."""
    if listing:
        for backup in backups.list_backups():
            problem = backup.problem()
            state = "good" if problem is None else f"NOT GOOD: {problem}"
            when, name = backup.manifest["created_at"], backup.path.name
            click.echo(f"{when}  {name}  {backup.size:,} bytes  {state}")
        return
    try:
        backup = backups.create_backup()
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written: {backup.path}")
    click.echo(f"{backup.size:,} bytes, sha256 {backup.manifest['sha256']}")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file, yes):
    """Replace the whole database with the backup in FILE (stop the site and workers first)."""
    try:
        backup = backups.check_restorable(file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    if not yes:
        click.confirm(
            f"Replace the whole database with the backup of {backup.manifest['created_at']}?",
            abort=True,
        )
    try:
        backups.restore_backup(backup)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {backup.path.name} ({backup.manifest['created_at']}).")
    if backups.needs_upgrade(backup):
        click.echo("The backup's schema is older than this code: run `flask db upgrade` now.")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(societies_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(wnf_cli)
    app.cli.add_command(bench_cli)
    app.cli.add_command(reminders_cli)
