"""The secretariat's ledger pages: record money, correct by reversal, publish year ends."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from alumni.auth.access import requires
from alumni.auth.permissions import can_run_the_fund
from alumni.common.exceptions import Refused
from alumni.common.forms import csrf_in_form, render_form
from alumni.common.time import today
from alumni.common.transaction import commit
from alumni.events.forms import NONE
from alumni.extensions import db
from alumni.fund import bp, services
from alumni.fund.forms import EntryForm, PublishYearForm, ReverseForm, YearTotalForm
from alumni.fund.models import (
    CounterpartyKind,
    LedgerEntry,
    LedgerKind,
    YearEndPublication,
    YearTotal,
)
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name

PER_PAGE = 50


def _entry_form() -> EntryForm:
    form = EntryForm(data={"entry_date": today()} if request.method == "GET" else None)
    form.society.choices = [
        NONE,
        *sorted(
            (SelectChoice(s.code, society_name(s).text) for s in society_queries.all_societies()),
            key=lambda choice: choice.label,
        ),
    ]
    return form


def _ledger_page(form, refusal=None):
    number = min(max(request.args.get("page", 1, type=int), 1), 100000)
    page = db.paginate(
        select(LedgerEntry).order_by(LedgerEntry.entry_date.desc(), LedgerEntry.id.desc()),
        page=number,
        per_page=PER_PAGE,
        error_out=False,
    )
    reversed_ids = set(
        db.session.scalars(
            select(LedgerEntry.reverses_id).where(LedgerEntry.reverses_id.is_not(None))
        )
    )
    return render_form(
        "fund/ledger.html",
        form,
        refusal,
        page=page,
        totals=services.totals(),
        reversed_ids=reversed_ids,
        reverse_form=ReverseForm(data={"entry_date": today()}),
    )


@bp.route("/staff/fund/", methods=["GET", "POST"])
@csrf_in_form
@requires(can_run_the_fund)
def ledger():
    form = _entry_form()
    if not form.validate_on_submit():
        return _ledger_page(form)
    society = society_queries.get_society(form.society.data) if form.society.data else None
    kind = form.counterparty_kind.data
    try:
        services.add_entry(
            current_user,
            kind=LedgerKind(form.kind.data),
            amount=form.amount.data,
            entry_date=form.entry_date.data,
            counterparty_kind=CounterpartyKind(kind) if kind else None,
            society=society,
            counterparty_name=form.counterparty_name.data or "",
            memo=form.memo.data or "",
        )
    except Refused as refusal:
        db.session.rollback()
        return _ledger_page(form, refusal)
    commit()
    flash(_("The entry is recorded."), "info")
    return redirect(url_for("fund.ledger"))


@bp.post("/staff/fund/<id:entry_id>/reverse")
@requires(can_run_the_fund)
def reverse(entry_id):
    entry = db.session.get(LedgerEntry, entry_id) or abort(404)
    form = ReverseForm()
    if not form.validate_on_submit():
        flash(_("Give the date and the reason of the correction."), "error")
        return redirect(url_for("fund.ledger"))
    try:
        services.reverse(current_user, entry, entry_date=form.entry_date.data, memo=form.memo.data)
    except Refused as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return redirect(url_for("fund.ledger"))
    commit()
    flash(_("The entry is reversed by a new entry."), "info")
    return redirect(url_for("fund.ledger"))


@bp.route("/staff/fund/years", methods=["GET", "POST"])
@csrf_in_form
@requires(can_run_the_fund)
def years():
    form, publish = YearTotalForm(), PublishYearForm(prefix="publish")
    if request.method == "POST" and "publish-fiscal_year" in request.form:
        if publish.validate_on_submit():
            services.toggle_year_end_publication(current_user, publish.fiscal_year.data)
            commit()
            flash(_("Saved."), "info")
            return redirect(url_for("fund.years"))
    elif form.validate_on_submit():
        services.save_year_total(
            current_user,
            fiscal_year=form.fiscal_year.data,
            programmes=form.programmes.data,
            participants=form.participants.data,
            amount=form.amount.data,
            source=form.source.data,
        )
        commit()
        flash(_("The published totals are saved."), "info")
        return redirect(url_for("fund.years"))
    totals = db.session.scalars(select(YearTotal).order_by(YearTotal.fiscal_year.desc())).all()
    published = set(db.session.scalars(select(YearEndPublication.fiscal_year)))
    return render_form(
        "fund/years.html",
        form,
        publish=publish,
        totals=totals,
        published=sorted(published, reverse=True),
    )
