"""Typed text, normalised in one place: every text field of every form passes through here.

`NormalizedMeta` (a WTForms Meta) appends `input_filters(field_class)` to each field it
binds, so a form built on it stores NFC text without surrounding blanks (what the per-field
`strip` filters already did). The NFD and NFC spellings of "José" then are one name.
Passwords are left exactly as typed. `NoInvisibleCharacters` refuses what a reader cannot see
in names and addresses: direction overrides and marks, zero-width characters, control codes;
the zero-width joiners only where no script or emoji writes with them.
"""

import unicodedata

from flask_babel import gettext as _
from wtforms import PasswordField, StringField
from wtforms.meta import DefaultMeta
from wtforms.validators import ValidationError

# Bidirectional controls: embeddings and overrides, isolates, the LRM/RLM and Arabic marks.
BIDI_CONTROLS = {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
BIDI_CONTROLS |= {"\u200e", "\u200f", "\u061c"}
# Zero-width space, non-joiner, joiner, word joiner, byte-order mark.
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
# C0 (NUL included: PostgreSQL refuses it), DEL, C1, and the Unicode line/paragraph separators.
CONTROLS = {*map(chr, range(0x20)), "\x7f", *map(chr, range(0x80, 0xA0)), "\u2028", "\u2029"}
INVISIBLE = frozenset(BIDI_CONTROLS | ZERO_WIDTH | CONTROLS)


def normalize_input(value: str) -> str:
    """VALUE in Unicode NFC without surrounding whitespace; anything not a string unchanged."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value).strip()


def input_filters(field_class) -> list:
    """The filters every field of FIELD_CLASS gets: text fields but passwords are normalised."""
    if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
        return [normalize_input]
    return []


class NormalizedMeta(DefaultMeta):
    """Form Meta that adds `input_filters` after each field's own filters."""

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        extra = input_filters(unbound_field.field_class)
        if extra:
            field.filters = (*field.filters, *extra)
        return field


ZWNJ, ZWJ = "\u200c", "\u200d"
VIRAMA = 9  # the canonical combining class of a virama (halant, chandrakkala)
# Letters and marks of the Arabic script's blocks (Arabic, Supplement, Extended-A, the
# presentation forms), which Persian, Urdu, Pashto and Kurdish join and part with ZWNJ.
_ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_SKIN_TONES = range(0x1F3FB, 0x1F400)


def first_invisible(value: str) -> str | None:
    """The first character of VALUE a reader cannot see (see INVISIBLE), or None. A joiner
    where a script writes with it is part of the text, not hidden in it (`_joins`)."""
    for at, ch in enumerate(value):
        if ch in INVISIBLE and not (
            ch in (ZWNJ, ZWJ) and _joins(value[at - 1 : at], ch, value[at + 1 : at + 2])
        ):
            return ch
    return None


def _joins(before: str, joiner: str, after: str) -> bool:
    """Whether JOINER between BEFORE and AFTER (each one character or "") is how the text is
    written, as IDNA's contextual rules (RFC 5892, appendix A) and emoji allow it: after a
    virama (a Malayalam chillu, a Hindi half form), ZWNJ between two Arabic-script letters
    (Persian "mi<ZWNJ>khaham"), ZWJ inside an emoji sequence (a family, a rainbow flag, a
    technologist with a skin tone). Anywhere else ("ad<ZWNJ>min") it only hides in a word."""
    if not before:
        return False
    if unicodedata.combining(before) == VIRAMA:
        return True
    if not after:
        return False
    if joiner == ZWNJ:
        return _arabic(before, "LM") and _arabic(after, "L")
    return _emoji_end(before) and unicodedata.category(after) == "So"


def _arabic(ch: str, classes: str) -> bool:
    code = ord(ch)
    return unicodedata.category(ch)[0] in classes and any(a <= code <= b for a, b in _ARABIC)


def _emoji_end(ch: str) -> bool:
    """Whether CH can end an emoji before a ZWJ: a symbol, its emoji presentation (VS16), a
    skin tone."""
    return unicodedata.category(ch) == "So" or ch == "\ufe0f" or ord(ch) in _SKIN_TONES


class NoInvisibleCharacters:
    """Refuse direction controls, zero-width and control characters in names and addresses."""

    def __call__(self, form, field):
        found = first_invisible(field.data) if isinstance(field.data, str) else None
        if found is not None:
            code = f"U+{ord(found):04X}"
            raise ValidationError(
                _(
                    "Remove the invisible character %(code)s: direction marks, zero-width "
                    "spaces and control characters are not allowed here.",
                    code=code,
                )
            )
