"""The public fund statement of a fiscal year: computed from the ledger rows (a reversal
included), shown only once staff published the year's end, downloadable as CSV and XLSX."""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from html import unescape as html_unescape

from openpyxl import load_workbook
from sqlalchemy import select

from alumni.auth.models import User
from alumni.extensions import db
from alumni.fund.models import CounterpartyKind, LedgerEntry, LedgerKind
from alumni.fund.services import add_entry, reverse, toggle_year_end_publication
from alumni.grants import services
from alumni.grants.models import Grant, GrantStatus
from tests.events_helpers import society_by_code
from tests.grants_helpers import make_grant
from tests.helpers import get_as, page_text

FY = 2021


def entry(kind, amount, day, *, society=None, counterparty=None, memo=""):
    return add_entry(
        None,
        kind=kind,
        amount=amount,
        entry_date=day,
        society=society_by_code(society) if society else None,
        counterparty_kind=counterparty,
        memo=memo,
    )


def ledger(app, people) -> int:
    """FY2020 and FY2022 around FY2021: donations, a reversal, income, a programme paid and
    refunded, an adjustment. Returns the programme's id."""
    society, person = CounterpartyKind.SOCIETY, CounterpartyKind.PERSON
    with app.app_context():
        entry(LedgerKind.DONATION, 5_000_000, date(2020, 6, 1), counterparty=person)
        kerala = entry(LedgerKind.DONATION, 20_000, date(2021, 3, 31), society="IN-KERALA")
        entry(
            LedgerKind.DONATION, 100_000, date(2021, 4, 1), society="PE-PERU", counterparty=society
        )
        entry(
            LedgerKind.DONATION, 60_000, date(2021, 9, 1), society="PE-PERU", counterparty=society
        )
        entry(LedgerKind.DONATION, 50_000, date(2021, 5, 1), society="AR-ARGENTINA")
        entry(LedgerKind.DONATION, 30_000, date(2021, 6, 1), counterparty=person)
        typo = entry(LedgerKind.DONATION, 999, date(2021, 6, 2), counterparty=person)
        entry(LedgerKind.INVESTMENT_INCOME, 12_345, date(2022, 3, 31))
        entry(LedgerKind.ADJUSTMENT, -1_000, date(2021, 12, 1), memo="Bank fee")
        entry(LedgerKind.DONATION, 7_777, date(2022, 4, 1), counterparty=person)  # FY2022
        reverse(None, typo, entry_date=date(2021, 6, 3), memo="Typo")
        reverse(None, kerala, entry_date=date(2021, 4, 10), memo="Sent back")  # FY2020's row
        db.session.commit()
    grant_id = make_grant(app, status=GrantStatus.APPROVED, amount=300_000, title="Lean seminar")
    with app.app_context():
        grant = db.session.get(Grant, grant_id)
        staff, officer = (db.session.get(User, people[r].id) for r in ("staff", "officer_a"))
        services.disburse(staff, grant, entry_date=date(2021, 7, 1))
        spent = {"budget_line_id": None, "label": "Seminar", "currency": "JPY", "explanation": ""}
        spent |= {"amount": Decimal(260_000), "rate": Decimal(1), "spent_on": date(2021, 9, 1)}
        services.file_report(officer, grant, event=None, lines=[spent], narrative="Ok")
        services.move(staff, grant, "accept_report")
        services.close(staff, grant, entry_date=date(2022, 2, 1))
        toggle_year_end_publication(staff, FY)
        db.session.commit()
    return grant_id


