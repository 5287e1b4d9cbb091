"""One application: drafting, the workflow buttons, votes, decisions, payment and report."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from alumni.auth.access import requires
from alumni.auth.permissions import (
    can_apply_for_grant,
    can_manage_application,
    can_run_the_fund,
    can_view_application,
    can_vote_on_grants,
)
from alumni.common.exceptions import Refused
from alumni.common.forms import csrf_in_form, render_form
from alumni.common.time import today
from alumni.common.transaction import commit
from alumni.common.versioning import form_version
from alumni.events.models import Event, EventHost, EventStatus
from alumni.events.presenters import event_title
from alumni.extensions import db
from alumni.fund.services import totals
from alumni.grants import bp, queries, services, workflow
from alumni.grants.forms import (
    ApplicationForm,
    CommentForm,
    DecisionForm,
    PaymentForm,
    ProgrammeReportForm,
    VoteForm,
)
from alumni.grants.models import VoteChoice
from alumni.i18n import country_name
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name
from alumni.societies.queries import load_society


def load_grant(grant_id: int):
    return queries.get_grant(grant_id) or abort(404)


def _done(grant, message: str):
    commit()
    flash(message, "info")
    return redirect(url_for("grants.application", grant_id=grant.id))


def _refused(grant, refusal: Refused):
    db.session.rollback()
    flash(refusal.message, "error")
    return redirect(url_for("grants.application", grant_id=grant.id))


def _application_form(host_code: str, data=None) -> ApplicationForm:
    form = ApplicationForm(data=data)
    form.set_choices(
        sorted(
            (
                SelectChoice(s.code, f"{society_name(s).text} — {country_name(s.country_code)}")
                for s in society_queries.all_societies()
                if s.code != host_code
            ),
            key=lambda choice: choice.label,
        )
    )
    return form


def _application_data(grant) -> dict:
    data = {
        name: getattr(grant, name)
        for name in (
            "title",
            "theme",
            "description",
            "planned_start",
            "planned_end",
            "planned_participants",
            "requested_amount",
        )
    }
    data.update(
        version=str(grant.version),
        format=grant.format.value,
        cooperations=[
            {"society": c.society.code, "role": c.role.value} for c in grant.cooperations
        ],
        budget=[{"label": b.label, "amount": b.amount} for b in grant.budget_lines],
    )
    return data


@bp.route("/societies/<code>/wnf/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_apply_for_grant, load=load_society)
def create(society):
    form = _application_form(society.code)
    if not form.validate_on_submit():
        return render_form("grants/edit.html", form, society=society, grant=None)
    try:
        grant = services.create_application(current_user, society, form.data)
    except Refused as refusal:
        db.session.rollback()
        return render_form("grants/edit.html", form, refusal, society=society, grant=None)
    return _done(grant, _("The application is saved as a draft. Submit it when it is ready."))


@bp.route("/wnf/applications/<id:grant_id>/edit", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_application, load=load_grant)
def edit(grant):
    data = _application_data(grant) if request.method == "GET" else None
    form = _application_form(grant.host.code, data)
    context = {"society": grant.host, "grant": grant}
    if not form.validate_on_submit():
        return render_form("grants/edit.html", form, **context)
    try:
        services.update_application(
            current_user, grant, form.data, seen_version=form_version(form.version.data)
        )
    except Refused as refusal:
        db.session.rollback()
        return render_form("grants/edit.html", form, refusal, **context)
    return _done(grant, _("The application is saved."))


@bp.get("/wnf/applications/<id:grant_id>")
@requires(can_view_application, load=load_grant)
def application(grant):
    involved = services.conflicts(current_user, grant) if current_user.is_committee else []
    return render_template(
        "grants/application.html",
        grant=grant,
        history=queries.history(grant),
        votes=queries.votes(grant),
        tally=services.tally(grant),
        buttons=workflow.buttons(current_user, grant),
        comment_form=CommentForm(),
        vote_form=VoteForm(),
        decision_form=DecisionForm(),
        payment_form=PaymentForm(data={"entry_date": today()}),
        involved=involved,
        fund=totals(),
        roles=queries.grouped_cooperations(grant),
    )


@bp.post("/wnf/applications/<id:grant_id>/move/<name>")
@requires(can_view_application, load=load_grant)
def move(grant, name):
    form = CommentForm()
    if not form.validate_on_submit():
        return _refused(grant, Refused(_("The comment is too long.")))
    try:
        services.move(current_user, grant, name[:20], form.comment.data or "")
    except Refused as refusal:
        return _refused(grant, refusal)
    return _done(grant, _("The application is now: %(status)s.", status=grant.status.title))


@bp.post("/wnf/applications/<id:grant_id>/vote")
@requires(can_vote_on_grants, load=load_grant)
def vote(grant):
    form = VoteForm()
    if not form.validate_on_submit():
        return _refused(grant, Refused(_("Choose approve, reject or abstain.")))
    try:
        note = services.vote(
            current_user, grant, VoteChoice(form.choice.data), form.comment.data or ""
        )
    except Refused as refusal:
        return _refused(grant, refusal)
    message = _("Your vote is recorded.")
    return _done(grant, f"{message} {note}" if note else message)


@bp.post("/wnf/applications/<id:grant_id>/decision")
@requires(can_run_the_fund, load=load_grant)
def decision(grant):
    form = DecisionForm()
    if not form.validate_on_submit():
        return _refused(grant, Refused(_("Give the meeting and a note with the decision.")))
    try:
        services.record_decision(
            current_user, grant, form.decision.data, amount=form.amount.data, note=form.note.data
        )
    except Refused as refusal:
        return _refused(grant, refusal)
    return _done(grant, _("The decision is recorded."))


@bp.post("/wnf/applications/<id:grant_id>/disburse")
@requires(can_run_the_fund, load=load_grant)
def disburse(grant):
    form = PaymentForm()
    if not form.validate_on_submit():
        return _refused(grant, Refused(_("Give the date of the payment.")))
    try:
        services.disburse(
            current_user, grant, entry_date=form.entry_date.data, memo=form.memo.data or ""
        )
    except Refused as refusal:
        return _refused(grant, refusal)
    return _done(grant, _("The disbursement is recorded in the ledger."))


@bp.post("/wnf/applications/<id:grant_id>/close")
@requires(can_run_the_fund, load=load_grant)
def close(grant):
    form = PaymentForm()
    if not form.validate_on_submit():
        return _refused(grant, Refused(_("Give the date of the closing.")))
    try:
        services.close(
            current_user, grant, entry_date=form.entry_date.data, memo=form.memo.data or ""
        )
    except Refused as refusal:
        return _refused(grant, refusal)
    return _done(grant, _("The programme is closed."))


def _host_events(grant) -> list[SelectChoice]:
    events = db.session.scalars(
        select(Event)
        .join(EventHost, EventHost.event_id == Event.id)
        .where(EventHost.society_id == grant.host_society_id, Event.status == EventStatus.PUBLISHED)
        .order_by(Event.start_date.desc())
    ).all()
    return [
        SelectChoice(str(e.id), f"{e.start_date.isoformat()} — {event_title(e).text}")
        for e in events
    ]


@bp.route("/wnf/applications/<id:grant_id>/report", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_application, load=load_grant)
def report(grant):
    form = ProgrammeReportForm()
    form.set_choices(_host_events(grant))
    if not form.validate_on_submit():
        return render_form("grants/report.html", form, grant=grant)
    event = db.session.get(Event, int(form.event.data)) if form.event.data else None
    try:
        services.file_report(
            current_user,
            grant,
            event=event,
            actual_expenses=form.actual_expenses.data,
            narrative=form.narrative.data,
        )
    except Refused as refusal:
        db.session.rollback()
        return render_form("grants/report.html", form, refusal, grant=grant)
    return _done(grant, _("The programme report is filed. AOTS staff will close the grant."))
