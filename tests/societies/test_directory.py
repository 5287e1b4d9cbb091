import pytest

from tests.helpers import add_society, get_as, page_text


def society_links(response) -> set[str]:
    import re

    return set(re.findall(r'href="/societies/([A-Z0-9-]+)"', response.get_data(as_text=True)))


def test_directory_lists_every_society_grouped_by_federation(client):
    response = get_as(client, "/societies/", "en")
    assert response.status_code == 200
    assert len(society_links(response)) == 72
    text = page_text(response)
    assert text.index("CNAAS (North-East Asia)") < text.index("EFAAS (Europe)")
    assert "72 societies found" in text


def test_directory_grouped_by_region(client):
    text = page_text(get_as(client, "/societies/?group=region", "en"))
    assert text.index("Asia") < text.index("Latin America") < text.index("Middle East")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("federation=AFAAS", 10),
        ("region=middle_east", 1),
        ("country=IN", 9),
        ("country=IN&federation=FELAAS", 0),
        ("status=dormant", 0),
        ("status=active", 72),
    ],
)
def test_directory_filters(client, query, expected):
    assert len(society_links(get_as(client, f"/societies/?{query}", "en"))) == expected


def test_search_matches_names_in_any_language_city_and_country_name(client):
    assert society_links(get_as(client, "/societies/?q=ケララ", "en")) == {"IN-KERALA"}
    assert society_links(get_as(client, "/societies/?q=penang", "en")) == {"MY-PENANG"}
    assert "CO-COLOMBIA" in society_links(get_as(client, "/societies/?q=Colombia", "en"))
    # The country as a Spanish reader writes it.
    assert society_links(get_as(client, "/societies/?q=Perú", "es")) == {"PE-PERU"}


def test_search_wildcards_are_taken_literally(client):
    response = get_as(client, "/societies/?q=%25", "en")
    assert society_links(response) == set()
    assert "No society matches these filters." in page_text(response)


def test_unknown_filter_values_are_ignored(client):
    response = get_as(client, "/societies/?federation=NOPE&status=x&group=zzz&page=-1", "en")
    assert response.status_code == 200
    assert len(society_links(response)) == 72


def test_over_long_search_is_refused_with_a_message(client):
    response = get_as(client, "/societies/?q=" + "a" * 150, "en")
    assert response.status_code == 200
    assert "Enter at most 100 characters." in page_text(response)


def test_country_page_lists_its_societies(client):
    response = get_as(client, "/countries/PH", "en")
    text = page_text(response)
    assert response.status_code == 200
    assert "Philippines" in text and "FOSAAS" in text and "3 societies" in text
    assert society_links(response) == {"PH-PHILCULTAROS", "PH-MANILA", "PH-VISAYAS"}


def test_country_without_society_says_so(client):
    text = page_text(get_as(client, "/countries/FR", "en"))
    assert "No alumni society is listed in this country or region." in text


@pytest.mark.parametrize("path", ["/countries/XX", "/countries/ABC", "/societies/NOPE"])
def test_unknown_country_or_society_is_404(client, path):
    assert get_as(client, path, "en").status_code == 404


def test_society_page_shows_its_facts(client):
    text = page_text(get_as(client, "/societies/IN-CHENNAI", "en"))
    assert "ABK-AOTS DOSOKAI (AOTS Chennai Alumni Society)" in text
    for fact in ("India", "Chennai", "SAFAAS", "Asia", "1975", "Active"):
        assert fact in text


def test_placeholder_society_is_visibly_unconfirmed(client):
    text = page_text(get_as(client, "/societies/CN-05", "en"))
    assert "Unnamed society in China (CN-05)" in text
    assert "Unconfirmed: counted by AOTS, name unknown" in text
    assert "HIDA Journal No.1" in text


def test_society_name_and_description_fall_back_to_the_original_language(app, client):
    add_society(
        app,
        names={"es": "Asociación de Prueba"},
        descriptions={"es": "Fundada por exbecarios."},
        original="es",
    )
    text = page_text(get_as(client, "/societies/XX-TEST", "ja"))
    assert "Asociación de Prueba" in text
    assert "Fundada por exbecarios." in text
    assert "スペイン語" in text  # the page says, in Japanese, which language the text is in
    spanish = page_text(get_as(client, "/societies/XX-TEST", "es"))
    assert "Asociación de Prueba" in spanish
    assert "original" not in spanish


def test_founded_fiscal_year_is_shown_when_only_that_is_known(client):
    text = page_text(get_as(client, "/societies/CO-COLOMBIA", "en"))
    assert "Founded FY2023" in text


def test_directory_is_built_once_per_content_version(app, client):
    from alumni.extensions import db
    from tests.support.queries import count_queries

    get_as(client, "/societies/?federation=AFAAS", "en")
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = get_as(client, "/societies/?country=IN&group=region", "en")
    assert len(statements) == 1  # the content version: the societies are not read again
    assert len(society_links(response)) == 9
    add_society(app, "IN-GOA", country="IN", federation="SAFAAS", region="asia")
    response = get_as(client, "/societies/?country=IN&group=region", "en")
    assert len(society_links(response)) == 10
