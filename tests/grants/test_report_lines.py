"""The programme report's actual spending line by line: currencies, rates to yen, the budget
against actuals, over-spent lines that need an explanation, and input refused with 422."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from alumni.auth.models import MembershipRole
from alumni.extensions import db
from alumni.grants.models import BudgetLine, Grant, GrantStatus, ReportLine
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.grants_helpers import grant_state, make_grant, report_data, spent
from tests.helpers import page_text

BUDGET = (("Venue", 200_000), ("Interpretation", 100_000))


def disbursed(app, budget=BUDGET) -> int:
    return make_grant(app, status=GrantStatus.DISBURSED, amount=300_000, budget=budget)


def budget_ids(app, grant_id: int) -> dict[str, str]:
    with app.app_context():
        lines = db.session.scalars(select(BudgetLine).where(BudgetLine.grant_id == grant_id))
        return {line.label: str(line.id) for line in lines}


def stored_lines(app, grant_id: int) -> list[tuple]:
    with app.app_context():
        return [
            (line.id, line.currency, line.amount, line.rate, line.amount_yen, line.label)
            for line in db.session.scalars(
                select(ReportLine).where(ReportLine.grant_id == grant_id).order_by("position")
            )
        ]


def actual_expenses(app, grant_id: int) -> int | None:
    with app.app_context():
        return db.session.get(Grant, grant_id).actual_expenses


def spanish_officer(app) -> str:
    """An officer of the host society who reads the site in Spanish; their address."""
    later = date.today() + timedelta(days=400)
    term = (SOCIETY_A, MembershipRole.OFFICER, date(2020, 1, 1), later)
    make_user(app, "ana@example.org", name="Ana", language="es", memberships=[term])
    return "ana@example.org"


def post_report(client, grant_id, *lines, **more):
    return client.post(
        f"/wnf/applications/{grant_id}/report",
        data=report_data(None, *lines) | more,
        headers={"Accept-Language": "en"},
    )


def test_two_lines_one_in_soles_are_stored_in_their_currency_and_in_yen(app, client, people):
    grant_id = disbursed(app)
    ids = budget_ids(app, grant_id)
    log_in(client, people["officer_a"].email)
    form = client.get(f"/wnf/applications/{grant_id}/report", headers={"Accept-Language": "en"})
    assert 'value="PEN"' in form.get_data(as_text=True)  # Peru's host spends soles
    assert "rounded half up" in page_text(form)
    response = post_report(
        client,
        grant_id,
        spent("2500.50", currency="PEN", rate="38.5", budget_line=ids["Venue"]),
        spent("100000", budget_line=ids["Interpretation"]),
        # 0.5 yen: rounded up to 1; not in the approved budget, so explained.
        spent("0.10", currency="PEN", rate="5", label="Stamps", explanation="Forgotten"),
    )
    assert response.status_code == 302
    lines = stored_lines(app, grant_id)
    assert [(c, a, r, y) for _id, c, a, r, y, _label in lines] == [
        ("PEN", Decimal("2500.5000"), Decimal("38.500000"), 96_269),  # 96,269.25 yen
        ("JPY", Decimal("100000.0000"), Decimal("1.000000"), 100_000),
        ("PEN", Decimal("0.1000"), Decimal("5.000000"), 1),
    ]
    assert actual_expenses(app, grant_id) == 196_270
    assert grant_state(app, grant_id)["status"] == "reported"

    page = page_text(client.get(f"/wnf/applications/{grant_id}", headers={"Accept-Language": "en"}))
    assert "Venue ¥200,000 ¥96,269 ¥103,731" in page  # approved, actual, difference
    assert "Interpretation ¥100,000 ¥100,000 ¥0" in page
    assert "Over budget" in page  # the stamps were not in the approved budget…
    assert "Total ¥300,000 ¥196,270 ¥103,730" in page
    assert "PEN2,500.50" in page and "¥96,269" in page  # Babel's English format
    spanish_client = app.test_client()
    log_in(spanish_client, spanish_officer(app))
    spanish = page_text(spanish_client.get(f"/wnf/applications/{grant_id}"))
    assert "2.500,50\xa0PEN" in spanish.replace(" PEN", "\xa0PEN")


def test_an_over_spent_line_without_explanation_is_refused_with_what_was_typed(app, client, people):
    grant_id = disbursed(app)
    ids = budget_ids(app, grant_id)
    log_in(client, spanish_officer(app))
    over = spent("110000", budget_line=ids["Interpretation"], label="Second interpreter")
    response = post_report(client, grant_id, over)
    assert response.status_code == 422
    text = page_text(response)
    assert "Interpretation" in text and "explique" in text.lower()
    assert 'value="110000"' in response.get_data(as_text=True)  # kept as typed
    assert 'value="Second interpreter"' in response.get_data(as_text=True)
    assert stored_lines(app, grant_id) == []
    assert grant_state(app, grant_id)["status"] == "disbursed"

    explained = over | {"explanation": "The seminar ran a day longer."}
    assert post_report(client, grant_id, explained).status_code == 302
    assert actual_expenses(app, grant_id) == 110_000


@pytest.mark.parametrize(
    "change, message",
    [
        ({"currency": "XYZ"}, "ISO 4217"),
        ({"currency": "P€N"}, "ISO 4217"),
        ({"amount": "12.345", "currency": "PEN"}, "up to 2 decimals"),
        ({"amount": "12.5"}, "whole units"),  # yen has no minor unit
        ({"amount": "１２"}, "whole units"),  # full-width digits
        ({"amount": "9223372036854775808"}, "whole units"),
        ({"amount": "NaN"}, "whole units"),
        ({"rate": "0"}, "positive number"),
        ({"rate": "-38.5"}, "positive number"),
        ({"rate": "38,5"}, "positive number"),
        ({"rate": "1.1234567"}, "positive number"),
        ({"rate": "Infinity"}, "positive number"),
        ({"spent_on": "2026-13-40"}, "valid date"),
        ({"spent_on": (date.today() + timedelta(days=2)).isoformat()}, "between 1997 and today"),
        ({"spent_on": "1990-01-01"}, "between 1997 and today"),
        ({"label": ""}, "outside the approved budget"),
        ({"budget_line": "999999"}, "Not a valid choice"),
    ],
)
def test_a_bad_line_is_refused_with_422_and_nothing_saved(app, client, people, change, message):
    grant_id = disbursed(app, budget=())
    log_in(client, people["officer_a"].email)
    response = post_report(client, grant_id, spent("1000") | change)
    assert response.status_code == 422
    assert message in page_text(response)
    assert stored_lines(app, grant_id) == []
    assert grant_state(app, grant_id)["status"] == "disbursed"


def test_a_line_of_more_than_the_grant_is_refused(app, client, people):
    grant_id = disbursed(app, budget=())
    log_in(client, people["officer_a"].email)
    line = spent("10000", currency="PEN", rate="38.5", explanation="Dearer than planned")
    response = post_report(client, grant_id, line)
    assert response.status_code == 422  # 385,000 yen of a 300,000 yen grant
    assert "exceed the grant" in page_text(response)


def test_empty_rows_are_no_lines_and_a_report_without_a_budget_is_one_other_line(
    app, client, people
):
    grant_id = disbursed(app, budget=())
    log_in(client, people["officer_a"].email)
    empty = {"budget_line": "other", "currency": "PEN", "label": "", "amount": ""}
    response = post_report(client, grant_id, spent("250000", label="Everything"), empty, empty)
    assert response.status_code == 302
    assert [line[-1] for line in stored_lines(app, grant_id)] == ["Everything"]
    page = page_text(client.get(f"/wnf/applications/{grant_id}", headers={"Accept-Language": "en"}))
    assert "Total ¥300,000 ¥250,000 ¥50,000" in page and "Over budget" not in page


def test_a_cooperating_society_sees_the_application_but_not_the_accounts(app, client, people):
    grant_id = disbursed(app)
    log_in(client, people["officer_a"].email)
    tea = spent("1000", label="Tea", explanation="x")
    assert post_report(client, grant_id, tea).status_code == 302
    cooperator = app.test_client()
    log_in(cooperator, people["officer_b"].email)  # Kerala co-operates
    page = page_text(cooperator.get(f"/wnf/applications/{grant_id}"))
    assert "Kaizen exchange" in page and "Budget against actual spending" not in page


def test_the_example_programme_reports_two_lines_one_in_soles(app):
    from alumni.fund.models import LedgerEntry, LedgerKind
    from alumni.grants.examples import load_examples

    with app.app_context():
        load_examples()
        db.session.commit()
        grant = db.session.scalar(select(Grant).where(Grant.title.like("Example%FY2019%")))
        assert [(line.currency, line.amount_yen) for line in grant.report_lines] == [
            ("PEN", 78_000),
            ("JPY", 200_000),
        ]
        assert grant.actual_expenses == 278_000
        refund = db.session.scalar(
            select(LedgerEntry.amount).where(
                LedgerEntry.grant_id == grant.id, LedgerEntry.kind == LedgerKind.REFUND
            )
        )
        assert refund == 22_000
