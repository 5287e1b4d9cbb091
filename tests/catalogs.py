"""The interface catalogs as the tests read them: a msgstr looked up at test time, so a test
is right for every language whose catalog is complete."""

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from alumni.config import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent


@cache
def read_catalog(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def msgstr(language: str, msgid: str) -> str:
    """The translation of MSGID in LANGUAGE's catalog ("" while it is untranslated)."""
    message = read_catalog(language).get(msgid)
    assert message is not None, f"{msgid!r} is not in the catalogs"
    string = message.string
    return (string[0] if isinstance(string, tuple) else string) or ""


def translated(language: str, msgid: str) -> str:
    """MSGID in LANGUAGE, failing while the catalog has no translation for it."""
    found = msgstr(language, msgid)
    assert found, f"the {language} catalog has no translation of {msgid!r} yet"
    return found


__all__ = ["LANGUAGES", "ROOT", "msgstr", "read_catalog", "translated"]
