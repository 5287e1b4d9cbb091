"""Every page in the nine languages, complete catalogs, and the language switcher."""

import json
import subprocess
import sys

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from alumni.config import LANGUAGES as CONFIGURED
from alumni.i18n import OWN_NAMES, TERRITORIES_FILE, bcp47
from tests.catalogs import LANGUAGES, ROOT, read_catalog, translated
from tests.helpers import get_as, page_text

PAGES = [
    "/",
    "/societies/",
    "/societies/?group=region&q=in",
    "/countries/IN",
    "/societies/IN-KERALA",
    "/societies/CN-03",
    "/no-such-page",
]


@pytest.fixture(scope="module")
def extracted_ids(tmp_path_factory) -> set:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "ngettext:1,2",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with open(pot, "rb") as handle:
        return {(m.context, m.id) for m in read_po(handle) if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_has_no_fuzzy_entry(language):
    gaps = []
    for message in read_catalog(language):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            gaps.append(message.id)
    assert gaps == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_covers_every_string_in_the_code(language, extracted_ids):
    in_catalog = {(m.context, m.id) for m in read_catalog(language) if m.id}
    missing = extracted_ids - in_catalog
    assert missing == set(), "run `make extract-messages` and translate"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_every_language(client, language):
    for path in PAGES:
        response = get_as(client, path, bcp47(language))
        assert response.status_code in (200, 404), path
        body = response.get_data(as_text=True)
        assert f'<html lang="{bcp47(language)}">' in body, path
        assert response.headers["Content-Language"] == bcp47(language), path
    directory = get_as(client, "/societies/", bcp47(language))
    assert translated(language, "Directory of alumni societies") in page_text(directory)


def test_pages_are_translated_into_japanese_and_spanish(client):
    assert "世界のAOTS同窓会" in page_text(get_as(client, "/", "ja"))
    spanish = page_text(get_as(client, "/", "es"))
    assert "74 asociaciones de exbecarios" in spanish or "74 asociaciones" in spanish
    assert "31 de marzo de 2024" in spanish
    assert "Página no encontrada" in page_text(get_as(client, "/nope", "es"))


ACCEPT_LANGUAGE = [
    ("de-DE, es;q=0.8, en;q=0.5", "es"),
    ("de-DE", "en"),  # none of ours: the default
    ("pt-BR", "pt-BR"),
    ("pt", "pt-BR"),
    ("pt-PT", "pt-BR"),
    ("zh-CN", "zh-Hans"),
    ("zh", "zh-Hans"),
    ("zh-Hans-CN", "zh-Hans"),
    ("zh-SG", "zh-Hans"),
    ("zh-TW", "en"),  # Traditional Chinese readers are not sent Simplified characters
    ("zh-Hant", "en"),
    ("zh-Hant-HK, ja;q=0.5", "ja"),
    ("fr-CA", "fr"),
    ("th-TH", "th"),
    ("id-ID", "id"),
    ("vi-VN", "vi"),
    ("vi;q=0, fr;q=0.3, es;q=0.9", "es"),
    ("vi;q=0, fr;q=0.3", "fr"),
]


def test_accept_language_picks_the_best_supported_language(client):
    for header, served in ACCEPT_LANGUAGE:
        response = client.get("/", headers={"Accept-Language": header})
        assert f'<html lang="{served}">' in response.get_data(as_text=True), header
        assert response.headers["Content-Language"] == served, header


def test_switcher_remembers_the_choice_over_accept_language(client):
    response = client.post("/language", data={"lang": "ja", "next": "/societies/?q=x"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/societies/?q=x"
    page = get_as(client, "/", "es").get_data(as_text=True)
    assert '<html lang="ja">' in page


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example", "/\\evil", "//[", "javascript:alert(1)", ""],
)
def test_switcher_redirects_only_within_the_site(client, target):
    response = client.post("/language", data={"lang": "es", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_switcher_takes_each_of_the_nine_languages(app):
    for language in LANGUAGES:
        client = app.test_client()
        assert client.post("/language", data={"lang": language, "next": "/"}).status_code == 302
        page = get_as(client, "/", "ja" if language != "ja" else "en").get_data(as_text=True)
        assert f'<html lang="{bcp47(language)}">' in page, language


def test_switcher_refuses_languages_outside_the_list(client):
    for value in ["fr_FR", "pt", "pt-BR", "zh", "zh_Hant", "ja_JP", "../../etc", "x" * 300, ""]:
        assert client.post("/language", data={"lang": value}).status_code == 400, value


def test_switcher_is_not_a_get(client):
    assert client.get("/language?lang=ja").status_code == 405


def test_problem_details_and_feeds_name_the_language_in_bcp_47(client):
    problem = client.get("/api/v1/nothing-here", headers={"Accept-Language": "zh-CN"})
    assert problem.content_type == "application/problem+json"
    assert problem.headers["Content-Language"] == "zh-Hans"
    feed = client.get("/events/feed.atom", headers={"Accept-Language": "pt-PT"})
    assert 'xml:lang="pt-BR"' in feed.get_data(as_text=True)


def test_the_table_of_each_language_named_in_itself_is_babels():
    found = {code: Locale.parse(code).get_display_name(code) for code in CONFIGURED}
    assert found == OWN_NAMES, f"alumni/i18n.py's OWN_NAMES should now be {found!r}"


def test_the_table_of_country_names_in_each_language_is_babels():
    found = {code: dict(Locale.parse(code).territories) for code in CONFIGURED}
    table = json.loads(TERRITORIES_FILE.read_text(encoding="utf-8"))
    assert found == table, "run scripts/territory_names.py to write the table anew"
