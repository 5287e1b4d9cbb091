"""Completeness as people see it: a federation's page, a society's page, the staff's network
view and its spreadsheets, the public activity view and the societies' health."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from alumni.auth.models import MembershipRole
from alumni.common.fiscal import fiscal_year_of
from alumni.extensions import db
from alumni.societies.models import RecordStatus, SocietyStatus
from tests.auth_helpers import SOCIETY_A, log_in, log_in_as, make_user
from tests.events.test_completeness import _backdate_filing, _file
from tests.events_helpers import make_event
from tests.helpers import add_society, page_text
from tests.support.queries import count_queries

START = date.today() - timedelta(days=90)
YEAR = fiscal_year_of(START)


def _row(response, code: str) -> str:
    """The visible text of the table row that links to society CODE."""
    body = response.get_data(as_text=True)
    rows = re.findall(r"<tr>.*?</tr>", body, flags=re.S)
    found = [r for r in rows if f'href="/societies/{code}"' in r]
    assert found, f"no row for {code}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[0])).strip()


def _csv_row(client, code: str) -> dict:
    response = client.get(f"/staff/completeness.csv?fy={YEAR}")
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig")))
    return next(r for r in rows if r["Society code"] == code)


def _xlsx_row(client, code: str) -> dict:
    response = client.get(f"/staff/completeness.xlsx?fy={YEAR}")
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    return next(dict(zip(header, r, strict=True)) for r in rows if r[0] == code)


def _figures(app, people) -> dict:
    """What the federation page, the society page, the staff view and the exports say."""
    anonymous, staff = app.test_client(), app.test_client()
    log_in_as(staff, people["staff"])
    own = _row_of_year(anonymous.get(f"/societies/{SOCIETY_A}"), YEAR)
    return {
        "federation": _row(anonymous.get(f"/federations/FELAAS?fy={YEAR}"), SOCIETY_A),
        "society": own,
        "staff": _row(staff.get(f"/staff/completeness?fy={YEAR}"), SOCIETY_A),
        "csv": _csv_row(staff, SOCIETY_A),
        "xlsx": _xlsx_row(staff, SOCIETY_A),
    }


def _row_of_year(response, year: int) -> str:
    text = page_text(response)
    found = re.search(rf"FY{year} (\S+ \S+ \S+ \S+)", text)
    assert found, text
    return found.group(1)


def test_a_filed_report_changes_the_figures_on_every_page_and_export(app, client, people):
    event = make_event(app, SOCIETY_A, start=START, attendance=None)
    before = _figures(app, people)
    assert "0% 0%" in before["federation"] and "missing 1" in before["federation"]
    assert before["society"].endswith("0% 0%")
    assert "0% 0%" in before["staff"]
    assert (before["csv"]["Missing"], before["csv"]["Reporting rate"]) == ("1", "0.0")
    assert before["xlsx"]["Missing"] == 1

    log_in(client, people["officer_a"].email)
    assert _file(client, event, 40).status_code == 302
    _backdate_filing(app, event, 31)
    late = _figures(app, people)
    assert "100% 0%" in late["federation"] and "late 1" in late["federation"]
    assert late["society"] == "1 40 100% 0%"
    assert "100% 0%" in late["staff"]
    assert (late["csv"]["Filed late"], late["csv"]["On-time rate"]) == ("1", "0.0")
    assert (late["xlsx"]["Filed late"], late["xlsx"]["Cumulative (延べ)"]) == (1, 40)

    _backdate_filing(app, event, 30)  # the last day that is on time
    on_time = _figures(app, people)
    assert "100% 100%" in on_time["federation"] and "late 0" in on_time["federation"]
    assert on_time["society"] == "1 40 100% 100%"
    assert "100% 100%" in on_time["staff"]
    assert on_time["csv"]["Filed on time"] == "1"
    assert on_time["xlsx"]["On-time rate"] == 1


def test_a_federation_page_lists_its_societies_and_an_unknown_one_is_not_found(client):
    page = client.get("/federations/FELAAS")
    assert page.status_code == 200
    assert 'href="/societies/PE-PERU"' in page.get_data(as_text=True)
    assert "IN-KERALA" not in page.get_data(as_text=True)
    assert client.get("/federations/NOPE").status_code == 404
    directory = client.get("/societies/").get_data(as_text=True)
    assert 'href="/federations/FELAAS"' in directory


def test_the_staff_pages_are_for_staff_only(app, people):
    for role, expected in [("officer_a", 403), ("committee", 403), ("member", 403)]:
        client = app.test_client()
        log_in_as(client, people[role])
        for path in ["/staff/completeness", "/staff/completeness.csv", "/staff/health"]:
            assert client.get(path).status_code == expected, (role, path)
    anonymous = app.test_client().get("/staff/completeness.xlsx")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


def test_the_public_activity_view_shows_no_personal_data(app, client, people):
    make_user(
        app,
        "visible.officer@example.org",
        name="Rosa Quispe",
        memberships=[(SOCIETY_A, MembershipRole.OFFICER, START, None)],
    )
    make_event(app, SOCIETY_A, start=START, attendance=12)
    assert client.get("/activity/").status_code == 302
    response = client.get(f"/activity/{YEAR}")
    text = page_text(response)
    assert "1 100%" in _row(response, SOCIETY_A)
    assert "Rosa Quispe" not in text and "@" not in text
    assert client.get("/activity/99999").status_code == 404
    assert 'href="/activity/"' in client.get("/events/").get_data(as_text=True)


def test_health_lists_each_case_with_its_action_and_leaves_closed_societies_out(app, people):
    add_society(app, "XX-CLOSED", status=SocietyStatus.CLOSED, names={"en": "Closed Society"})
    add_society(
        app, "XX-PLACE", record_status=RecordStatus.PLACEHOLDER, names={"en": "Placeholder"}
    )
    ending = make_user(
        app,
        "ending@example.org",
        name="Term Ends Soon",
        memberships=[(SOCIETY_A, MembershipRole.OFFICER, START, date.today() + timedelta(days=10))],
    )
    make_event(app, SOCIETY_A, start=START)
    staff = app.test_client()
    log_in_as(staff, people["staff"])
    body = staff.get("/staff/health").get_data(as_text=True)
    sections = dict(re.findall(r'<h2 id="([a-z]+)-heading">(.*?)</section>', body, flags=re.S))
    assert 'href="/societies/XX-PLACE/edit"' in sections["placeholder"]
    assert 'href="/societies/XX-PLACE/status"' in sections["silent"]  # never held an event
    assert "/societies/PE-PERU/status" not in sections["silent"]  # held one this year
    assert 'href="/staff/users/"' in sections["officer"] and "XX-PLACE" in sections["officer"]
    assert f'href="/staff/users/{ending}"' in sections["terms"]
    assert "Term Ends Soon" in sections["terms"]
    assert "XX-CLOSED" not in body


def _network_queries(app, people) -> int:
    client = app.test_client()
    log_in_as(client, people["staff"])
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = client.get(f"/staff/completeness?fy={YEAR}")
    assert response.status_code == 200
    return len(statements)


def _more_societies(app, first: int, n: int) -> None:
    for number in range(first, first + n):
        code = add_society(app, f"XX-BENCH{number}", names={"en": f"Bench {number}"})
        make_event(app, code, start=START, attendance=number)


@pytest.mark.parametrize("extra", [20])
def test_the_network_view_runs_as_many_queries_for_more_societies(app, people, extra):
    _more_societies(app, 0, 2)
    small = _network_queries(app, people)
    _more_societies(app, 2, extra)
    assert _network_queries(app, people) == small
