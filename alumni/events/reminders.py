"""Reminders for participation reports that are due, and the escalation when none comes.

Stage 1 goes on the due date itself (`completeness.due_date(end)`, the last day a report is on
time), stages 2 and 3 a week and two weeks later, each to the lead host's current officers with
enabled accounts. A week after the third, the staff (is_staff) and the users representing the
lead society's federation (user.federation_code) are told once. Each message has
the dedupe key (event, stage, recipient), so running the schedule twice, after a restart or in
two workers at once, queues it once; a filed report ends the series at the next run. When a run
was missed, only the latest stage reached is sent, never a burst of all the missed ones.
"""

from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from alumni.auth import reminders
from alumni.auth.models import User
from alumni.auth.queries import serving_officers_of
from alumni.common.urls import external_url
from alumni.events.completeness import due_date, due_days
from alumni.events.models import Event, EventStatus, ParticipationReport
from alumni.extensions import db
from alumni.i18n import pick_translation

REMINDERS, INTERVAL, ESCALATION = reminders.REMINDERS, reminders.INTERVAL, reminders.ESCALATION
# Events whose escalation is older than this are history for the completeness pages, not mail.
HORIZON = timedelta(days=30)

REPORT_DUE = reminders.register("report_due", _l("Participation reports due"), optional=False)
REPORT_ESCALATION = reminders.register(
    "report_escalation", _l("Participation reports missing after three reminders"), optional=False
)


def stage_on(end_date: date, today: date) -> int:
    """The stage reached on TODAY for an event that ended on END_DATE."""
    return reminders.stage_on(due_date(end_date), today)


@reminders.daily
def remind_reports(today: date) -> int:
    """Queue the reminders and escalations due on TODAY; the number of messages queued."""
    return sum(_remind(event, stage_on(event.end_date, today), today) for event in _due(today))


def _due(today: date) -> list[Event]:
    """Published events without a report whose first reminder has come, within the horizon."""
    first_end = today - timedelta(days=due_days()) - REMINDERS * INTERVAL - HORIZON
    last_end = today - timedelta(days=due_days())
    return list(
        db.session.scalars(
            select(Event)
            .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
            .where(
                Event.status == EventStatus.PUBLISHED,
                Event.end_date.between(first_end, last_end),
                ParticipationReport.id.is_(None),
            )
            .order_by(Event.end_date, Event.id)
        )
    )


def _remind(event: Event, stage: int, today: date) -> int:
    if stage == ESCALATION:
        recipients, template = _told_of_escalation(event), "report_escalation"
    else:
        recipients, template = serving_officers_of(event.lead_society_id, today), "report_reminder"
    return sum(_queue(user, event, stage, template) for user in recipients)


def _told_of_escalation(event: Event) -> list[User]:
    """The staff and those representing the lead society's federation, enabled, each once."""
    told = User.is_staff.is_(True)
    federation = event.lead_host.society.federation_code
    if federation is not None:
        told = or_(told, User.federation_code == federation)
    return list(
        db.session.scalars(select(User).where(told, User.disabled_at.is_(None)).order_by(User.id))
    )


def _subject(template: str, stage: int):
    if template == "report_escalation":
        return lambda: _("No participation report was filed after three reminders")
    return lambda: _(
        "Reminder %(n)d of %(total)d: the participation report is due", n=stage, total=REMINDERS
    )


def _queue(user: User, event: Event, stage: int, template: str) -> bool:
    with force_locale(user.language):
        title, _language = pick_translation(event.text_map("title"), event.original_language)
    return reminders.queue_reminder(
        user,
        REPORT_DUE if template == "report_reminder" else REPORT_ESCALATION,
        f"report:{event.id}:stage-{stage}:user-{user.id}",
        subject=_subject(template, stage),
        template=f"events/{template}",
        event=event,
        title=title,
        society=event.lead_host.society,
        due=due_date(event.end_date),
        stage=stage,
        link=external_url("events.report", event_id=event.id),
    )
