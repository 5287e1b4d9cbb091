"""The fund ledger: staff record money, corrections are reversals, imports are all or nothing."""

import re
from datetime import date

from sqlalchemy import select

from alumni.auth.models import User
from alumni.extensions import db
from alumni.fund import queries
from alumni.fund.models import LedgerEntry
from alumni.grants.models import Grant, GrantStatus
from alumni.grants.services import disburse
from tests.auth_helpers import log_in
from tests.events.test_one_form import speaks
from tests.grants_helpers import donate, fund_state, make_grant
from tests.helpers import get_as, page_text


def entry(client, **changes):
    data = {
        "entry_date": "2024-05-01",
        "kind": "donation",
        "amount": "120000",
        "counterparty_kind": "society",
        "society": "PE-PERU",
        "counterparty_name": "",
        "memo": "Members' collection",
    }
    data.update(changes)
    return client.post("/staff/fund/", data=data)


def test_staff_record_donations_and_income(app, client, people):
    log_in(client, people["staff"].email)
    assert entry(client).status_code == 302
    assert (
        entry(
            client,
            kind="investment_income",
            amount="3500",
            society="",
            counterparty_kind="other",
            counterparty_name="Bank",
        ).status_code
        == 302
    )
    assert fund_state(app) == {"balance": 123_500, "committed": 0, "ledger_sum": 123_500, "rows": 2}
    text = page_text(client.get("/staff/fund/", headers={"Accept-Language": "en"}))
    assert "Balance ¥123,500" in text and "Available ¥123,500" in text


def test_each_reversal_button_carries_a_form_key_of_its_own(app, client, people):
    # The entries are drawn once per content version; the keys are filled in per request.
    log_in(client, people["staff"].email)
    entry(client)
    entry(client, amount="5000")
    keys = []
    for _ in range(2):
        html = client.get("/staff/fund/").get_data(as_text=True)
        assert "\x00" not in html
        keys.append(re.findall(r'/reverse".*?name="form_key"[^>]*value="([^"]+)"', html, re.S))
    assert len(keys[0]) == 2 and len({*keys[0], *keys[1]}) == 4


def test_the_empty_entry_form_is_drawn_once_with_a_key_of_its_own_each_time(app, client, people):
    """The form of a new row is drawn once per content version, language and day: each page
    still carries its own form key, today's date, and a key from it records the entry once."""
    log_in(client, people["staff"].email)
    keys = []
    for _ in range(2):
        html = client.get("/staff/fund/").get_data(as_text=True)
        form = html.split('<form method="post" class="form" novalidate>')[1].split("</form>")[0]
        assert "\x00" not in form and f'value="{date.today().isoformat()}"' in form
        keys.append(re.search(r'name="form_key"[^>]*value="([^"]+)"', form).group(1))
    assert keys[0] != keys[1]
    for _ in range(2):  # the same page's form sent twice (a double click)
        assert entry(client, form_key=keys[0]).status_code == 302
    assert fund_state(app)["rows"] == 1


def test_wrong_signs_decimals_and_overdrafts_are_refused(app, client, people):
    donate(app, 100_000)
    make_grant(app, status=GrantStatus.APPROVED, amount=80_000)
    log_in(client, people["staff"].email)
    cases = [
        ({"amount": "-500"}, 422, "This kind of entry brings money in"),
        ({"amount": "12.5"}, 422, "Not a valid integer value."),
        ({"amount": "0"}, 422, "Enter an amount in yen other than zero."),
        # Not what was typed but what the fund holds: a conflict, the form kept.
        ({"kind": "adjustment", "amount": "-30000"}, 409, "below what is committed"),
    ]
    for changes, status, message in cases:
        response = entry(client, **changes)
        assert response.status_code == status, changes
        assert message in page_text(response)
        # A value that could not be read says so, and only so.
        assert "Enter a number from" not in page_text(response), changes
        assert 'value="Members&#39; collection"' in response.get_data(as_text=True)
    assert fund_state(app)["rows"] == 1


