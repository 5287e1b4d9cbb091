"""The secretariat's ledger pages: record money, correct by reversal, publish year ends."""

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth.access import requires
from alumni.auth.permissions import can_run_the_fund
from alumni.common.forms import csrf_in_form, handle_form, perform, validated
from alumni.fund import bp, presenters, queries, services
from alumni.fund.forms import PublishYearForm, ReverseForm, YearTotalForm


@bp.route("/staff/fund/", methods=["GET", "POST"])
@csrf_in_form
@requires(can_run_the_fund)
def ledger():
    form = presenters.entry_form()
    return handle_form(
        form,
        "fund/ledger.html",
        lambda: services.add_entry(current_user, **presenters.entry_values(form)),
        done=url_for("fund.ledger"),
        message=_("The entry is recorded."),
        **presenters.ledger_context(),
    )


@bp.post("/staff/fund/<id:entry_id>/reverse")
@requires(can_run_the_fund, load=queries.load_entry)
def reverse(entry):
    form = ReverseForm()
    return perform(
        lambda: services.reverse(
            current_user,
            entry,
            entry_date=validated(
                form, _("Give the date and the reason of the correction.")
            ).entry_date.data,
            memo=form.memo.data,
        ),
        done=url_for("fund.ledger"),
        message=_("The entry is reversed by a new entry."),
        page=presenters.refused_on_ledger,
    )


@bp.route("/staff/fund/years", methods=["GET", "POST"])
@csrf_in_form
@requires(can_run_the_fund)
def years():
    form = YearTotalForm()
    return handle_form(
        form,
        "fund/years.html",
        lambda: services.save_year_total(current_user, **presenters.total_values(form)),
        done=url_for("fund.years"),
        message=_("The published totals are saved."),
        **presenters.years_context(),
    )


@bp.post("/staff/fund/years/publish")
@requires(can_run_the_fund)
def publish_year():
    form = PublishYearForm(prefix="publish")
    return perform(
        lambda: services.toggle_year_end_publication(
            current_user,
            validated(form, _("Give a fiscal year between 1997 and 2200.")).fiscal_year.data,
        ),
        done=url_for("fund.years"),
        message=lambda shown: _published_message(shown, form.fiscal_year.data),
        page=presenters.refused_on_years(form),
    )


def _published_message(shown: bool, fiscal_year: int) -> str:
    if shown:
        return _("FY%(year)s's year-end balance and statement are now public.", year=fiscal_year)
    return _("FY%(year)s's year-end balance and statement are hidden again.", year=fiscal_year)
