"""Flask extensions, created unbound and initialised by the application factory."""

import click
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

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


babel = Babel()
migrate = LazyMigrate()
csrf = CSRFProtect()

__all__ = ["babel", "csrf", "db", "migrate"]
