"""Every log line the site writes is one line, and carries no link token.

A user-chosen value (an address typed at login, a path) with a CR or LF in it would otherwise
forge log lines, and the access logs of gunicorn and Werkzeug would keep the one-time tokens of
invitation and reset links. One filter, installed on the loggers and handlers the site writes
through, escapes control characters and redacts those tokens in the finished message.
"""

import logging
import re

from flask import Flask

# Werkzeug's dev server and gunicorn log on these; the app's own loggers are alumni.*.
LOGGER_NAMES = ("alumni", "werkzeug", "gunicorn.access", "gunicorn.error")

# The color codes Werkzeug's dev server puts around its request lines (SGR: colors only, they
# cannot move the cursor or start a line). Werkzeug escapes control characters in the path
# before it adds them, so these are its own.
_SGR = re.compile(r"(\x1b\[[0-9;]*m)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}

# The link addresses of alumni/auth/views.py that carry a token; the token-less pages they
# redirect to ("new", "accept") stay readable.
_TOKEN_IN_PATH = re.compile(
    r"(/password/reset/|/invitation/)(?!(?:new|accept)(?![^\s/?#\"'<>]))[^\s/?#\"'<>]+"
)
# The token of values held over an expired login (alumni/common/held.py), plain or inside an
# escaped `next` address (resume%3D…).
_HELD_TOKEN = re.compile(r"(resume(?:=|%3D))[A-Za-z0-9_-]+", re.IGNORECASE)
REDACTED = "<redacted>"


def _escape_char(match: re.Match) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def escape_controls(text: str, keep_colors: bool = False) -> str:
    """TEXT with CR, LF and every other control character written as an escape (\\r, \\x1b);
    KEEP_COLORS leaves color codes alone (Werkzeug's own, around an already escaped path)."""
    if not keep_colors:
        return _CONTROL.sub(_escape_char, text)
    parts = _SGR.split(text)
    # split() with a group puts the color codes at the odd positions.
    parts[::2] = [_CONTROL.sub(_escape_char, part) for part in parts[::2]]
    return "".join(parts)


def redact_tokens(text: str) -> str:
    """TEXT with the token of every invitation or reset link address, and of held form
    values, replaced."""
    return _HELD_TOKEN.sub(rf"\1{REDACTED}", _TOKEN_IN_PATH.sub(rf"\1{REDACTED}", text))


def clean(text: str, keep_colors: bool = False) -> str:
    return redact_tokens(escape_controls(text, keep_colors))


class SafeRecords(logging.Filter):
    """Escape control characters and redact link tokens in a record before it is written.

    The finished message is cleaned, since libraries put request values into the message
    itself (Flask's "Exception on <path>"). Werkzeug's records are the exception: their format
    is Werkzeug's own and may span lines (the start-up banner); only their arguments (the
    request line) are cleaned.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "werkzeug":
            if isinstance(record.args, tuple):
                record.args = tuple(
                    clean(a, keep_colors=True) if isinstance(a, str) else a for a in record.args
                )
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken format: logging reports it itself
            return True
        cleaned = clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(target: logging.Logger | logging.Handler) -> None:
    """Add the filter to TARGET once (create_app may run many times in one process)."""
    if not any(isinstance(f, SafeRecords) for f in target.filters):
        target.addFilter(SafeRecords())


def init_app(app: Flask) -> None:
    # A logger's filter sees only the records logged on that very logger, not those of its
    # children: each alumni.* logger gets one, and the handlers get one for any logger
    # created later.
    children = [n for n in logging.root.manager.loggerDict if n.startswith("alumni.")]
    for name in (app.logger.name, *LOGGER_NAMES, *children):
        logger = logging.getLogger(name)
        install(logger)
        for handler in logger.handlers:
            install(handler)
