"""Validators that hold input to what PostgreSQL will store and what a page may show."""

import re
import unicodedata

import idna
from email_validator import EmailNotValidError, validate_email
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import Length, NumberRange, StopValidation, ValidationError

# Kept for callers outside forms that still pre-check with it; forms use EmailAddress.
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_LENGTH = 254  # RFC 5321's limit on a path, and the column's length


class NoControlCharacters:
    """Refuse NUL (PostgreSQL rejects it) and, for one-line fields, line breaks and tabs."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field):
        value = field.data or ""
        allowed = {"\n", "\r", "\t"} if self.multiline else set()
        if any((ord(ch) < 32 and ch not in allowed) or ch == "\x7f" for ch in value):
            raise ValidationError(_l("Remove the control characters (such as line breaks)."))


class RequiredWith:
    """FIELD must be given when OTHER is (an edition's number once a series is chosen). Put
    before Optional(), which stops the chain at an empty input (and so would the form's
    validate_<field> methods): an empty number would reach the service unasked for."""

    def __init__(self, other: str, message):
        self.other, self.message = other, message

    def __call__(self, form, field):
        given = any(str(value).strip() for value in field.raw_data or ())
        if form[self.other].data and not given:
            field.errors[:] = []  # not also "not a valid number" for what was never typed
            raise StopValidation(str(self.message))


class InRange(NumberRange):
    """NumberRange with its bounds written as the reader's language writes numbers (Babel:
    "1,000,000", "1.000.000"), where WTForms' own message printed them bare. Both bounds are
    given: its one message names both (NumberRange's min and max flags still draw them on the
    input)."""

    def __init__(self, low: int, high: int):
        super().__init__(low, high)

    def __call__(self, form, field):
        data = field.data
        if data is None or data < self.min or data > self.max:
            raise ValidationError(self.message_for(self.min, self.max))

    @staticmethod
    def message_for(low, high) -> str:
        return _(
            "Enter a number from %(min)s to %(max)s.",
            min=format_decimal(low),
            max=format_decimal(high),
        )


class TextLength(Length):
    """Length with its bounds written as the reader's language writes numbers ("20,000",
    "20.000"), where WTForms' own messages printed them bare. The bounds still set the
    input's maxlength and minlength (Length's flags)."""

    def __init__(self, min: int = -1, max: int = -1):  # noqa: A002 (Length's names)
        super().__init__(min, max)

    def __call__(self, form, field):
        length = len(field.data or "")
        if length < self.min or (self.max != -1 and length > self.max):
            raise ValidationError(self.message_for(self.min, self.max))

    @staticmethod
    def message_for(low: int, high: int) -> str:
        if high == -1:
            return ngettext(
                "Enter at least %(min)s character.",
                "Enter at least %(min)s characters.",
                low,
                min=format_decimal(low),
            )
        if low == -1:
            return ngettext(
                "Enter at most %(max)s character.",
                "Enter at most %(max)s characters.",
                high,
                max=format_decimal(high),
            )
        return ngettext(
            "Enter from %(min)s to %(max)s character.",
            "Enter from %(min)s to %(max)s characters.",
            high,
            min=format_decimal(low),
            max=format_decimal(high),
        )


class YearRange(InRange):
    """A year's bounds, written as years are (2026, never "2,026")."""

    @staticmethod
    def message_for(low, high) -> str:
        return _("Enter a year from %(min)s to %(max)s.", min=low, max=high)


class WebAddress:
    """Only http:// and https:// links are shown as links."""

    def __call__(self, form, field):
        value = (field.data or "").strip()
        if value and not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
            raise ValidationError(_l("Enter a web address starting with http:// or https://."))


class InvalidEmail(ValueError):
    """An address refused by `normalize_email`; the message is in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalize_email(address: str) -> str:
    """ADDRESS checked by email-validator and normalised, or InvalidEmail.

    The local part stays as typed; the domain comes back in lower-case Unicode (an IDNA
    "xn--" domain is shown in its letters). A non-ASCII local part is refused: delivering it
    needs SMTPUTF8, which most mail servers lack.
    """
    address = unicodedata.normalize("NFC", address.strip())
    local, at, _domain = address.rpartition("@")
    if at and not local.isascii():
        raise InvalidEmail(
            _(
                "Use only unaccented Latin letters, digits and punctuation before the @: most "
                "mail servers cannot deliver to other addresses."
            )
        )
    try:
        result = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        raise InvalidEmail(_("Enter a valid e-mail address.")) from None
    if max(len(result.normalized), len(result.ascii_email)) > EMAIL_LENGTH:
        raise InvalidEmail(_("Enter a valid e-mail address."))
    return result.normalized


def ascii_email(address: str) -> str:
    """ADDRESS with its domain in IDNA ASCII form, as SMTP servers expect it.

    Never raises: a stored address email-validator would now refuse is kept as it is.
    """
    address = unicodedata.normalize("NFC", address.strip())
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    try:
        domain = idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        domain = domain.lower()
    return f"{local}@{domain}"


def email_key(address: str) -> str:
    """The form an address is compared in: NFC, case-folded, domain in IDNA ASCII."""
    return ascii_email(address).casefold()


class EmailAddress:
    """The one check of every e-mail field (see `normalize_email`)."""

    def __call__(self, form, field):
        value = field.data or ""
        if value:
            try:
                normalize_email(value)
            except InvalidEmail as refusal:
                raise ValidationError(refusal.message) from None


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
