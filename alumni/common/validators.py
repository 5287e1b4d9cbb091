"""Validators that hold input to what PostgreSQL will store and what a page may show."""

import re

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class NoControlCharacters:
    """Refuse NUL (PostgreSQL rejects it) and, for one-line fields, line breaks and tabs."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field):
        value = field.data or ""
        allowed = {"\n", "\r", "\t"} if self.multiline else set()
        if any((ord(ch) < 32 and ch not in allowed) or ch == "\x7f" for ch in value):
            raise ValidationError(_l("Remove the control characters (such as line breaks)."))


class WebAddress:
    """Only http:// and https:// links are shown as links."""

    def __call__(self, form, field):
        value = (field.data or "").strip()
        if value and not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
            raise ValidationError(_l("Enter a web address starting with http:// or https://."))


class EmailAddress:
    def __call__(self, form, field):
        value = (field.data or "").strip()
        if value and (len(value) > 254 or not EMAIL_RE.match(value)):
            raise ValidationError(_l("Enter a valid e-mail address."))


def strip(value):
    return value.strip() if isinstance(value, str) else value


def whole_number(text: str | None, max_digits: int = 9) -> int | None:
    """TEXT as a non-negative whole number written in ASCII digits, else None.

    str.isdigit alone accepts "²" and other digits int() refuses, which would be a 500.
    """
    text = text or ""
    if text.isascii() and text.isdigit() and len(text) <= max_digits:
        return int(text)
    return None
