"""What the WNF pages show: an application's page (also the answer to a refused action) and
the forms' choices and values, so that the views stay a few lines."""

from flask import render_template, request
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from alumni.auth import permissions
from alumni.common.time import today
from alumni.events.presenters import event_title
from alumni.fund.services import totals
from alumni.grants import queries, scores, services, workflow
from alumni.grants.forms import (
    ApplicationForm,
    CommentForm,
    DecisionForm,
    PaymentForm,
    ProgrammeReportForm,
    VoteForm,
)
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
        history=queries.history(grant),
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
        **forms,
    )
    return page if refusal is None else (page, refusal.status, refusal.headers())


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
    """The programme report, offering the host's published events."""
    form = ProgrammeReportForm()
    form.set_choices(
        [
            SelectChoice(str(e.id), f"{e.start_date.isoformat()} — {event_title(e).text}")
            for e in queries.host_events(grant)
        ]
    )
    return form


def report_values(form: ProgrammeReportForm) -> dict:
    """The arguments of services.file_report from a valid report form."""
    return {
        "event": queries.get_event(form.event.data),
        "actual_expenses": form.actual_expenses.data,
        "narrative": form.narrative.data,
    }
