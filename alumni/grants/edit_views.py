"""One application: drafting, the workflow buttons, votes, decisions, payment and report.

A refused action answers with the application's page, the reason and its status: 403 when
the user may not act (a recused committee member), 409 when the application's state or the
fund does not allow it, 422 when what was sent is wrong.
"""

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth.access import requires
from alumni.auth.permissions import (
    can_apply_for_grant,
    can_manage_application,
    can_run_the_fund,
    can_view_application,
    can_vote_on_grants,
)
from alumni.common.forms import csrf_in_form, handle_form, perform, validated
from alumni.common.versioning import form_version
from alumni.grants import bp, presenters, queries, services
from alumni.grants.forms import CommentForm, DecisionForm, PaymentForm, VoteForm
from alumni.grants.models import VoteChoice
from alumni.societies.queries import load_society


def load_grant(grant_id: int):
    return queries.get_grant(grant_id) or abort(404)


def _page_of(grant):
    """Where a successful action goes: the application's page."""
    return lambda result: url_for("grants.application", grant_id=grant.id)


@bp.route("/societies/<code>/wnf/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_apply_for_grant, load=load_society)
def create(society):
    form = presenters.application_form(society.code)
    return handle_form(
        form,
        "grants/edit.html",
        lambda: services.create_application(current_user, society, form.data),
        done=lambda grant: url_for("grants.application", grant_id=grant.id),
        message=_("The application is saved as a draft. Submit it when it is ready."),
        society=society,
        grant=None,
    )


@bp.route("/wnf/applications/<id:grant_id>/edit", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_application, load=load_grant)
def edit(grant):
    form = presenters.application_form(grant.host.code, grant)
    return handle_form(
        form,
        "grants/edit.html",
        lambda: services.update_application(
            current_user, grant, form.data, seen_version=form_version(form.version.data)
        ),
        done=_page_of(grant),
        message=_("The application is saved."),
        society=grant.host,
        grant=grant,
    )


@bp.get("/wnf/applications/<id:grant_id>")
@requires(can_view_application, load=load_grant)
def application(grant):
    return presenters.application_page(grant)


@bp.post("/wnf/applications/<id:grant_id>/move/<name>")
@requires(can_view_application, load=load_grant)
def move(grant, name):
    form = CommentForm()

    def action():
        comment = validated(form, _("The comment is too long.")).comment.data or ""
        services.move(current_user, grant, name[:20], comment)

    return perform(
        action,
        done=_page_of(grant),
        message=lambda result: _("The application is now: %(status)s.", status=grant.status.title),
        page=presenters.refused_page(grant),
    )


@bp.post("/wnf/applications/<id:grant_id>/vote")
@requires(can_vote_on_grants, load=load_grant)
def vote(grant):
    form = VoteForm()
    return perform(
        lambda: services.vote(
            current_user,
            grant,
            VoteChoice(validated(form, _("Choose approve, reject or abstain.")).choice.data),
            form.comment.data or "",
        ),
        done=_page_of(grant),
        message=lambda note: " ".join(filter(None, [_("Your vote is recorded."), note])),
        page=presenters.refused_page(grant, vote_form=form),
    )


@bp.post("/wnf/applications/<id:grant_id>/decision")
@requires(can_run_the_fund, load=load_grant)
def decision(grant):
    form = DecisionForm()
    return perform(
        lambda: services.record_decision(
            current_user,
            grant,
            # Any of its fields may be wrong (an amount of letters): each says why.
            validated(form, _("Please correct the marked fields.")).decision.data,
            amount=form.amount.data,
            note=form.note.data,
        ),
        done=_page_of(grant),
        message=_("The decision is recorded."),
        page=presenters.refused_page(grant, decision_form=form),
    )


@bp.post("/wnf/applications/<id:grant_id>/disburse")
@requires(can_run_the_fund, load=load_grant)
def disburse(grant):
    form = PaymentForm()
    return perform(
        lambda: services.disburse(
            current_user,
            grant,
            entry_date=validated(form, _("Give the date of the payment.")).entry_date.data,
            memo=form.memo.data or "",
        ),
        done=_page_of(grant),
        message=_("The disbursement is recorded in the ledger."),
        page=presenters.refused_page(grant, payment_form=form),
    )


@bp.post("/wnf/applications/<id:grant_id>/close")
@requires(can_run_the_fund, load=load_grant)
def close(grant):
    form = PaymentForm()
    return perform(
        lambda: services.close(
            current_user,
            grant,
            entry_date=validated(form, _("Give the date of the closing.")).entry_date.data,
            memo=form.memo.data or "",
        ),
        done=_page_of(grant),
        message=_("The programme is closed."),
        page=presenters.refused_page(grant, payment_form=form),
    )


@bp.route("/wnf/applications/<id:grant_id>/report", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_application, load=load_grant)
def report(grant):
    form = presenters.report_form(grant)
    return handle_form(
        form,
        "grants/report.html",
        lambda: services.file_report(current_user, grant, **presenters.report_values(form)),
        done=_page_of(grant),
        message=_("The programme report is filed. The WNF committee or AOTS staff will review it."),
        grant=grant,
        currencies=presenters.currency_options(),
        returned=presenters.report_return(grant),
    )
