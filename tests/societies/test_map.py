"""The network's map: one light page, each country with societies linked and titled in the
reader's language, the same figures in a table, and one federation highlighted on request."""

import re

import pytest

from alumni.societies.map_page import band_of
from alumni.societies.models import SocietyStatus
from alumni.societies.worldmap import equal_earth, to_pixels
from tests.helpers import add_society, get_as, page_text


def linked_countries(body: str) -> set[str]:
    svg = body[body.index("<svg") : body.index("</svg>")]
    return set(re.findall(r'<a href="/countries/([A-Z]{2})">', svg))


@pytest.mark.parametrize("language", ["en", "ja", "es"])
def test_the_map_page_is_light_enough_for_a_phone(client, language):
    response = get_as(client, "/map", language)
    assert response.status_code == 200
    assert len(response.get_data()) < 150_000


def test_each_country_with_societies_links_to_its_page(client):
    body = get_as(client, "/map", "en").get_data(as_text=True)
    # The shipped list: 72 societies in 44 countries; Singapore is too small for the outlines
    # and is drawn as a dot.
    linked = linked_countries(body)
    assert len(linked) == 44
    assert {"PE", "CN", "IN", "SG", "CO"} <= linked
    assert '<circle class="m1" cx=' in body
    assert get_as(client, "/countries/PE", "en").status_code == 200


def test_countries_are_titled_in_the_readers_language_and_shaded_by_count(client):
    ja = get_as(client, "/map", "ja").get_data(as_text=True)
    assert "<title>中国: 同窓会11件</title>" in ja
    es = get_as(client, "/map", "es").get_data(as_text=True)
    assert "<title>Perú: 1 asociación</title>" in es
    assert "<title>Francia</title>" in es  # no society: named, grey, not a link
    # China (11) is in the darkest band, India (9) too, Peru (1) in the lightest.
    en = get_as(client, "/map", "en").get_data(as_text=True)
    assert re.search(r'href="/countries/CN"><path class="m4"', en)
    assert re.search(r'href="/countries/PE"><path class="m1"', en)


def test_the_table_lists_every_country_with_its_societies_and_federation(client):
    response = get_as(client, "/map", "en")
    body = response.get_data(as_text=True)
    table = body[body.index('<table class="map-table"') : body.index("</table>")]
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">(.*?)</tr>", table, flags=re.S)
    assert len(rows) == 44
    china = next(r for r in rows if ">China<" in r)
    assert '<td class="num">11</td>' in china and "CNAAS" in china
    assert "Alumni societies by country or region" in page_text(response)


def test_a_federation_is_highlighted_on_request(client):
    plain = get_as(client, "/map", "en").get_data(as_text=True)
    assert ' hl"' not in plain and 'class="highlight"' not in plain
    body = get_as(client, "/map?federation=FELAAS", "en").get_data(as_text=True)
    outlined = set(re.findall(r'href="/countries/([A-Z]{2})"><path class="m\d hl"', body))
    assert outlined == {"AR", "BO", "BR", "CL", "CO", "MX", "PE", "PY", "VE"}
    row = r'<tr class="highlight">\s*<th scope="row"><a href="/countries/([A-Z]{2})"'
    highlighted_rows = re.findall(row, body)
    assert set(highlighted_rows) == outlined
    # The six federations are offered, the chosen one marked.
    assert len(re.findall(r'href="/map\?federation=[A-Z]+"', body)) == 6
    assert 'href="/map?federation=FELAAS" aria-current="page"' in body


def test_an_unknown_federation_highlights_nothing(client):
    body = get_as(client, "/map?federation=NOPE" + "x" * 5000, "en").get_data(as_text=True)
    assert ' hl"' not in body


def test_a_new_society_changes_the_map_and_a_closed_one_leaves_it(app, client):
    add_society(app, "FR-PARIS", country="FR", federation="EFAAS", region="europe")
    body = get_as(client, "/map", "en").get_data(as_text=True)
    assert "FR" in linked_countries(body)
    add_society(
        app, "PT-LISBOA", country="PT", federation="EFAAS", region="europe",
        status=SocietyStatus.CLOSED,
    )  # fmt: skip
    assert "PT" not in linked_countries(get_as(client, "/map", "en").get_data(as_text=True))


def test_bands():
    assert [band_of(n) for n in (0, 1, 2, 3, 5, 6, 40)] == [0, 1, 2, 3, 3, 4, 4]


def test_equal_earth_matches_the_published_projection():
    # Šavrič et al. 2018: the equator spans ±2.7066 and the pole is at y = 1.3173.
    assert equal_earth(180, 0)[0] == pytest.approx(2.7066, abs=1e-4)
    assert equal_earth(0, 90)[1] == pytest.approx(1.3173, abs=1e-4)
    assert to_pixels(-180, 0)[0] == 0 and to_pixels(180, 0)[0] == 1000


def test_no_outline_runs_across_the_map():
    """A ring crossing the antimeridian (Russia, Fiji) is cut there: no step of a ring jumps
    more than half the world, which would draw a line from one edge of the map to the other."""
    from alumni.societies.worldmap import _geometry

    for code, rings in _geometry()["countries"].items():
        for ring in rings:
            lons = ring[0::2]
            assert all(-1800 <= lon <= 1800 for lon in lons), code
            steps = [abs(b - a) for a, b in zip(lons, lons[1:] + lons[:1], strict=True)]
            assert max(steps) < 1800, code
