"""WNF applications through their workflow. Services audit, queue mail and flush; callers commit.

Every status move is a conditional UPDATE (`WHERE status = <expected>`): of two people acting
at once, the second finds 0 rows and is told the application has moved on.
"""

from types import SimpleNamespace

from flask import current_app
from flask_babel import format_currency
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from alumni.audit.services import record
from alumni.auth import permissions
from alumni.auth.models import User
from alumni.common.children import save_children
from alumni.common.exceptions import Conflict, Forbidden, Refused
from alumni.common.time import utcnow
from alumni.common.versioning import claim_version
from alumni.extensions import db
from alumni.files.queries import attachments_of
from alumni.fund import services as fund
from alumni.fund.models import LedgerKind
from alumni.grants import accounts, notifications, queries, workflow
from alumni.grants.models import (
    BudgetLine,
    Cooperation,
    CooperationRole,
    Grant,
    GrantStatus,
    GrantTransition,
    ReportLine,
    Vote,
    VoteChoice,
)
from alumni.societies.models import Society


def create_application(actor, host: Society, data: dict) -> Grant:
    """A new draft application of HOST."""
    grant = Grant(host=host, status=GrantStatus.DRAFT, requested_amount=1)
    db.session.add(grant)
    _apply(grant, data)
    db.session.flush()
    record("grant.created", actor=actor, target=grant, society=host)
    return grant


def update_application(actor, grant: Grant, data: dict, *, seen_version: int) -> Grant:
    """Save a draft or returned application again (budget lines and cooperations included)."""
    if grant.status not in workflow.EDITABLE:
        raise Conflict(_("Only a draft or an application returned for changes can be edited."))
    claim_version(grant, seen_version)
    _apply(grant, data)
    db.session.flush()
    record("grant.updated", actor=actor, target=grant, society=grant.host)
    return grant


# The application's own fields, as the form names them.
SCALARS = (
    "title",
    "theme",
    "description",
    "planned_start",
    "planned_end",
    "planned_participants",
    "requested_amount",
)


def _apply(grant: Grant, data: dict) -> None:
    for name in SCALARS:
        setattr(grant, name, data.get(name))
    grant.theme, grant.description = grant.theme or "", grant.description or ""
    grant.format = data["format"]
    chosen = _cooperating_societies(grant, data.get("cooperations") or [])
    by_id = {society.id: society for society, role in chosen}
    save_children(
        grant.cooperations,
        [{"society_id": society.id, "role": role} for society, role in chosen],
        "society_id",
        lambda item: Cooperation(society=by_id[item["society_id"]], role=item["role"]),
    )
    lines = [row for row in data.get("budget") or [] if row.get("label")]
    save_children(
        grant.budget_lines,
        [
            {"position": i, "label": row["label"], "amount": row.get("amount") or 0}
            for i, row in enumerate(lines, start=1)
        ],
        "position",
        lambda item: BudgetLine(**item),
    )


def _cooperating_societies(grant: Grant, rows: list[dict]) -> list[tuple]:
    """(society, role) asked for, each society once, checked against the host."""
    chosen = {row["society"]: row.get("role") for row in rows if row.get("society")}
    if any(role not in {r.value for r in CooperationRole} for role in chosen.values()):
        raise Refused(_("Choose the role of each cooperating society."))
    if grant.host.code in chosen:
        raise Refused(_("The host society cannot also be a cooperating society."))
    societies = {
        s.code: s for s in db.session.scalars(select(Society).where(Society.code.in_(chosen)))
    }
    if len(societies) != len(chosen):
        raise Refused(_("One of the cooperating societies does not exist."))
    return [(societies[code], CooperationRole(role)) for code, role in sorted(chosen.items())]


