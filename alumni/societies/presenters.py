"""How a society is named and described on a page, whatever is known of it."""

from dataclasses import dataclass
from functools import cached_property

from flask_babel import gettext as _
from markupsafe import Markup, escape

from alumni.i18n import bcp47, country_name, language_name, pick_translation
from alumni.societies.models import RecordStatus, Society, SocietyStatus


@dataclass
class Shown:
    """A text in the page's language, or in another one said in FALLBACK_LANGUAGE."""

    text: str
    fallback_language: str | None = None

    @property
    def fallback_label(self) -> str:
        return language_name(self.fallback_language) if self.fallback_language else ""

    @cached_property
    def html(self) -> Markup:
        """The text as a page prints it within a line: a text in another language than the
        page's is marked with it (`lang`), so that a screen reader reads it in that language
        and a browser hyphenates and picks its glyphs by it (WCAG 3.1.2, language of parts).
        Where the page also says so in words, macros/societies.html shown_text does both.
        Kept: the names cached per content version are printed on every list page."""
        if self.fallback_language:
            return Markup('<span lang="%s">%s</span>') % (bcp47(self.fallback_language), self.text)
        return escape(self.text)

    def __html__(self) -> Markup:
        return self.html


def society_name(society: Society) -> Shown:
    """The society's name, falling back to its original language, or a visible placeholder."""
    text, language = pick_translation(society.text_map("name"), society.original_language)
    if text:
        return Shown(text, language)
    return Shown(
        _(
            "Unnamed society in %(country)s (%(code)s)",
            country=country_name(society.country_code),
            code=society.code,
        )
    )


def other_names(society: Society, shown: Shown) -> list[tuple[str, str]]:
    """(language, name) pairs of the names not already shown as the page's title."""
    return [(t.language, t.name) for t in society.texts if t.name and t.name != shown.text]


def society_description(society: Society) -> Shown:
    text, language = pick_translation(society.text_map("description"), society.original_language)
    return Shown(text, language)


def is_unconfirmed(society: Society) -> bool:
    return society.record_status != RecordStatus.CONFIRMED


def is_inactive(society: Society) -> bool:
    """Dormant or closed: lists label such a society with its status."""
    return society.status != SocietyStatus.ACTIVE


def unconfirmed_notice(society: Society) -> str:
    """What a society's page says of a record whose name is not confirmed ("" when it is)."""
    if society.record_status == RecordStatus.PLACEHOLDER:
        return _(
            "AOTS counted a society in this country, but its name and details are not yet "
            "confirmed. AOTS staff will complete this record."
        )
    if is_unconfirmed(society):
        return _(
            "This society is known from AOTS publications, but its official name is not yet "
            "confirmed."
        )
    return ""