def test_an_entry_is_dated_up_to_today_and_never_in_a_published_year(app, client, people):
    """A donation dated next month would count in a balance before it came; one dated in a
    year whose year-end balance is public would change that published balance."""
    from datetime import timedelta

    from alumni.common.time import today_anywhere

    donate(app, 100_000)  # FY2024
    log_in(client, people["staff"].email)
    # The day after the latest "today" on Earth (a Tokyo "today" is not refused).
    tomorrow = (today_anywhere() + timedelta(days=1)).isoformat()
    response = entry(client, entry_date=tomorrow)
    assert response.status_code == 422
    assert "Record money once it has moved: give a date up to today." in page_text(response)
    assert f'value="{tomorrow}"' in response.get_data(as_text=True)
    publish = {"publish-fiscal_year": "2024"}
    assert client.post("/staff/fund/years/publish", data=publish).status_code == 302
    response = entry(client, entry_date="2024-06-01")
    assert response.status_code == 409
    assert "FY2024's year-end balance is public: hide it on the WNF years page" in (
        page_text(response)
    )
    assert fund_state(app)["rows"] == 1
    # Hidden again, the year takes the entry (then staff publish it again).
    assert client.post("/staff/fund/years/publish", data=publish).status_code == 302
    assert entry(client, entry_date="2024-06-01").status_code == 302
    assert fund_state(app)["rows"] == 2


def test_a_mistake_is_corrected_by_a_reversing_entry_never_an_edit(app, client, people):
    log_in(client, people["staff"].email)
    entry(client, amount="50000")
    with app.app_context():
        entry_id = db.session.scalars(select(LedgerEntry.id)).one()
    response = client.post(
        f"/staff/fund/{entry_id}/reverse", data={"entry_date": "2024-05-02", "memo": "Typed twice"}
    )
    assert response.status_code == 302
    assert fund_state(app) == {"balance": 0, "committed": 0, "ledger_sum": 0, "rows": 2}
    response = client.post(
        f"/staff/fund/{entry_id}/reverse", data={"entry_date": "2024-05-03", "memo": "Again"}
    )
    assert response.status_code == 409  # a row is reversed once: the ledger says why
    assert "This entry would take the fund below" in page_text(response)
    assert fund_state(app)["rows"] == 2


