"""WNF reminders: the programme report after a programme's end, and a returned application.

Programme report: a disbursed grant whose report is not filed is due WNF_REPORT_DUE_DAYS
(default 30) after its planned end; a report returned for changes is due again (none is sent
while the report is with the committee). Reminder 1 goes on the due date, 2 and 3 a week and two
weeks later, to the host society's current officers; a week after the third, staff and the WNF
committee are told once. Both kinds are required: the report is a condition of the grant.

Returned application: an application returned for changes and still waiting 7 days later
nudges its applicant (the officer who submitted it, else the host's current officers) with the
committee's comment; once more at 21 days, never again. Optional, so it can be turned off.

Each message has a dedupe key (grant, stage, recipient; the return's date too), so a rerun, a
restart or two workers at once queue it once; moving on (a filed report, a new submission)
ends the series. A missed run sends only the latest stage reached, and old cases beyond a
horizon are left to the pages, never mailed as a burst of history.
"""

from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from alumni.auth import reminders
from alumni.auth.models import User
from alumni.auth.queries import serving_officers_of
from alumni.common.urls import external_url
from alumni.extensions import db
from alumni.grants import workflow
from alumni.grants.models import Grant, GrantStatus, GrantTransition
from alumni.grants.notifications import staff_members
from alumni.grants.queries import committee_members

REMINDERS, INTERVAL, ESCALATION = reminders.REMINDERS, reminders.INTERVAL, reminders.ESCALATION
HORIZON = timedelta(days=30)  # escalations older than this are history, not mail

# Days after the return at which the applicant is nudged (stage 1, stage 2), and no more.
NUDGES = (timedelta(days=7), timedelta(days=21))
NUDGE_HORIZON = timedelta(days=14)  # a return older than the last nudge plus this is history

REPORT_DUE = reminders.register(
    "programme_report_due", _l("WNF programme reports due"), optional=False
)
REPORT_ESCALATION = reminders.register(
    "programme_report_escalation",
    _l("WNF programme reports missing after three reminders"),
    optional=False,
)
RETURNED = reminders.register(
    "application_returned", _l("My WNF application is waiting for changes after its return")
)


def report_due_date(planned_end: date) -> date:
    """The day the programme report of a programme ending on PLANNED_END is due."""
    return planned_end + timedelta(days=current_app.config["WNF_REPORT_DUE_DAYS"])


def report_stage_on(planned_end: date, today: date) -> int:
    """The stage reached on TODAY for a programme that ended on PLANNED_END."""
    return reminders.stage_on(report_due_date(planned_end), today)


@reminders.daily
def remind_programme_reports(today: date) -> int:
    """Queue the report reminders and escalations due on TODAY; how many were queued."""
    return sum(
        _remind_report(grant, report_stage_on(grant.planned_end, today), today)
        for grant in _reports_due(today)
    )


def _reports_due(today: date) -> list[Grant]:
    """Real grants whose report is due (disbursed, or returned), within the horizon."""
    days = timedelta(days=current_app.config["WNF_REPORT_DUE_DAYS"])
    last_end = today - days
    first_end = last_end - REMINDERS * INTERVAL - HORIZON
    return list(
        db.session.scalars(
            select(Grant)
            .where(
                # Not while the report is with the committee; again once it is returned.
                Grant.status.in_(workflow.REPORT_DUE),
                Grant.is_example.is_(False),  # illustrative rows: nobody is asked to report
                Grant.planned_end.between(first_end, last_end),
            )
            .order_by(Grant.planned_end, Grant.id)
        )
    )


