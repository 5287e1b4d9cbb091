"""Every page in three languages, complete catalogs, and the language switcher."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.helpers import get_as, page_text

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["ja", "en", "es"]
PAGES = [
    "/",
    "/societies/",
    "/societies/?group=region&q=in",
    "/countries/IN",
    "/societies/IN-KERALA",
    "/societies/CN-03",
    "/no-such-page",
]
# A phrase of each page in each language, proving the page is translated, not only served.
NAV = {"ja": "同窓会一覧", "en": "Directory of alumni societies", "es": "Directorio"}


def read_catalog(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def extracted_ids(tmp_path) -> set:
    pot = tmp_path / "messages.pot"
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
def test_catalog_covers_every_string_in_the_code(language, tmp_path):
    in_catalog = {(m.context, m.id) for m in read_catalog(language) if m.id}
    missing = extracted_ids(tmp_path) - in_catalog
    assert missing == set(), "run `make extract-messages` and translate"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_every_language(client, path, language):
    response = get_as(client, path, language)
    assert response.status_code in (200, 404)
    body = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in body
    if path == "/societies/":
        assert NAV[language] in page_text(response)


def test_pages_are_translated_into_japanese_and_spanish(client):
    assert "世界のAOTS同窓会" in page_text(get_as(client, "/", "ja"))
    spanish = page_text(get_as(client, "/", "es"))
    assert "74 asociaciones de exbecarios" in spanish or "74 asociaciones" in spanish
    assert "31 de marzo de 2024" in spanish
    assert "Página no encontrada" in page_text(get_as(client, "/nope", "es"))


def test_accept_language_picks_the_best_supported_language(client):
    response = client.get("/", headers={"Accept-Language": "fr-FR, es;q=0.8, en;q=0.5"})
    assert '<html lang="es">' in response.get_data(as_text=True)
    response = client.get("/", headers={"Accept-Language": "fr-FR"})
    assert '<html lang="en">' in response.get_data(as_text=True)


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


@pytest.mark.parametrize("value", ["fr", "ja_JP", "../../etc", "x" * 300, ""])
def test_switcher_refuses_languages_outside_the_list(client, value):
    assert client.post("/language", data={"lang": value}).status_code == 400


def test_switcher_is_not_a_get(client):
    assert client.get("/language?lang=ja").status_code == 405
