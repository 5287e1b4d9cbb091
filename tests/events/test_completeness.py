"""Reporting completeness: which reports are expected, on time, late, missing or not yet due."""

from datetime import date, timedelta

from sqlalchemy import select

from alumni.common.fiscal import fiscal_year_of
from alumni.common.time import utcnow
from alumni.events import completeness
from alumni.events.completeness import ReportState
from alumni.events.models import EventStatus, ParticipationReport
from alumni.extensions import db
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in
from tests.events_helpers import make_event, society_by_code


def _file(client, event_id, total):
    return client.post(f"/events/{event_id}/report", data={"attendance_total": str(total)})


def _backdate_filing(app, event_id, days_after_end):
    with app.app_context():
        report = db.session.scalars(
            select(ParticipationReport).where(ParticipationReport.event_id == event_id)
        ).one()
        filed = report.event.end_date + timedelta(days=days_after_end)
        # Through the ORM, as the site changes content: the pages' cached parts then go.
        report.filed_at = utcnow().replace(year=filed.year, month=filed.month, day=filed.day)
        db.session.commit()


def test_each_expected_report_has_its_state_and_the_rates_leave_out_what_is_not_due(
    app, client, people
):
    today = date.today()
    start = today - timedelta(days=90)
    on_time = make_event(app, SOCIETY_A, start=start)
    late = make_event(app, SOCIETY_A, start=start)
    missing = make_event(app, SOCIETY_A, start=start)
    waiting = make_event(app, SOCIETY_A, start=today - timedelta(days=5))
    make_event(app, SOCIETY_A, start=today + timedelta(days=5))  # not ended: not expected
    make_event(app, SOCIETY_A, start=start, status=EventStatus.DRAFT)  # drafts never count
    log_in(client, people["officer_a"].email)
    assert _file(client, on_time, 40).status_code == 302
    assert _file(client, late, 25).status_code == 302
    _backdate_filing(app, on_time, 30)  # the last day that is on time
    _backdate_filing(app, late, 31)

    with app.app_context():
        society = society_by_code(SOCIETY_A)
        records = completeness.society_records(fiscal_year_of(start), today, [society.id])
        events_this_year = [today + timedelta(days=5), today - timedelta(days=5)]
        record = records[society.id]
        # events of START's fiscal year only: the recent ones may fall in the next year
        same_year = sum(fiscal_year_of(d) == fiscal_year_of(start) for d in events_this_year)
        assert record.events == 3 + same_year
        assert record.states[ReportState.ON_TIME] == 1
        assert record.states[ReportState.LATE] == 1
        assert record.states[ReportState.MISSING] == 1
        assert record.attendance == 65
        assert record.reporting_rate == 2 / 3 and record.on_time_rate == 1 / 3

        due = completeness.reports_due([society.id], today)
        assert [(d.event.id, d.state) for d in due] == [
            (missing, ReportState.MISSING),
            (waiting, ReportState.WAITING),
        ]
        assert due[0].days_late == (today - (start + timedelta(days=30))).days
        assert due[1].days_late < 0


def test_a_correction_does_not_move_the_filing_date(app, client, people):
    event_id = make_event(app, SOCIETY_A, start=date.today() - timedelta(days=60))
    log_in(client, people["officer_a"].email)
    assert _file(client, event_id, 40).status_code == 302
    _backdate_filing(app, event_id, 3)
    edit = client.get(f"/events/{event_id}/report")
    assert edit.status_code == 200
    with app.app_context():
        report = db.session.scalars(select(ParticipationReport)).one()
        filed, version = report.filed_at, report.version
    assert (
        client.post(
            f"/events/{event_id}/report",
            data={"attendance_total": "41", "version": str(version)},
        ).status_code
        == 302
    )
    with app.app_context():
        report = db.session.scalars(select(ParticipationReport)).one()
        assert report.attendance_total == 41 and report.filed_at == filed


def test_a_group_counts_its_silent_societies_and_who_has_a_current_officer(app, people):
    today = date.today()
    make_event(app, SOCIETY_A, start=today - timedelta(days=40))
    with app.app_context():
        a, b = society_by_code(SOCIETY_A), society_by_code(SOCIETY_B)
        year = fiscal_year_of(today - timedelta(days=40))
        records = completeness.society_records(year, today)
        group = completeness.combined([a.id, b.id], records)
        assert group.societies == 2 and group.silent_societies == 1 and group.events == 1
        officers = completeness.current_officer_society_ids(today)
        assert a.id in officers and b.id in officers
        last = completeness.last_activity([a.id, b.id], today=today)
        assert last == {a.id: today - timedelta(days=40)}