def from_the_ledger(app) -> dict:
    """The figures recomputed here from the ledger's rows, one by one."""
    with app.app_context():
        rows = db.session.scalars(select(LedgerEntry)).all()
        first, last = date(FY, 4, 1), date(FY + 1, 3, 31)
        inside = [r for r in rows if first <= r.entry_date <= last]
        return {
            "opening": sum(r.amount for r in rows if r.entry_date < first),
            "closing": sum(r.amount for r in rows if r.entry_date <= last),
            "year": sum(r.amount for r in inside),
            "peru": sum(
                r.amount
                for r in inside
                if r.kind == LedgerKind.DONATION and r.society and r.society.code == "PE-PERU"
            ),
        }


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_the_statement_adds_up_to_the_ledger_and_shows_each_line(app, client, people):
    grant_id = ledger(app, people)
    figures = from_the_ledger(app)
    assert figures["opening"] == 5_020_000 and figures["peru"] == 160_000
    assert figures["closing"] == figures["opening"] + figures["year"]
    page = page_text(client.get(f"/wnf/fund/{FY}"))
    assert "Opening balance on April 1, 2021 ¥5,020,000" in page
    assert "Donations: Peru alumni society ¥160,000" in page
    assert "Donations: Argentina alumni society ¥50,000" in page
    assert "Donations: Alumni Society of AOTS, Kerala -¥20,000" in page  # FY2020's, sent back
    assert "Donations: A person ¥30,000" in page  # the typo and its reversal net out
    assert "Investment income ¥12,345 Total money in ¥232,345" in page
    assert "Lean seminar Peru alumni society -¥300,000 ¥40,000 Total money out -¥260,000" in page
    assert "Adjustments -¥1,000" in page
    assert f"Closing balance on March 31, 2022 ¥{figures['closing']:,}" in page
    assert figures["closing"] == 4_991_345
    assert "7,777" not in page  # FY2022's donation
    html = client.get(f"/wnf/fund/{FY}").get_data(as_text=True)
    link = re.search(rf'href="([^"]*#programme-{grant_id})"', html).group(1)
    listed = client.get(html_unescape(link).split("#")[0]).get_data(as_text=True)
    assert f'id="programme-{grant_id}"' in listed and "Lean seminar" in listed


def test_csv_and_xlsx_hold_the_same_lines_in_yen_in_the_pages_language(app, client, people):
    ledger(app, people)
    figures = from_the_ledger(app)
    response = client.get(f"/wnf/fund/{FY}.csv")
    assert response.status_code == 200
    assert "wnf-fund-fy2021.csv" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Section", "Line", "Society", "Amount (yen)"]
    amounts = [int(row[3]) for row in rows[1:]]
    assert rows[1][:2] == ["Opening balance", "2021-04-01"] and amounts[0] == figures["opening"]
    assert rows[-1][:2] == ["Closing balance", "2022-03-31"] and amounts[-1] == figures["closing"]
    assert sum(amounts[1:-1]) == figures["year"]  # the lines add up to the ledger's year
    lines = {(row[1], row[2]): int(row[3]) for row in rows[1:-1]}
    assert lines[("Grant paid: Lean seminar", "Peru alumni society")] == -300_000
    assert lines[("Refund received: Lean seminar", "Peru alumni society")] == 40_000
    assert lines[("Donations", "Peru alumni society")] == 160_000
    assert lines[("Donations", "Alumni Society of AOTS, Kerala")] == -20_000
    assert lines[("Donations: A person", "")] == 30_000
    assert lines[("Investment income", "")] == 12_345
    assert lines[("Adjustments", "")] == -1_000
    xlsx = get_as(client, f"/wnf/fund/{FY}.xlsx", "es")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.get_data()), read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Sección", "Línea", "Asociación", "Monto (yenes)"]
    assert [row[3] for row in values[1:]] == amounts  # integers, the CSV's lines
    assert all(isinstance(row[3], int) for row in values[1:])


def test_an_unpublished_year_has_no_public_statement(app, client, people):
    ledger(app, people)
    for path in ("/wnf/fund/2022", "/wnf/fund/2022.csv", "/wnf/fund/2022.xlsx", "/wnf/fund/1"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/wnf/fund/{FY}").status_code == 200
    wnf = client.get(f"/wnf/?fiscal_year={FY}").get_data(as_text=True)
    assert f'href="/wnf/fund/{FY}"' in wnf
    with app.app_context():
        toggle_year_end_publication(None, FY)  # staff hide it again
        db.session.commit()
    assert client.get(f"/wnf/fund/{FY}").status_code == 404