def _remind_report(grant: Grant, stage: int, today: date) -> int:
    if stage == ESCALATION:
        recipients, kind, template = _staff_and_committee(), REPORT_ESCALATION, "report_escalation"
    else:
        recipients, kind = serving_officers_of(grant.host_society_id, today), REPORT_DUE
        template = "report_reminder"
    title = _one_line(grant.title)
    subject = (
        (lambda: _("No WNF programme report for “%(title)s” after three reminders", title=title))
        if stage == ESCALATION
        else lambda: _(
            "Reminder %(n)d of %(total)d: the WNF programme report for “%(title)s” is due",
            n=stage,
            total=REMINDERS,
            title=title,
        )
    )
    link = external_url(
        "grants.application" if stage == ESCALATION else "grants.report", grant_id=grant.id
    )
    return sum(
        reminders.queue_reminder(
            user,
            kind,
            f"grant:{grant.id}:report-stage-{stage}:user-{user.id}",
            subject=subject,
            template=f"grants/{template}",
            grant=grant,
            due=report_due_date(grant.planned_end),
            stage=stage,
            total=REMINDERS,
            link=link,
        )
        for user in recipients
    )


@reminders.daily
def remind_returned_applications(today: date) -> int:
    """Nudge the applicants of applications returned 7 or 21 days ago; how many were queued."""
    return sum(
        _nudge(grant, returned, stage, today) for grant, returned, stage in _returned_waiting(today)
    )


def returned_stage_on(returned_on: date, today: date) -> int:
    """The nudge reached on TODAY for an application returned on RETURNED_ON (0: none yet)."""
    return sum(1 for after in NUDGES if today >= returned_on + after)


def _returned_waiting(today: date) -> list[tuple[Grant, GrantTransition, int]]:
    """(grant, its current return, stage) for the applications waiting long enough."""
    latest = (
        select(GrantTransition.grant_id, func.max(GrantTransition.at).label("at"))
        .where(GrantTransition.to_status == GrantStatus.RETURNED)
        .group_by(GrantTransition.grant_id)
        .subquery()
    )
    oldest = datetime.combine(today - NUDGES[-1] - NUDGE_HORIZON, time.min)
    newest = datetime.combine(today - NUDGES[0] + timedelta(days=1), time.min)
    rows = db.session.execute(
        select(Grant, GrantTransition)
        .join(latest, latest.c.grant_id == Grant.id)
        .join(
            GrantTransition,
            (GrantTransition.grant_id == Grant.id) & (GrantTransition.at == latest.c.at),
        )
        .where(
            Grant.status == GrantStatus.RETURNED,
            GrantTransition.to_status == GrantStatus.RETURNED,
            latest.c.at >= oldest,
            latest.c.at < newest,
        )
        .order_by(GrantTransition.at, Grant.id)
    ).all()
    return [
        (grant, returned, returned_stage_on(returned.at.date(), today)) for grant, returned in rows
    ]


def _nudge(grant: Grant, returned: GrantTransition, stage: int, today: date) -> int:
    if stage == 0:
        return 0
    title, returned_on = _one_line(grant.title), returned.at.date()
    return sum(
        reminders.queue_reminder(
            user,
            RETURNED,
            f"grant:{grant.id}:returned-{returned_on.isoformat()}:{stage}:user-{user.id}",
            subject=lambda: _(
                "Reminder %(n)d of %(total)d: your WNF application “%(title)s” "
                "is waiting for your changes",
                n=stage,
                total=len(NUDGES),
                title=title,
            ),
            template="grants/returned_waiting",
            grant=grant,
            returned_on=returned_on,
            comment=returned.comment,
            link=external_url("grants.edit", grant_id=grant.id),
        )
        for user in _applicants(grant, today)
    )


def _applicants(grant: Grant, today: date) -> list[User]:
    """Who submitted GRANT, while still its host's officer; else the host's current officers."""
    officers = serving_officers_of(grant.host_society_id, today)
    submitter = db.session.scalar(
        select(GrantTransition.actor_id)
        .where(
            GrantTransition.grant_id == grant.id,
            GrantTransition.to_status == GrantStatus.SUBMITTED,
        )
        .order_by(GrantTransition.at.desc(), GrantTransition.id.desc())
        .limit(1)
    )
    return [u for u in officers if u.id == submitter] or officers


def _staff_and_committee() -> list[User]:
    """Staff and WNF committee members, each once (someone may be both)."""
    people = {user.id: user for user in [*staff_members(), *committee_members()]}
    return [people[key] for key in sorted(people)]


def _one_line(text: str) -> str:
    """TEXT on one line, for a subject (forms refuse line breaks; this keeps it so)."""
    return " ".join(text.split())
