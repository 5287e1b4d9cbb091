"""The WNF application workflow: the one table of which status may follow which, and who moves it.

draft → submitted → (returned → submitted) → under review → approved / rejected;
withdrawn by the applicant before a decision; approved → disbursed → reported → closed;
approved → cancelled.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from alumni.auth import permissions
from alumni.grants.models import GrantStatus as S

BEFORE_DECISION = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNDER_REVIEW)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: S
    allowed: object  # predicate (user, grant); None: the decision rule, or staff recording it
    label: object


def _staff(user, grant):
    return permissions.can_run_the_fund(user, grant)


def _reviewer(user, grant):
    return permissions.can_run_the_fund(user, grant) or permissions.is_committee_member(user)


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
            "return", (S.SUBMITTED, S.UNDER_REVIEW), S.RETURNED, _reviewer, _l("Return for changes")
        ),
        Transition("review", (S.SUBMITTED,), S.UNDER_REVIEW, _reviewer, _l("Start the review")),
        Transition(
            "withdraw",
            BEFORE_DECISION,
            S.WITHDRAWN,
            permissions.can_manage_application,
            _l("Withdraw the application"),
        ),
        Transition("approve", (S.UNDER_REVIEW,), S.APPROVED, None, _l("Approve")),
        Transition("reject", (S.UNDER_REVIEW,), S.REJECTED, None, _l("Reject")),
        Transition("disburse", (S.APPROVED,), S.DISBURSED, _staff, _l("Record the disbursement")),
        Transition("cancel", (S.APPROVED,), S.CANCELLED, _staff, _l("Cancel the grant")),
        Transition(
            "report",
            (S.DISBURSED,),
            S.REPORTED,
            permissions.can_manage_application,
            _l("File the programme report"),
        ),
        Transition("close", (S.REPORTED,), S.CLOSED, _staff, _l("Accept the report and close")),
    )
}
# Moves made through their own forms (a decision, a report) rather than a plain button.
WITH_FORM = {"approve", "reject", "report", "disburse", "close"}


class IllegalMove(Exception):
    """Not in the table from the current status; nothing was changed."""


def check(user, grant, name: str, *, by_rule: bool = False) -> Transition:
    """The transition NAME from GRANT's status, if USER (or the decision rule) may make it."""
    transition = TRANSITIONS.get(name)
    if transition is None or grant.status not in transition.sources:
        raise IllegalMove(name)
    if by_rule:
        return transition
    allowed = transition.allowed or _staff  # a decision taken by hand is recorded by staff
    if not allowed(user, grant):
        raise PermissionError(name)
    return transition


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
