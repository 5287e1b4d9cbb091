"""Configuration, read from the environment or the instance folder, never hard-coded secrets."""

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Babel's codes (translations/<code>/, content rows); pages and mail say them in BCP 47
# (alumni.i18n.bcp47: "pt-BR", "zh-Hans").
LANGUAGES = ("ja", "en", "es", "pt_BR", "fr", "th", "id", "vi", "zh_Hans")


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'alumni.sqlite3'}"
    # Hosting platforms hand out "postgres://" URLs; SQLAlchemy wants the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once into the instance folder."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _mail_settings() -> dict:
    """SMTP through Flask-Mail when MAIL_SERVER is set; otherwise mail goes to instance/outbox."""
    return {
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") == "1",
        "MAIL_USE_SSL": os.environ.get("MAIL_USE_SSL", "") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "noreply@localhost"),
        # "worker": the task queue's worker sends mail after the commit; "after_commit": the
        # process that committed sends it at once (the tests, which check what arrived).
        "MAIL_DELIVERY": os.environ.get("MAIL_DELIVERY", "worker"),
        # Flask-Mail would silently drop mail under TESTING; our tests check real delivery.
        "MAIL_SUPPRESS_SEND": False,
    }


def _file_settings() -> dict:
    """Attached files: on the local disk (default: instance/files) or in S3-compatible storage."""
    return {
        "FILE_STORAGE": os.environ.get("FILE_STORAGE", "local"),
        "FILE_STORAGE_DIR": os.environ.get("FILE_STORAGE_DIR", ""),
        "S3_BUCKET": os.environ.get("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL", ""),
        "S3_REGION": os.environ.get("S3_REGION") or None,
        # The largest file one may attach; a request may be a little larger (the form's fields).
        "MAX_UPLOAD_MB": int(os.environ.get("MAX_UPLOAD_MB", "10")),
        # Images with more pixels are refused before they are decoded (decompression bombs).
        "IMAGE_MAX_PIXELS": int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000))),
    }


def _engine_options(url: str) -> dict:
    """No pool_pre_ping: alumni/extensions.py pings the checkouts that need it. The pool hands
    out the connection returned last, so that a page's session gets the one its content
    version was just read on (and need not ping it) and idle ones are the first to retire."""
    if url.startswith("postgresql"):
        return {"pool_use_lifo": True}
    return {}


def load(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration for one application instance; OVERRIDES win (tests use them)."""
    overrides = overrides or {}
    production = os.environ.get("ALUMNI_ENV", "development") == "production"
    trusted = os.environ.get("TRUSTED_HOSTS", "127.0.0.1,localhost")
    config = {
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": overrides.get("SQLALCHEMY_DATABASE_URI")
        or _database_url(instance_path),
        "BABEL_DEFAULT_LOCALE": os.environ.get("DEFAULT_LANGUAGE", "en"),
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": LANGUAGES,
        "TRUSTED_HOSTS": [h.strip() for h in trusted.split(",") if h.strip()],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 30,
        "PRODUCTION": production,
        # CSRF is checked on every POST by alumni.common.forms.check_csrf (forms re-show).
        "WTF_CSRF_CHECK_DEFAULT": False,
        # Links in e-mails are built on this address, never on a request's Host header.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "120")),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "12")),
        "WNF_DECISION_RULE": os.environ.get("WNF_DECISION_RULE", "majority"),
        # Memory per worker for rendered public pages; 0 turns the page cache off.
        "PAGE_CACHE_MB": int(os.environ.get("PAGE_CACHE_MB", "16")),
        # With REDIS_URL the page cache is shared there; each entry expires after this long.
        "PAGE_CACHE_TTL": int(os.environ.get("PAGE_CACHE_TTL", "3600")),
        # Made and named by gunicorn's master (gunicorn.conf.py): see common/shared_files.py.
        "SHARED_DIR": os.environ.get("SHARED_DIR", ""),
        # The release in every cached page's key and ETag; by default a digest of the code.
        "BUILD_ID": os.environ.get("BUILD_ID", ""),
        # Reporting completeness: a participation report filed within these days after its
        # event's last day is on time; none by then is missing.
        "REPORT_DUE_DAYS": int(os.environ.get("REPORT_DUE_DAYS", "30")),
        # A WNF programme report is due this many days after the programme's planned end.
        "WNF_REPORT_DUE_DAYS": int(os.environ.get("WNF_REPORT_DUE_DAYS", "30")),
        **_mail_settings(),
        **_file_settings(),
        # The task queue: Redis when set (several machines), else SQLite in the instance folder.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "HUEY_SQLITE_PATH": os.environ.get("HUEY_SQLITE_PATH", ""),
        # Backups (alumni/common/backups.py): where they go (empty: instance/backups), how many
        # of the newest are kept, and where pg_dump/pg_restore are (empty: PATH, then Debian's).
        "BACKUP_DIR": os.environ.get("BACKUP_DIR", ""),
        "BACKUP_KEEP": int(os.environ.get("BACKUP_KEEP", "14")),
        "PG_BIN_DIR": os.environ.get("PG_BIN_DIR", ""),
    }
    config.update(overrides)
    config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", _engine_options(config["SQLALCHEMY_DATABASE_URI"])
    )
    # Flask refuses (413) a request body above this before any view reads it.
    config.setdefault("MAX_CONTENT_LENGTH", (config["MAX_UPLOAD_MB"] * 1024 + 64) * 1024)
    return config
