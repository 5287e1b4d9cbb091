"""How a society is named and described on a page, whatever is known of it."""

from dataclasses import dataclass

from flask_babel import gettext as _

from alumni.i18n import country_name, language_name, pick_translation
from alumni.societies.models import RecordStatus, Society, SocietyStatus


@dataclass
class Shown:
    """A text in the page's language, or in another one said in FALLBACK_LANGUAGE."""

    text: str
    fallback_language: str | None = None

    @property
    def fallback_label(self) -> str:
        return language_name(self.fallback_language) if self.fallback_language else ""


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
