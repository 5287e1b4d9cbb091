"""The stylesheet and script are asked for once: their address names their content and is kept
for a year, so a phone on a slow connection does not revalidate them on every page."""

import re
import shutil

import pytest

from alumni import config
from tests.auth_helpers import SOCIETY_A, log_in

SITE_CSS = re.compile(r'<link rel="stylesheet" href="(/static/site\.css\?v=[0-9a-f]{12})">')


@pytest.fixture
def own_static(app, tmp_path):
    """The app serving a copy of the static folder, which the test may change."""
    folder = tmp_path / "static"
    shutil.copytree(config.PROJECT_ROOT / "static", folder)
    app.static_folder = str(folder)
    return folder


def fetched(client, address: str):
    """The answer to ADDRESS, read and closed (a file's answer holds the file open)."""
    answer = client.get(address)
    answer.get_data()
    answer.close()
    return answer


def test_the_page_names_the_stylesheet_by_content_and_it_is_kept_a_year(client):
    address = SITE_CSS.search(client.get("/").text).group(1)
    answer = fetched(client, address)
    assert answer.status_code == 200
    assert "max-age=31536000" in answer.headers["Cache-Control"]
    assert "public" in answer.headers["Cache-Control"]


def test_an_address_not_naming_the_current_content_is_revalidated(client):
    for address in ("/static/site.css", "/static/site.css?v=000000000000"):
        answer = fetched(client, address)
        assert answer.status_code == 200
        assert "max-age=31536000" not in answer.headers.get("Cache-Control", "")
    assert fetched(client, "/static/nothing.css?v=000000000000").status_code == 404


def test_a_changed_stylesheet_gets_a_new_address(client, own_static, people):
    # A page drawn afresh (an officer's): one kept by the page cache keeps the address it was
    # drawn with, whose answer, not naming the current content, is then revalidated.
    log_in(client, people["officer_a"].email)
    before = SITE_CSS.search(client.get("/my/").text).group(1)
    with open(own_static / "site.css", "a") as stylesheet:
        stylesheet.write("\n.new-rule { color: red }\n")
    after = SITE_CSS.search(client.get("/my/").text).group(1)
    assert after != before
    assert b".new-rule" in fetched(client, after).data
    # The old address is not the current content any more: not kept for a year.
    assert "max-age=31536000" not in fetched(client, before).headers.get("Cache-Control", "")


def test_the_event_form_script_is_named_by_content(client, people):
    log_in(client, people["officer_a"].email)
    page = client.get(f"/societies/{SOCIETY_A}/events/new").text
    assert re.search(r'src="/static/event-form\.js\?v=[0-9a-f]{12}"', page)


def test_a_file_does_not_vary_by_cookie_nor_renew_one(client, people):
    """A kept file is the same for everyone: a shared cache keyed by the Cookie header, or
    storing one visitor's renewed session cookie with a year-long file, would be wrong."""
    address = SITE_CSS.search(client.get("/").text).group(1)
    anonymous = fetched(client, address)
    log_in(client, people["officer_a"].email)
    logged_in = fetched(client, address)
    for answer in (anonymous, logged_in):
        assert answer.status_code == 200
        assert "Cookie" not in answer.headers.get("Vary", "")
        assert "Set-Cookie" not in answer.headers


def test_every_page_names_its_icon_which_is_kept_a_year(client):
    """Browsers ask for an icon on every first visit: named (an SVG, by content), not a
    /favicon.ico the site does not have (a 404 in every log)."""
    icon = re.search(
        r'<link rel="icon" href="(/static/favicon\.svg\?v=[0-9a-f]{12})"', client.get("/").text
    )
    answer = fetched(client, icon.group(1))
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    assert "max-age=31536000" in answer.headers["Cache-Control"]
