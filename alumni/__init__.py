"""AOTS alumni network & WNF site."""

from flask import Flask

from alumni import config as config_module
from alumni.common.template_globals import Environment
from alumni.config import PROJECT_ROOT


class Site(Flask):
    """Flask, with each hook's and view's sync check made once instead of on every call."""

    jinja_environment = Environment  # its imports compare the templates' globals cheaply

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync_functions: dict = {}

    def ensure_sync(self, func):
        # Flask asks inspect whether each of the dozen hooks of a request is a coroutine
        # function, every time; the answer never changes for a registered function.
        try:
            return self._sync_functions[func]
        except KeyError:
            return self._sync_functions.setdefault(func, super().ensure_sync(func))
        except TypeError:  # an unhashable callable: ask every time
            return super().ensure_sync(func)

    def get_send_file_max_age(self, filename):
        from alumni.common import assets

        found = assets.max_age(filename) if filename else None
        return found if found is not None else super().get_send_file_max_age(filename)


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: configure, bind extensions, register blueprints."""
    app = Site(
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
    from alumni.auth.sessions import login_manager
    from alumni.common.converters import IdConverter
    from alumni.common.mail import mail
    from alumni.common.visitor import CookieSessions
    from alumni.extensions import babel, csrf, db, migrate
    from alumni.i18n import select_page_locale

    app.url_map.converters["id"] = IdConverter
    app.session_interface = CookieSessions()
    db.init_app(app)
    login_manager.init_app(app)
    mail.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_page_locale)
    csrf.init_app(app)


def _register_blueprints(app: Flask) -> None:
    # Importing the view modules attaches their routes to the blueprints.
    from alumni.api import http as api_http
    from alumni.api import views as _api_views  # noqa: F401
    from alumni.audit import bp as audit_bp
    from alumni.audit import mail_bp
    from alumni.audit import mail_views as _mail_views  # noqa: F401
    from alumni.audit import views as _audit_views  # noqa: F401
    from alumni.auth import bp as auth_bp
    from alumni.auth import invitation_reminders as _invitation_reminders  # noqa: F401 (daily)
    from alumni.auth import jobs as _auth_jobs  # noqa: F401 (its deferred job)
    from alumni.auth import reminder_views as _reminder_views  # noqa: F401
    from alumni.auth import staff_bp
    from alumni.auth import staff_views as _staff_views  # noqa: F401
    from alumni.auth import term_reminders as _term_reminders  # noqa: F401 (a daily schedule)
    from alumni.auth import views as _auth_views  # noqa: F401
    from alumni.common import backups as _backups  # noqa: F401 (its scheduled job)
    from alumni.common import bp as common_bp
    from alumni.common import views as _common_views  # noqa: F401
    from alumni.events import attachments as _event_attachments  # noqa: F401 (photos)
    from alumni.events import bp as events_bp
    from alumni.events import completeness_parts as _completeness_parts  # noqa: F401
    from alumni.events import completeness_views as _completeness_views  # noqa: F401
    from alumni.events import edit_views as _event_edit_views  # noqa: F401
    from alumni.events import feed_views as _feed_views  # noqa: F401
    from alumni.events import reminders as _reminders  # noqa: F401 (its scheduled job)
    from alumni.events import society_page as _society_page  # noqa: F401
    from alumni.events import views as _event_views  # noqa: F401
    from alumni.files import bp as files_bp
    from alumni.files import views as _file_views  # noqa: F401
    from alumni.fund import bp as fund_bp
    from alumni.fund import views as _fund_views  # noqa: F401
    from alumni.grants import attachments as _grant_attachments  # noqa: F401 (evidence)
    from alumni.grants import bp as grants_bp
    from alumni.grants import edit_views as _grant_edit_views  # noqa: F401
    from alumni.grants import fund_views as _grant_fund_views  # noqa: F401
    from alumni.grants import reminders as _grant_reminders  # noqa: F401 (daily schedules)
    from alumni.grants import score_views as _grant_score_views  # noqa: F401
    from alumni.grants import views as _grant_views  # noqa: F401
    from alumni.home import bp as home_bp
    from alumni.home import digest as _digest  # noqa: F401 (its weekly job)
    from alumni.home import views as _home_views  # noqa: F401
    from alumni.reports import bp as reports_bp
    from alumni.reports import staff_views as _report_staff_views  # noqa: F401
    from alumni.reports import views as _report_views  # noqa: F401
    from alumni.societies import bp as societies_bp
    from alumni.societies import edit_views as _edit_views  # noqa: F401
    from alumni.societies import views as _society_views  # noqa: F401

    for blueprint in (
        common_bp,
        societies_bp,
        auth_bp,
        staff_bp,
        audit_bp,
        mail_bp,
        events_bp,
        files_bp,
        fund_bp,
        grants_bp,
        reports_bp,
        home_bp,
    ):
        app.register_blueprint(blueprint)
    api_http.init_app(app)  # the JSON API registers itself with its OpenAPI document


def _init_site_wide(app: Flask) -> None:
    from alumni import cli
    from alumni.audit import services as audit_services
    from alumni.auth import access
    from alumni.auth import presenters as auth_presenters
    from alumni.common import (
        assets,
        caching,
        compression,
        errors,
        security,
        templating,
        transaction,
    )
    from alumni.common.forms import check_csrf
    from alumni.common.logs import init_app as init_logs
    from alumni.files import templating as file_pages
    from alumni.societies import queries as society_queries

    auth_presenters.register_society_directory(
        society_queries.society_choices, society_queries.get_society, society_queries.federations
    )
    transaction.wrap_every_view(app)  # the request owns one unit of work
    compression.init_app(app)  # first: its after_request runs last, on the finished response
    audit_services.init_app(app)
    security.init_app(app)  # first: the request id is in every later guard's answer and audit
    access.init_app(app)
    app.before_request(check_csrf)
    caching.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    assets.init_app(app)
    file_pages.init_app(app)
    cli.init_app(app)
    init_logs(app)  # escapes CR/LF and redacts link tokens in every log line
