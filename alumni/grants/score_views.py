"""Scoring an application on the review criteria, and the staff's page of criteria."""

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth.access import requires
from alumni.auth.permissions import can_manage_review_criteria, can_vote_on_grants
from alumni.common.forms import csrf_in_form, handle_form, perform, validated
from alumni.config import LANGUAGES
from alumni.grants import bp, presenters, queries, scores
from alumni.grants.score_forms import NewCriterionForm, criterion_form, names_of, score_form


def load_grant(grant_id: int):
    return queries.get_grant(grant_id) or abort(404)


def load_criterion(criterion_id: int):
    return scores.load_criterion(criterion_id) or abort(404)


@bp.post("/wnf/applications/<id:grant_id>/scores")
@requires(can_vote_on_grants, load=load_grant)
def score(grant):
    form = score_form(scores.criteria(), posted=True)
    return perform(
        lambda: scores.save_scores(
            current_user,
            grant,
            validated(form, _("Give every criterion a score from 1 to 5.")).given(),
        ),
        done=lambda result: url_for("grants.application", grant_id=grant.id),
        message=_("Your scores are saved."),
        page=presenters.refused_page(grant, score_form=form),
    )


@bp.route("/staff/wnf/criteria", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_review_criteria)
def criteria():
    form = NewCriterionForm()
    return handle_form(
        form,
        "grants/criteria.html",
        lambda: scores.add_criterion(current_user, code=form.code.data, names=names_of(form)),
        done=url_for("grants.criteria"),
        message=_("The criterion is added."),
        criteria=scores.criteria(active_only=False),
        languages=LANGUAGES,
    )


@bp.route("/staff/wnf/criteria/<id:criterion_id>", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_review_criteria, load=load_criterion)
def criterion(criterion):
    form = criterion_form(criterion)
    return handle_form(
        form,
        "grants/criterion.html",
        lambda: scores.update_criterion(
            current_user, criterion, names=names_of(form), active=form.active.data
        ),
        done=url_for("grants.criteria"),
        message=_("The criterion is saved."),
        criterion=criterion,
        languages=LANGUAGES,
    )


bp.add_app_template_global(scores.criterion_name, "criterion_name")
