"""AOTS alumni network & WNF site."""

from flask import Flask

from alumni import config as config_module
from alumni.config import PROJECT_ROOT


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: configure, bind extensions, register blueprints."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(config_module.load(app.instance_path, test_config))

    _init_extensions(app)
    _register_blueprints(app)
    _init_site_wide(app)
    return app


def _init_extensions(app: Flask) -> None:
    from alumni.extensions import babel, csrf, db, migrate
    from alumni.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from alumni.common import bp as common_bp
    from alumni.societies import bp as societies_bp

    app.register_blueprint(common_bp)
    app.register_blueprint(societies_bp)


def _init_site_wide(app: Flask) -> None:
    from alumni import cli
    from alumni.common import errors, security, templating

    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
