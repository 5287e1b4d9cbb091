"""Approval cannot overdraw the fund, even when committee decisions land at the same moment.

Real threads, each with its own session, released together from a barrier, repeated; on the
file-based SQLite database and on PostgreSQL (the `app` fixture runs both). A naive
read-check-write variant must break under the same conditions, which proves the test bites.
"""

import threading
import time

from sqlalchemy import func, select, update

from alumni.auth.models import User
from alumni.common.exceptions import Refused
from alumni.extensions import db
from alumni.fund.models import LedgerEntry
from alumni.grants import services
from alumni.grants.models import Grant, GrantStatus
from tests.grants_helpers import donate, fund_state, grant_state, make_grant

ROUNDS = 5


def run_together(app, actions) -> list:
    """Run each action in its own thread and app context, released at the same instant."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def worker(index, action):
        with app.app_context():
            try:
                prepared = action("prepare")
                barrier.wait(timeout=30)
                results[index] = action(prepared)
                db.session.commit()
            except Refused as refusal:
                db.session.rollback()
                results[index] = refusal.message
            except Exception as error:  # shown in the assertion, not lost in a thread
                db.session.rollback()
                results[index] = f"unexpected {error!r}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def approver(staff_id: int, grant_id: int):
    def action(step):
        if step == "prepare":
            return (db.session.get(User, staff_id), db.session.get(Grant, grant_id))
        staff, grant = step
        services.approve(staff, grant, note="race")
        return "approved"

    return action


def staff_id(people) -> int:
    return people["staff"].id


def test_two_approvals_larger_than_what_is_available_together(app, people):
    donate(app, 1_000_000)
    for _round in range(ROUNDS):
        available = fund_state(app)["balance"] - fund_state(app)["committed"]
        amount = available * 6 // 10
        first = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=amount)
        second = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=amount)
        results = run_together(
            app, [approver(staff_id(people), first), approver(staff_id(people), second)]
        )
        assert sorted(results, key=str) == sorted(
            ["approved", "The fund does not have enough money available for this grant."], key=str
        ), results
        state = fund_state(app)
        assert state["balance"] - state["committed"] >= 0
        assert state["balance"] == state["ledger_sum"]
        statuses = sorted(grant_state(app, g)["status"] for g in (first, second))
        assert statuses == ["approved", "under_review"]


def test_the_same_application_approved_twice_at_once_is_decided_once(app, people):
    donate(app, 1_000_000)
    for _round in range(ROUNDS):
        grant = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=100_000)
        before = fund_state(app)["committed"]
        results = run_together(
            app, [approver(staff_id(people), grant), approver(staff_id(people), grant)]
        )
        assert results.count("approved") == 1, results
        assert fund_state(app)["committed"] == before + 100_000


def test_disbursing_twice_at_once_makes_one_ledger_row(app, people):
    from datetime import date

    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.APPROVED, amount=200_000)

    def disburser(step):
        if step == "prepare":
            return db.session.get(User, staff_id(people)), db.session.get(Grant, grant_id)
        staff, grant = step
        services.disburse(staff, grant, entry_date=date(2024, 6, 1))
        return "disbursed"

    results = run_together(app, [disburser, disburser])
    assert results.count("disbursed") == 1, results
    with app.app_context():
        rows = db.session.scalar(
            select(func.count(LedgerEntry.id)).where(LedgerEntry.grant_id == grant_id)
        )
    assert rows == 1
    state = fund_state(app)
    assert state == {"balance": 800_000, "committed": 0, "ledger_sum": 800_000, "rows": 2}


def naive_approver(grant_id: int):
    """The read-check-write design: what the conditional writes replace."""

    def action(step):
        if step == "prepare":
            return None
        ledger = db.session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount), 0)))
        committed = db.session.scalar(
            select(func.coalesce(func.sum(Grant.approved_amount), 0)).where(
                Grant.status == GrantStatus.APPROVED
            )
        )
        amount = db.session.get(Grant, grant_id).requested_amount
        if ledger - committed < amount:
            raise Refused("insufficient")
        time.sleep(0.05)  # the other approver checks while this one is about to write
        db.session.execute(
            update(Grant)
            .where(Grant.id == grant_id)
            .values(status=GrantStatus.APPROVED, approved_amount=amount)
        )
        return "approved"

    return action


def test_the_naive_read_check_write_overdraws(app, people):
    donate(app, 1_000_000)
    overdrawn = False
    for _round in range(ROUNDS):
        first = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=600_000)
        second = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=600_000)
        results = run_together(app, [naive_approver(first), naive_approver(second)])
        overdrawn = overdrawn or results.count("approved") == 2
        with app.app_context():  # undo, so that every round starts from the same money
            db.session.execute(
                update(Grant)
                .where(Grant.id.in_([first, second]))
                .values(status=GrantStatus.REJECTED)
            )
            db.session.commit()
    assert overdrawn, "the naive variant should overdraw: the race test would not bite"
