"""Pages in each of the nine languages: no interface string of another language mixed in, and
dates, numbers, yen and country names from Babel's data for the page's locale.

One site with the example data is built per module (SQLite): these tests only read it."""

import html
import re
import shutil
from functools import cache

import pytest
from sqlalchemy import JSON, String, Text, select

from alumni import create_app
from alumni.events.examples import load_examples as load_event_examples
from alumni.extensions import db
from alumni.grants.examples import load_examples as load_grant_examples
from alumni.i18n import bcp47
from alumni.reports.examples import load_examples as load_summary_examples
from tests.catalogs import LANGUAGES, read_catalog
from tests.conftest import base_config

PAGES = [
    "/",
    "/societies/",
    "/societies/IN-KERALA",
    "/countries/IN",
    "/events/",
    "/wnf/",
    "/summaries/",
    "/summaries/2021",
    "/login",
    "/password/reset",
    "/no-such-page",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]")
SPACELESS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@pytest.fixture(scope="module")
def site(tmp_path_factory, sqlite_template):
    folder = tmp_path_factory.mktemp("languages")
    shutil.copyfile(sqlite_template, folder / "site.sqlite3")
    app = create_app(base_config(f"sqlite:///{folder / 'site.sqlite3'}"))
    app.instance_path = str(folder / "instance")
    with app.app_context():
        load_event_examples()
        load_grant_examples()
        load_summary_examples()
        db.session.commit()
    return app


@pytest.fixture(scope="module")
def content(site) -> str:
    """Every text the database holds (names, sources, titles): data, not interface strings,
    so a catalog string that also occurs there cannot be told apart on a page."""
    parts = []
    with site.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            if columns:
                for row in db.session.execute(select(*columns)):
                    parts.extend(str(value) for value in row if value)
    return "\n".join(parts)


@cache
def fragments(language: str) -> frozenset[str]:
    """The distinctive pieces of LANGUAGE's translations: the text between placeholders, of
    several words (or three characters of a script written without spaces)."""
    found = set()
    for message in read_catalog(language):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in filter(None, strings if message.id else ()):
            for piece in PLACEHOLDER.split(string):
                piece = " ".join(piece.split()).strip(" .,:;()（）「」")
                if (len(piece) >= 3 and SPACELESS.search(piece)) or (
                    len(piece) >= 10 and " " in piece
                ):
                    found.add(piece)
    return frozenset(found)


@cache
def catalog_text(language: str) -> str:
    """Everything LANGUAGE's own catalog may put on a page (its msgids where untranslated
    are English, and are therefore not counted as its own)."""
    strings = []
    for message in read_catalog(language):
        if message.id:
            string = message.string
            strings.extend(string if isinstance(string, tuple) else (string,))
    return "\n".join(filter(None, strings))


def interface_text(body: str) -> str:
    """The page's text without the language switcher (every language's name, by design)."""
    body = re.sub(r'<details class="languages">.*?</details>', " ", body, flags=re.S)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_holds_no_interface_string_of_another_language(site, content, language):
    client = site.test_client()
    text = "\n".join(
        interface_text(client.get(p, headers={"Accept-Language": bcp47(language)}).text)
        for p in PAGES
    )
    own = catalog_text(language)
    others = "\n".join(catalog_text(other) for other in LANGUAGES if other != language)
    # Not vacuous: the pages are in LANGUAGE, told by strings only its catalog has...
    unique_to_page_language = {f for f in fragments(language) if f not in others}
    assert len([f for f in unique_to_page_language if f in text]) >= 10
    mixed = {}
    for other in LANGUAGES:
        if other == language:
            continue
        foreign = {f for f in fragments(other) if f not in own and f not in content}
        assert len(foreign) >= 100, f"the {other} catalog is nearly empty"  # ...and checkable
        leaked = sorted(f for f in foreign if f in text)
        if leaked:
            mixed[other] = leaked[:10]
    assert mixed == {}


# What Babel's CLDR data gives for each locale. Thai dates are Gregorian with ค.ศ. (AD): Babel's
# format_date uses the Gregorian calendar for every locale, not the Thai Buddhist era (2565).
FORMATS = {
    "th": ("31 มีนาคม ค.ศ. 2022", "11,956", "¥250,000", "อินเดีย"),
    "zh_Hans": ("2022年3月31日", "11,956", "JP¥250,000", "印度"),
    "vi": ("31 tháng 3, 2022", "11.956", "250.000\xa0¥", "Ấn Độ"),
    "fr": ("31 mars 2022", "11\u202f956", "250\u202f000\xa0JPY", "Inde"),  # narrow no-break
    "pt_BR": ("31 de março de 2022", "11.956", "JP¥\xa0250.000", "Índia"),
}


@pytest.mark.parametrize("language", sorted(FORMATS))
def test_dates_numbers_yen_and_countries_follow_the_locale(site, language):
    day, number, yen, india = FORMATS[language]
    client = site.test_client()
    headers = {"Accept-Language": bcp47(language)}
    summary = html.unescape(client.get("/summaries/2021", headers=headers).text)
    assert day in summary  # the count AOTS published as of 31 March 2022
    assert number in summary  # overseas training, Asia
    assert india in summary
    assert yen in html.unescape(client.get("/wnf/", headers=headers).text)
