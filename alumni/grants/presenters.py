"""What the WNF pages show: an application's page (also the answer to a refused action) and
the forms' choices and values, so that the views stay a few lines."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from babel.numbers import (
    get_currency_name,
    get_currency_precision,
    get_territory_currencies,
    list_currencies,
)
from flask import render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from alumni.auth import permissions
from alumni.common.time import today
from alumni.common.validators import whole_number
from alumni.events.presenters import event_title
from alumni.fund.services import totals
from alumni.grants import accounts, queries, scores, services, workflow
from alumni.grants.forms import (
    ApplicationForm,
    CommentForm,
    DecisionForm,
    PaymentForm,
    ProgrammeReportForm,
    VoteForm,
)
from alumni.grants.models import GrantStatus
from alumni.grants.score_forms import score_form
from alumni.i18n import country_name
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name


def application_page(grant, refusal=None, **forms):
    """GRANT's page; with REFUSAL, the answer to a refused action: (page, status, headers).

    FORMS replace the page's empty forms, so that what was typed in a refused one is kept.
    """
    my_vote = queries.vote_of(current_user, grant)
    score_panel = scores.panel(current_user, grant, forms.pop("score_form", None), score_form)
    offers = workflow.offers(current_user, grant) - ({"vote"} if my_vote else set())
    forms = {
        "comment_form": CommentForm(formdata=None),
        "vote_form": VoteForm(formdata=None),
        "decision_form": DecisionForm(formdata=None),
        "payment_form": PaymentForm(formdata=None, data={"entry_date": today()}),
    } | forms
    page = render_template(
        "grants/application.html",
        grant=grant,
        refusal=refusal,
        history=history(grant),
        votes=queries.votes(grant),
        my_vote=my_vote,
        tally=services.tally(grant),
        buttons=workflow.buttons(current_user, grant),
        moves=workflow.TRANSITIONS,
        offers=offers,
        involved=permissions.conflicts(current_user, grant),
        fund=totals(),
        roles=queries.grouped_cooperations(grant),
        scores=score_panel,
        accounts=report_accounts(grant)
        if permissions.can_see_report(current_user, grant)
        else None,
        **forms,
    )
    return page if refusal is None else (page, refusal.status, refusal.headers())


@dataclass(frozen=True)
class Step:
    """A line of an application's history: when, by whom, the move, why."""

    at: datetime
    actor: str
    from_status: GrantStatus
    to_status: GrantStatus
    comment: str


def history(grant) -> list[Step]:
    """GRANT's moves, those the committee's votes made said in the reader's language (the
    note of one stored before they were, in its voter's language, is not shown)."""
    return [_step(step) for step in queries.history(grant)]


def _step(step) -> Step:
    by_the_votes = step.actor_id is None and step.actor_label == workflow.RULE
    actor = str(workflow.THE_VOTES) if by_the_votes else step.actor_label
    comment = str(workflow.BY_THE_VOTES) if by_the_votes else step.comment
    return Step(step.at, actor, step.from_status, step.to_status, comment)


def refused_page(grant, **forms):
    """For perform(page=...): GRANT's page with the refusal and the forms as posted."""
    return lambda refusal: application_page(grant, refusal, **forms)


def application_form(host_code: str, grant=None) -> ApplicationForm:
    """The application form: the other societies to choose from; GRANT's values on a GET."""
    data = _application_data(grant) if grant is not None and request.method == "GET" else None
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
    data = {name: getattr(grant, name) for name in services.SCALARS}
    data.update(
        version=str(grant.version),
        format=grant.format.value,
        cooperations=[
            {"society": c.society.code, "role": c.role.value} for c in grant.cooperations
        ],
        budget=[{"label": b.label, "amount": b.amount} for b in grant.budget_lines],
    )
    return data


def report_form(grant) -> ProgrammeReportForm:
    """The programme report, offering the host's published events and the approved budget
    lines; on a GET, the report as last filed (a returned one is corrected) and empty rows."""
    data = _report_data(grant) if request.method == "GET" else None
    form = ProgrammeReportForm(data=data)
    if data is not None:
        while len(form.lines) < len(grant.report_lines) + EMPTY_ROWS:
            form.lines.append_entry()
        currency = host_currency(grant)
        for entry in form.lines:
            entry.form.currency.data = entry.form.currency.data or currency
    form.set_choices(
        [
            SelectChoice(str(e.id), f"{e.start_date.isoformat()} — {event_title(e).text}")
            for e in queries.host_events(grant)
        ],
        [
            *(SelectChoice(str(b.id), b.label) for b in grant.budget_lines),
            SelectChoice(accounts.OTHER, _("Other (not in the approved budget)")),
        ],
    )
    return form


EMPTY_ROWS = 2  # rows offered below the lines already filed (the form starts with four)


def host_currency(grant) -> str:
    """The currency of the host's country today (what its officers mostly spend), else yen."""
    found = get_territory_currencies(grant.host.country_code, tender=True)
    return found[0] if found else "JPY"


def _report_data(grant) -> dict:
    return {
        "event": str(grant.event_id) if grant.event_id else "",
        "narrative": grant.narrative,
        "lines": [
            {
                "id": str(line.id),
                "budget_line": str(line.budget_line_id or accounts.OTHER),
                "label": line.label,
                "currency": line.currency,
                "amount": _plain(line.amount, get_currency_precision(line.currency)),
                "spent_on": line.spent_on,
                "rate": _plain(line.rate.normalize(), None),
                "explanation": line.explanation,
            }
            for line in grant.report_lines
        ],
    }


def _plain(value: Decimal, digits: int | None) -> str:
    """VALUE as the form takes it: digits and a point (DIGITS decimals; None: as few as can be)."""
    if digits is not None:
        return f"{value:.{digits}f}"
    return format(value, "f")


def report_values(form: ProgrammeReportForm) -> dict:
    """The arguments of services.file_report from a valid report form (empty rows left out)."""
    return {
        "event": queries.get_event(form.event.data),
        "lines": [_line(entry.form) for entry in form.lines if not entry.form.is_blank()],
        "narrative": form.narrative.data,
    }


def _line(row) -> dict:
    budget_line = row.budget_line.data
    return {
        "id": whole_number(row.id.data),
        "budget_line_id": None if budget_line == accounts.OTHER else int(budget_line),
        "label": row.label.data or "",
        "currency": row.currency.data,
        "amount": row.amount.data,
        "spent_on": row.spent_on.data,
        "rate": row.rate.data,
        "explanation": row.explanation.data or "",
    }


def currency_options() -> list[tuple[str, str]]:
    """Babel's ISO 4217 codes with their names in the reader's language, for the rows' list."""
    locale = get_locale()
    return [(code, get_currency_name(code, locale=locale)) for code in sorted(list_currencies())]


def report_return(grant):
    """The return the officer is correcting (its comment), while the report is returned."""
    if grant.status != GrantStatus.REPORT_RETURNED:
        return None
    return queries.latest_move_to(grant, GrantStatus.REPORT_RETURNED)


def report_accounts(grant):
    """GRANT's approved budget lines against the report's actual lines (None: no report)."""
    if grant.actual_expenses is None and not grant.report_lines:
        return None
    return accounts.accounts(grant, grant.report_lines)
