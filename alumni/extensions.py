"""Flask extensions, created unbound and initialised by the application factory."""

import click
from flask import g, has_app_context
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from alumni.db import db


class LazyMigrate:
    """Flask-Migrate's Migrate, imported only when a migration command or a backup asks for
    it: with Alembic, Mako and Pygments it is about 11 MB a worker that no page uses."""

    def init_app(self, app, db, **kwargs) -> None:
        app.extensions["migrate"] = _MigrateConfig(app, db, kwargs)
        app.cli.add_command(_MigrationCommands("db", help="Perform database migrations."))


class _MigrationCommands(click.Group):
    """`flask db ...`: Flask-Migrate's command group, imported when it is run (its own
    options, commands and help then); `flask --help` only names it."""

    def make_context(self, info_name, args, parent=None, **extra):
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)


class _MigrateConfig:
    """What Migrate.init_app keeps in app.extensions["migrate"], made when first read."""

    def __init__(self, app, db, kwargs: dict):
        self._args = (app, db, kwargs)
        self._real = None
        self.directory = str(kwargs["directory"])

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._real is None:
            from flask_migrate import Migrate

            app, db, kwargs = self._args
            Migrate().init_app(app, db, **kwargs)  # puts the real one in app.extensions
            self._real = app.extensions["migrate"]
        return getattr(self._real, name)


# A connection the server dropped (a restart, pg_terminate_backend, an idle timeout) is found
# before a request uses it, as pool_pre_ping found it, without pool_pre_ping's ping on every
# checkout: a public page checked out twice (its content version, then its session), and the
# ping was one of a 304's four round trips. The version is read on the driver with no ping
# (caching.py: a dropped connection fails that read, which is then done again on a pinged
# one), which proves the connection: the request's next checkout of it, its session's, needs
# no ping. Every other checkout of a Connection is pinged.
_PROVEN = "_db_connection_proven"
PING_ATTEMPTS = 3


def proven(driver_connection) -> None:
    """DRIVER_CONNECTION just answered this request: the next checkout of it need not ping."""
    setattr(g, _PROVEN, driver_connection)


@event.listens_for(Engine, "engine_connect")
def _ping_unless_proven(connection) -> None:
    dialect = connection.dialect
    if dialect.name == "sqlite":
        return  # a file: nothing on the other end to drop the connection
    driver = connection.connection.dbapi_connection
    if has_app_context() and g.pop(_PROVEN, None) is driver:
        return
    for attempt in range(PING_ATTEMPTS):
        try:
            # The dialect's own ping (psycopg: an empty statement in autocommit, one round
            # trip), as pool_pre_ping sends; straight on the driver, so no statement listener
            # (the query counter) sees it.
            dialect.do_ping(driver)
            return
        except dialect.loaded_dbapi.Error as error:
            if attempt == PING_ATTEMPTS - 1 or not dialect.is_disconnect(error, driver, None):
                raise
            connection.invalidate(error)  # the pool connects afresh for this Connection
            driver = connection.connection.dbapi_connection


babel = Babel()
migrate = LazyMigrate()
csrf = CSRFProtect()

__all__ = ["babel", "csrf", "db", "migrate"]