def _move(actor, grant: Grant, name: str, comment: str = "", *, by_rule: bool = False):
    """Make one workflow move with a conditional UPDATE; append the history and the audit."""
    try:
        transition = workflow.check(actor, grant, name, by_rule=by_rule)
    except workflow.IllegalMove:
        if workflow.done_already(grant, name):
            raise Conflict(
                _(
                    "Someone else has just done this: the application is now “%(status)s”. "
                    "Reload the page to see it.",
                    status=grant.status.title,
                )
            ) from None
        raise Conflict(
            _(
                "This application cannot be moved that way from “%(status)s”.",
                status=grant.status.title,
            )
        ) from None
    except workflow.NotAllowed as refused:
        raise _not_allowed(actor, grant, refused.transition) from None
    if transition.needs_comment and not comment.strip():
        raise Refused(_("Say in the comment what should be changed."))
    source = grant.status
    moved = db.session.execute(
        update(Grant)
        .where(Grant.id == grant.id, Grant.status == source)
        .values(status=transition.target, version=Grant.version + 1)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise Conflict(_("Someone else has just moved this application; reload the page."))
    db.session.refresh(grant)
    # Moved by the committee's votes: no one's words, so none stored in the voter's
    # language; the history says it in each reader's (presenters.history).
    by_the_votes = by_rule and actor is None
    comment = "" if by_the_votes else str(comment)
    db.session.add(
        GrantTransition(
            grant_id=grant.id,
            actor_id=getattr(actor, "id", None),
            actor_label=getattr(actor, "email", "") or workflow.RULE,
            from_status=source,
            to_status=transition.target,
            comment=comment,
        )
    )
    record(
        f"grant.{name}",
        actor=actor,
        target=grant,
        society=grant.host,
        details={"from": source.value, "to": transition.target.value, "comment": comment},
    )
    return transition


def _not_allowed(actor, grant: Grant, transition) -> Forbidden:
    """Why ACTOR may not make TRANSITION: recused from the review, or not theirs to make."""
    involved = permissions.conflicts(actor, grant)
    if transition.review and involved and permissions.is_committee_member(actor):
        return Forbidden(
            _(
                "You cannot review this application: you belong to %(society)s, "
                "which takes part in it.",
                society=involved[0].code,
            )
        )
    return Forbidden(_("You cannot make this move on this application."))


def move(actor, grant: Grant, name: str, comment: str = "") -> None:
    """A plain move (submit, return, review, withdraw, cancel), with its notifications."""
    if name in workflow.WITH_FORM:
        raise Conflict(_("This move needs its own form."))
    if name == "submit":
        _check_complete(grant)
    _move(actor, grant, name, comment)
    if name == "cancel":
        fund.release(grant.approved_amount)
    notifications.after_move(grant, name, comment)


def _check_complete(grant: Grant) -> None:
    if not grant.cooperations:
        raise Refused(_("Name at least one cooperating society before submitting."))


def approve(
    actor, grant: Grant, *, amount: int | None = None, note: str = "", by_rule: bool = False
) -> None:
    """Approve and commit the money, or refuse: insufficient funds, or already decided."""
    amount = amount or grant.requested_amount
    if amount > grant.requested_amount:
        raise Refused(_("The approved amount cannot exceed the requested amount."))
    # Both or neither: when another decision came first, the reservation is given back.
    with db.session.begin_nested():
        fund.reserve(amount)  # refuses, changing nothing, when not enough is available
        _move(actor, grant, "approve", note, by_rule=by_rule)
    grant.approved_amount, grant.decided_at = amount, utcnow()
    notifications.after_move(grant, "approve", note)


def reject(actor, grant: Grant, *, note: str = "", by_rule: bool = False) -> None:
    """Decide against the application (by the committee's votes, or recorded by staff)."""
    _move(actor, grant, "reject", note, by_rule=by_rule)
    grant.decided_at = utcnow()
    notifications.after_move(grant, "reject", note)


def record_decision(actor, grant: Grant, decision: str, *, amount: int | None, note: str):
    """Staff record a decision taken in a committee meeting."""
    if not note:
        raise Refused(_("Say where and when the committee took this decision."))
    if decision == "approve":
        approve(actor, grant, amount=amount, note=note)
    else:
        reject(actor, grant, note=note)


def vote(actor: User, grant: Grant, choice: VoteChoice, comment: str = "") -> str | None:
    """Cast ACTOR's one vote; when the decision rule is met the application moves by itself.

    Returns a note for the voter when the rule was met but the move was refused.
    """
    if not permissions.can_vote(actor, grant):
        involved = permissions.conflicts(actor, grant)
        raise Forbidden(
            _(
                "You cannot vote: you belong to %(society)s, which takes part in this application.",
                society=involved[0].code,
            )
            if involved
            else _("Only members of the WNF committee vote.")
        )
    if grant.status not in workflow.VOTING:
        raise Conflict(_("Votes are taken only while the application is under review."))
    if grant.status == GrantStatus.SUBMITTED:
        _move(actor, grant, "review", by_rule=True)
    try:
        with db.session.begin_nested():
            db.session.add(
                Vote(grant_id=grant.id, member_id=actor.id, choice=choice, comment=comment)
            )
    except IntegrityError:
        raise Conflict(_("You have already voted on this application.")) from None
    record(
        "grant.vote",
        actor=actor,
        target=grant,
        society=grant.host,
        details={"choice": choice.value, "comment": comment},
    )
    return _apply_decision_rule(grant)


def tally(grant: Grant) -> dict[str, int]:
    """The votes cast on GRANT by choice, and how many members may vote on it."""
    votes = db.session.scalars(select(Vote.choice).where(Vote.grant_id == grant.id)).all()
    counts = {choice.value: 0 for choice in VoteChoice}
    for choice in votes:
        counts[choice.value] += 1
    counts["eligible"] = len(queries.eligible_voters(grant))
    return counts


def _apply_decision_rule(grant: Grant) -> str | None:
    counts = tally(grant)
    needed = _needed(counts["eligible"])
    try:
        # Lazy: each mail says it in its recipient's language (notifications.queue).
        if counts["approve"] >= needed:
            approve(None, grant, note=workflow.BY_THE_VOTES, by_rule=True)
        elif counts["reject"] >= needed:
            reject(None, grant, note=workflow.BY_THE_VOTES, by_rule=True)
    except Refused as refusal:
        return refusal.message  # the vote stands; staff or a later vote can settle it
    return None


def _needed(eligible: int) -> int:
    """How many concurring votes decide: a majority of eligible members, or all of them."""
    if current_app.config.get("WNF_DECISION_RULE") == "unanimous":
        return max(eligible, 1)
    return eligible // 2 + 1


def disburse(actor, grant: Grant, *, entry_date, memo: str = "") -> None:
    """Pay the approved amount: the commitment becomes one disbursement row."""
    _move(actor, grant, "disburse", memo)
    fund.release(grant.approved_amount)
    fund.add_entry(
        actor,
        kind=LedgerKind.DISBURSEMENT,
        amount=-grant.approved_amount,
        entry_date=entry_date,
        society=grant.host,
        memo=memo or grant.title,
        grant=grant,
    )
    notifications.after_move(grant, "disburse", memo)


def file_report(actor, grant: Grant, *, event, lines: list[dict], narrative: str) -> None:
    """The host files (or, once returned, files again) the programme report: its event (with
    the participation report), the money spent line by line, and what happened."""
    if event is not None and grant.host_society_id not in {h.society_id for h in event.hosts}:
        raise Refused(_("Choose an event hosted by the applying society."))
    wanted = _report_lines(grant, lines)
    total = sum(line["amount_yen"] for line in wanted)
    if total > (grant.approved_amount or 0):
        raise Refused(_("The actual expenses exceed the grant; report what the grant paid."))
    _move(actor, grant, "report", narrative[:200])
    _save_report_lines(grant, wanted)
    grant.event, grant.actual_expenses, grant.narrative = event, total, narrative
    notifications.after_move(grant, "report", "")


def _report_lines(grant: Grant, lines: list[dict]) -> list[dict]:
    """The actual lines as stored (yen computed), refused where a rule is broken."""
    budget = {b.id for b in grant.budget_lines}
    wanted = []
    for index, line in enumerate(lines):
        if line["budget_line_id"] is not None and line["budget_line_id"] not in budget:
            raise _at(index, "budget_line", _("Choose one of the approved budget lines."))
        if line["budget_line_id"] is None and not line["label"]:
            raise _at(index, "label", _("Say what a line outside the approved budget paid for."))
        amount_yen = accounts.to_yen(line["amount"], line["rate"])
        if amount_yen > accounts.YEN_LIMIT:
            raise _at(index, "amount", _("This line comes to more than the largest grant."))
        wanted.append(line | {"amount_yen": amount_yen, "position": index + 1})
    rows = [SimpleNamespace(**line) for line in wanted]
    for group in accounts.accounts(grant, rows).unexplained():
        index = group.lines[0][0]
        raise _at(
            index,
            "explanation",
            _(
                "“%(line)s” spends %(actual)s of the %(approved)s approved: explain why.",
                line=group.label,
                actual=format_currency(group.actual, "JPY"),
                approved=format_currency(group.approved, "JPY"),
            ),
        )
    return wanted


def _at(index: int, name: str, message: str) -> Refused:
    """A refusal shown at field NAME of actual line INDEX."""
    return Refused.at(f"lines-{index}-{name}", message)


def _save_report_lines(grant: Grant, wanted: list[dict]) -> None:
    """Keep each line's id across saves (receipts are attached to it): a line posted with its
    id is updated in place, one without is added, one no longer posted is deleted."""
    existing = {line.id: line for line in grant.report_lines}
    kept, seen = [], set()
    for line in wanted:
        known = line.get("id") in existing and line.get("id") not in seen
        kept.append(line.get("id") if known else None)
        seen.add(line.get("id"))
    for line_id, line in existing.items():
        if line_id not in kept:
            _refuse_if_receipted(line)
            grant.report_lines.remove(line)
    db.session.flush()
    for line_id, line in zip(kept, wanted, strict=True):
        row = existing.get(line_id) if line_id is not None else None
        if row is None:
            row = ReportLine()
            grant.report_lines.append(row)
        for name in REPORT_LINE_FIELDS:
            if getattr(row, name) != line[name]:
                setattr(row, name, line[name])


def _refuse_if_receipted(line: ReportLine) -> None:
    """A line with receipts stays until its receipts are removed on their own page (asked
    first there): emptying a row of the form must not delete evidence the committee may
    already have read, and no receipt may be left without its line."""
    receipts = attachments_of("receipt", line.id)
    if receipts:
        raise Conflict(
            _(
                "Line %(num)s (%(line)s, %(amount)s) has receipts: %(files)s. Remove them "
                "from the line first, or keep the line.",
                num=line.position,
                line=line.budget_line.label if line.budget_line else line.label,
                amount=format_currency(line.amount, line.currency),
                files=", ".join(receipt.file_name for receipt in receipts),
            )
        )


REPORT_LINE_FIELDS = (
    "position",
    "budget_line_id",
    "label",
    "currency",
    "amount",
    "spent_on",
    "rate",
    "amount_yen",
    "explanation",
)


def close(actor, grant: Grant, *, entry_date, memo: str = "") -> None:
    """Staff close a programme whose report was accepted; unspent money goes back to the fund
    as one refund row."""
    _move(actor, grant, "close", memo)
    unspent = (grant.approved_amount or 0) - (grant.actual_expenses or 0)
    if unspent > 0:
        fund.add_entry(
            actor,
            kind=LedgerKind.REFUND,
            amount=unspent,
            entry_date=entry_date,
            society=grant.host,
            memo=memo or grant.title,
            grant=grant,
        )
    notifications.after_move(grant, "close", memo)
