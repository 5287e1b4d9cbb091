from datetime import date

from alumni.extensions import db
from alumni.societies.models import SocietyStatus
from tests.helpers import add_society, get_as, page_text
from tests.support.queries import count_queries


def test_home_shows_published_count_beside_what_is_listed(client):
    text = page_text(get_as(client, "/", "en"))
    assert "Published by AOTS 74 societies in 45 countries/regions" in text
    assert "As of March 31, 2024" in text
    assert "Listed in this directory 72 societies in 44 countries/regions" in text
    assert "2 societies and 1 countries/regions fewer than AOTS published" in text


def test_home_counts_per_federation_and_region(client):
    text = page_text(get_as(client, "/", "en"))
    # SAFAAS in Feb 2012: Bangladesh 2, India 9, Nepal 1, Pakistan 3, Sri Lanka 1, Iran 1.
    assert "SAFAAS (South Asia) 17 6" in text
    # Iran is in SAFAAS but counted in the Middle East in AOTS's tables.
    assert "Middle East 1 1" in text
    assert "FELAAS (Latin America) 11 9" in text


def test_closed_society_leaves_the_counts_but_keeps_its_page(app, client):
    add_society(
        app,
        "PE-CLOSED",
        names={"en": "Old Lima society"},
        status=SocietyStatus.CLOSED,
        status_since=date(2020, 3, 31),
    )
    text = page_text(get_as(client, "/", "en"))
    assert "Listed in this directory 72 societies" in text
    page = page_text(get_as(client, "/societies/PE-CLOSED", "en"))
    assert "Closed (since March 31, 2020)" in page


def test_home_country_grid_links_every_listed_country(client):
    body = get_as(client, "/", "en").get_data(as_text=True)
    assert body.count('href="/countries/') == 44
    assert 'href="/countries/CO"' in body


def test_home_in_japanese_uses_babel_country_names(client):
    text = page_text(get_as(client, "/", "ja"))
    assert "インド" in text and "コロンビア" in text
    assert "2024年3月31日" in text


def test_no_notice_of_negative_numbers_once_the_directory_lists_more(app, client):
    for code, country in (("FR-PARIS", "FR"), ("DE-BERLIN", "DE"), ("IT-ROMA", "IT")):
        add_society(app, code, country=country, federation=None, region="europe")
    text = page_text(get_as(client, "/", "en"))
    assert "Listed in this directory 75 societies in 47 countries/regions" in text
    assert "fewer than AOTS published" not in text


def test_home_is_built_once_per_content_version_and_language(app, client):
    get_as(client, "/", "en")
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        again = page_text(get_as(client, "/", "en"))
    assert len(statements) == 1  # the content version: nothing else is read again
    assert "Listed in this directory 72 societies" in again
    assert "インド" in page_text(get_as(client, "/", "ja"))


def test_home_shows_a_society_added_after_it_was_shown(app, client):
    assert "Listed in this directory 72 societies" in page_text(get_as(client, "/", "en"))
    add_society(app, "FR-PARIS", country="FR", federation=None, region="europe")
    assert "Listed in this directory 73 societies" in page_text(get_as(client, "/", "en"))