def test_importing_the_historical_ledger_is_all_or_nothing(app, runner, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text(
        "date,kind,amount,counterparty_kind,society,counterparty_name,memo\n"
        "1997-09-01,donation,5000000,person,,Founder,First donation\n"
        "1998-13-01,donation,100,person,,X,\n"
        "1999-04-01,gift,100,person,,Y,\n"
        "2000-04-01,donation,abc,,NOPE,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["wnf", "import-ledger", str(path)])
    assert result.exit_code != 0
    for expected in (
        "ledger.csv:3: date must look like 1997-09-01",
        "ledger.csv:4: kind must be one of",
        "ledger.csv:5: amount must be a whole",
        "ledger.csv:5: unknown society 'NOPE'",
    ):
        assert expected in result.output
    assert fund_state(app)["rows"] == 0
    path.write_text(
        "date,kind,amount,counterparty_kind,society,counterparty_name,memo\n"
        "1997-09-01,donation,5000000,person,,Founder,First donation\n"
        "2001-04-01,disbursement,-400000,society,PE-PERU,,Programme\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["wnf", "import-ledger", str(path)])
    assert result.exit_code == 0, result.output
    assert fund_state(app)["balance"] == 4_600_000


def test_published_totals_are_shown_apart_and_year_ends_only_when_published(
    app, client, people, runner, tmp_path
):
    path = tmp_path / "totals.csv"
    path.write_text(
        "fiscal_year,programmes,participants,amount,source\n"
        "2021,16,1161,,AOTS FY2021 activity report\n",
        encoding="utf-8",
    )
    assert runner.invoke(args=["wnf", "import-totals", str(path)]).exit_code == 0
    donate(app, 2_000_000)  # dated 1 April 2024: FY2024
    text = page_text(get_as(client, "/wnf/?fiscal_year=2021", "en"))
    assert "As published by AOTS 16 programmes, 1,161 participants (cumulative, 延べ)" in text
    assert "Fund balance" not in text
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    staff.post("/staff/fund/years/publish", data={"publish-fiscal_year": "2024"})
    text = page_text(get_as(client, "/wnf/", "en"))
    assert "Fund balance on 31 March 2025: ¥2,000,000" in text
    japanese = page_text(get_as(client, "/wnf/?fiscal_year=2021", "ja"))
    assert "延べ1,161人" in japanese


def test_a_year_end_balance_is_shown_only_once_the_year_is_over(app, client, people):
    """The current fiscal year and a later one have no year-end balance yet: publishing one
    is refused in the reader's language, and the public page shows none."""
    from alumni.common.fiscal import fiscal_year_of
    from alumni.common.time import today

    current = fiscal_year_of(today())
    donate(app, 2_000_000)
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    for year in (current, current + 1):
        response = staff.post(
            "/staff/fund/years/publish",
            data={"publish-fiscal_year": str(year)},
            headers={"Accept-Language": "en"},
        )
        assert response.status_code == 422
        ends = f"March 31, {year + 1}"
        assert f"FY{year} ends on {ends}: its year-end balance can be shown once it is over." in (
            page_text(response)
        )
        assert f'value="{year}"' in response.get_data(as_text=True)  # the year typed, kept
    with app.app_context():
        assert queries.published_year_ends() == []
    assert "Fund balance" not in page_text(get_as(client, "/wnf/", "en"))
    speaks(app, people["staff"], "es")
    response = staff.post("/staff/fund/years/publish", data={"publish-fiscal_year": str(current)})
    assert response.status_code == 422
    assert f"El AF{current} termina el" in page_text(response)
    # The last year that is over can be shown.
    response = staff.post(
        "/staff/fund/years/publish", data={"publish-fiscal_year": str(current - 1)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert queries.published_year_ends() == [current - 1]


def test_a_grants_disbursement_cannot_be_reversed_in_the_ledger(app, client, people):
    """The grant would stay disbursed with its money back in the fund, and refund it again."""
    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.APPROVED, amount=300_000)
    with app.app_context():
        staff = db.session.get(User, people["staff"].id)
        disburse(staff, db.session.get(Grant, grant_id), entry_date=date(2024, 6, 1))
        db.session.commit()
        entry_id = db.session.scalars(
            select(LedgerEntry.id).where(LedgerEntry.grant_id == grant_id)
        ).one()
    before = fund_state(app)
    log_in(client, people["staff"].email)
    response = client.post(
        f"/staff/fund/{entry_id}/reverse",
        data={"entry_date": "2024-06-02", "memo": "Undo"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 409
    assert "This entry belongs to a grant; correct it through the grant." in page_text(response)
    assert fund_state(app) == before


def test_the_public_page_shows_one_fiscal_year_and_links_to_the_others(app, client):
    donate(app, 1_000_000)
    for title, day in (("Lima kaizen", date(2021, 6, 1)), ("Kerala 5S", date(2023, 3, 31))):
        make_grant(app, status=GrantStatus.APPROVED, title=title, end=day)
    latest = get_as(client, "/wnf/", "en")
    text = page_text(latest)
    # The latest year only (31 March 2023 is in FY2022), with a link to the other one.
    assert "Kerala 5S" in text and "Lima kaizen" not in text
    assert 'href="/wnf/?fiscal_year=2021">FY2021</a>' in latest.get_data(as_text=True)
    older = page_text(get_as(client, "/wnf/?fiscal_year=2021", "en"))
    assert "Lima kaizen" in older and "Kerala 5S" not in older
    # A year without programmes, or no year at all, shows the latest as before.
    for query in ("?fiscal_year=1999", "?fiscal_year=x", "?fiscal_year=99999999999"):
        assert "Kerala 5S" in page_text(get_as(client, "/wnf/" + query, "en"))


def test_the_public_page_is_built_once_per_content_version_language_and_year(app, client):
    from tests.support.queries import count_queries

    donate(app, 1_000_000)
    make_grant(app, status=GrantStatus.APPROVED, title="Lima kaizen", end=date(2021, 6, 1))
    get_as(client, "/wnf/", "en")
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        again = page_text(get_as(client, "/wnf/?fiscal_year=2021", "en"))
    assert len(statements) == 1  # the content version: the year is not read again
    assert "Lima kaizen" in again
    assert "Kerala 5S" not in again
    make_grant(app, status=GrantStatus.APPROVED, title="Kerala 5S", end=date(2021, 9, 1))
    assert "Kerala 5S" in page_text(get_as(client, "/wnf/?fiscal_year=2021", "en"))
