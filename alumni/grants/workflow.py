"""The WNF application workflow: the one table of which status may follow which, and who moves it.

draft → submitted → (returned → submitted) → under review → approved / rejected;
withdrawn by the applicant before a decision; approved → disbursed → reported →
(report returned → reported) → report accepted → closed; approved → cancelled.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from alumni.auth import permissions
from alumni.grants.models import GrantStatus as S

# Who made a move the committee's votes made (services._apply_decision_rule): no one, so no
# one's words are stored with it; the page and the mails say so in their reader's language.
RULE = "rule"
BY_THE_VOTES = _l("Decided by the committee's votes.")
THE_VOTES = _l("the committee's votes")

BEFORE_DECISION = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNDER_REVIEW)
EDITABLE = (S.DRAFT, S.RETURNED)
VOTING = (S.SUBMITTED, S.UNDER_REVIEW)  # the committee's turn: votes are taken
REPORT_DUE = (S.DISBURSED, S.REPORT_RETURNED)  # the host's turn: the report is (re)filed


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: S
    allowed: object  # predicate (user, grant); None: the decision rule, or staff recording it
    label: object
    review: bool = False  # a review action: refused to a member who may not vote on it
    # A destructive or final move is asked twice: the question, then the button that does it.
    confirm: object = None
    confirm_yes: object = None
    needs_comment: bool = False  # refused without a comment (the officer is told what to change)


def _staff(user, grant):
    return permissions.can_run_the_fund(user, grant)


# A decision recorded by hand is final: asked twice, whichever it is.
_DECISION = {
    "confirm": _l("Record this decision? It is final."),
    "confirm_yes": _l("Yes, record the decision"),
}

TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            permissions.can_manage_application,
            _l("Submit the application"),
        ),
        Transition(
            "return",
            VOTING,
            S.RETURNED,
            permissions.can_review_application,
            _l("Return for changes"),
            review=True,
        ),
        Transition(
            "review",
            (S.SUBMITTED,),
            S.UNDER_REVIEW,
            permissions.can_review_application,
            _l("Start the review"),
            review=True,
        ),
        Transition(
            "withdraw",
            BEFORE_DECISION,
            S.WITHDRAWN,
            permissions.can_manage_application,
            _l("Withdraw the application"),
            confirm=_l("Withdraw this application? It cannot be submitted again."),
            confirm_yes=_l("Yes, withdraw the application"),
        ),
        Transition("approve", (S.UNDER_REVIEW,), S.APPROVED, None, _l("Approve"), **_DECISION),
        Transition("reject", (S.UNDER_REVIEW,), S.REJECTED, None, _l("Reject"), **_DECISION),
        Transition("disburse", (S.APPROVED,), S.DISBURSED, _staff, _l("Record the disbursement")),
        Transition(
            "cancel",
            (S.APPROVED,),
            S.CANCELLED,
            _staff,
            _l("Cancel the grant"),
            confirm=_l("Cancel this grant? Its amount is released back to the fund."),
            confirm_yes=_l("Yes, cancel the grant"),
        ),
        Transition(
            "report",
            REPORT_DUE,
            S.REPORTED,
            permissions.can_manage_application,
            _l("File the programme report"),
        ),
        Transition(
            "accept_report",
            (S.REPORTED,),
            S.REPORT_ACCEPTED,
            permissions.can_review_application,
            _l("Accept the report"),
            review=True,
        ),
        Transition(
            "return_report",
            (S.REPORTED,),
            S.REPORT_RETURNED,
            permissions.can_review_application,
            _l("Return the report for changes"),
            review=True,
            needs_comment=True,
        ),
        Transition(
            "close",
            (S.REPORT_ACCEPTED,),
            S.CLOSED,
            _staff,
            _l("Close the programme"),
            confirm=_l("Close this programme? The unspent amount is refunded to the fund."),
            confirm_yes=_l("Yes, close the programme"),
        ),
    )
}
# Moves made through their own forms (a decision, a report) rather than a plain button.
WITH_FORM = {"approve", "reject", "report", "disburse", "close"}


class IllegalMove(Exception):
    """Not in the table from the current status; nothing was changed."""


class NotAllowed(PermissionError):
    """In the table, but not for this user; nothing was changed."""

    def __init__(self, transition: Transition):
        super().__init__(transition.name)
        self.transition = transition


def check(user, grant, name: str, *, by_rule: bool = False) -> Transition:
    """The transition NAME from GRANT's status, if USER (or the decision rule) may make it."""
    transition = TRANSITIONS.get(name)
    if transition is None or grant.status not in transition.sources:
        raise IllegalMove(name)
    if by_rule:
        return transition
    if not _allowed(transition, user, grant):
        raise NotAllowed(transition)
    return transition


def done_already(grant, name: str) -> bool:
    """Whether GRANT is where move NAME leads, from a status NAME leaves: someone else made
    that move (or its twin) just now, e.g. two officers filing the same report."""
    transition = TRANSITIONS.get(name)
    return transition is not None and grant.status == transition.target


def _allowed(transition: Transition, user, grant) -> bool:
    allowed = transition.allowed or _staff  # a decision taken by hand is recorded by staff
    return allowed(user, grant)


def buttons(user, grant) -> list[Transition]:
    """Plain moves USER may make now (the forms offer the others)."""
    return [
        t
        for t in TRANSITIONS.values()
        if grant.status in t.sources
        and t.allowed is not None
        and t.name not in WITH_FORM
        and t.allowed(user, grant)
    ]


def offers(user, grant) -> set[str]:
    """What the application's page offers USER now, besides the plain buttons.

    The moves made through their own forms (approve, disburse, report, close), 'edit',
    'vote', and 'committee' (the tally, for the committee and staff while votes are taken).
    """
    names = {
        t.name
        for t in TRANSITIONS.values()
        if t.name in WITH_FORM and grant.status in t.sources and _allowed(t, user, grant)
    }
    if grant.status in EDITABLE and permissions.can_manage_application(user, grant):
        names.add("edit")
    if grant.status in VOTING and permissions.can_vote(user, grant):
        names.add("vote")
    if grant.status in VOTING and permissions.can_see_committee_queue(user):
        names.add("committee")
    return names
