"""What pages use of files: `attachments(kind, owner)` and the `filesize` filter."""

from flask import Flask
from flask_babel import format_decimal
from flask_babel import gettext as _

from alumni.files.queries import gallery


def filesize(size: int) -> str:
    """SIZE in bytes as people read it: "820 KB", "2.4 MB"."""
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(max(1, round(size / 1024))))
    return _("%(size)s MB", size=format_decimal(size / (1024 * 1024), format="0.0"))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["attachments"] = gallery
    app.jinja_env.filters["filesize"] = filesize
