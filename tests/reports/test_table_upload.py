"""Staff upload AOTS's programme table: a bad file is refused line by line, never a 500.

Item 6 of issue 11: the same region × programme twice was a 500 with a bare English page.
"""

import io

import pytest

from alumni.reports import programme_table
from tests.auth_helpers import log_in
from tests.helpers import page_text

HEADER = "fiscal_year,region,region_ja,program,program_ja,participants,percent_as_printed\n"
UPLOAD = "/staff/summaries/2021/programme-table"


@pytest.fixture
def staff(client, people):
    log_in(client, people["staff"].email)
    assert client.post("/staff/summaries/", data={"fiscal_year": "2021"}).status_code == 302
    return client


def upload(client, content: bytes, language: str = "en"):
    client.post("/language", data={"lang": language})
    data = {"file": (io.BytesIO(content), "table.csv")}
    return client.post(UPLOAD, data=data, content_type="multipart/form-data")


def nothing_saved(app) -> bool:
    with app.app_context():
        return programme_table.table(2021) is None


def test_a_region_and_programme_twice_is_refused_per_line_in_the_users_language(app, staff):
    text = HEADER + (
        "2021,Asia,,overseas training,,100,\n"
        "2021,Africa,,overseas training,,5,\n"
        "2021,Asia,,Overseas training,,7,\n"
    )
    response = upload(staff, text.encode(), "es")
    assert response.status_code == 422
    page = page_text(response)
    assert "No se importó nada." in page
    assert "Línea 4: Asia × Overseas training aparece dos veces (primero en la línea 2)" in page
    assert 'type="file"' in response.get_data(as_text=True)  # the form, to send it again
    assert nothing_saved(app)
    response = upload(staff, text.encode(), "en")
    assert "Line 4: Asia × Overseas training appears twice (first on line 2)" in page_text(response)


BAD_FILES = {
    "not UTF-8": (
        HEADER.encode() + "2021,Asia,,overseas training,,1,\n".encode("utf-16"),
        "Line 2: this line is not UTF-8 text",
    ),
    "missing columns": (b"year,region,participants\n2021,Asia,1\n", "Line 1: missing column(s)"),
    "bad numbers": (
        (HEADER + "2021,Asia,,overseas training,,1.5,\n20x1,Asia,,internship,,2,\n").encode(),
        "Line 3: fiscal_year must be a year such as 2021",
    ),
    "header only": (HEADER.encode(), "Line 1: there is no row to import after the header"),
    "empty": (b"", "Line 1: missing column(s)"),
    "too many fields": (
        (HEADER + "2021,Asia,,overseas training,,1,,,extra\n").encode(),
        "Line 2: this line has more fields than the header",
    ),
    "not CSV": (
        (HEADER + "2021,Asia,," + "x" * 200_000 + ",,1,\n").encode(),
        "Line 2: this line cannot be read as CSV",
    ),
    "huge number": (
        (HEADER + "2021,Asia,,overseas training,,9223372036854775808,\n").encode(),
        "Line 2: participants must be a whole number",
    ),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_malformed_file_is_refused_with_its_lines_and_nothing_saved(app, staff, name):
    content, expected = BAD_FILES[name]
    response = upload(staff, content)
    assert response.status_code == 422
    page = page_text(response)
    assert "Nothing was imported. Correct these lines and send the file again." in page
    assert expected in page
    assert nothing_saved(app)


def test_no_file_chosen_is_marked_on_the_form(app, staff):
    response = staff.post(UPLOAD, data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Please correct the marked fields." in page_text(response)


def test_a_good_file_replaces_the_year_and_can_be_sent_again(app, staff):
    text = (HEADER + "2021,Asia,,overseas training,,100,\n2021,Africa,,internship,,5,\n").encode()
    for _attempt in range(2):
        response = upload(staff, text)
        assert response.status_code == 302
    page = page_text(staff.get(response.headers["Location"]))
    assert "The programme table is imported: FY2021." in page
    with app.app_context():
        table = programme_table.table(2021)
    assert table["totals"]["overseas_training"] == 100 and table["totals"]["internship"] == 5
