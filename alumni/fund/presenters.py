"""What the ledger pages show and how their forms map to the services' arguments."""

from flask import render_template, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from alumni.common import once, page_cache
from alumni.common.caching import per_version
from alumni.common.forms import render_form
from alumni.common.time import today
from alumni.events.forms import NONE
from alumni.fund import queries, services
from alumni.fund.forms import EntryForm, PublishYearForm, ReverseForm, YearTotalForm
from alumni.fund.models import CounterpartyKind, LedgerKind
from alumni.i18n import current_language
from alumni.societies import queries as society_queries


def entry_form(bound: bool = True, form_key: str | None = None) -> EntryForm:
    """The form of a new ledger row: as posted when BOUND, else empty with today's date (and
    FORM_KEY, when given, for its one-time key)."""
    if bound and request.method == "POST":
        form = EntryForm()
    else:
        keyed = {"form_key": form_key} if form_key else {}
        form = EntryForm(formdata=None, data={"entry_date": today(), **keyed})
    # Built once per content version and language (caching.per_version), not per request.
    societies = per_version("fund_society_choices", (current_language(),), _society_choices)
    form.society.choices = [NONE, *societies]
    return form


def drawn_entry_form(form: EntryForm) -> Markup | None:
    """FORM as the ledger shows it while it is empty (None when it holds what was posted, or
    what was typed before a login expired: then its values and errors are drawn), drawn once
    per content version, language and day with this request's CSRF token and a form key of its
    own filled in. Its seven fields with the societies' list were a third of the page's time,
    and only content and the day decide them. Asked by the template, once the form has taken
    what handle_form gives it."""
    if form.is_submitted() or any(field.raw_data is not None for field in form):
        return None
    key = (str(get_locale()), today().isoformat())
    html = per_version("fund_entry_form", key, _draw_entry_form, most=8)
    sent = page_cache.filled(html.encode(), generate_csrf, once.new_key)
    return Markup(sent.decode())  # noqa: S704 (an escaped template's output)


def _draw_entry_form() -> str:
    form = entry_form(bound=False, form_key=KEY)
    if "csrf_token" in form:
        form.csrf_token.current_token = TOKEN
    return render_template("fund/_entry_form.html", form=form)


def _society_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in society_queries.society_choices()]


def entry_values(form: EntryForm) -> dict:
    """The arguments of services.add_entry from a valid entry form."""
    code, kind = form.society.data, form.counterparty_kind.data
    return {
        "kind": LedgerKind(form.kind.data),
        "amount": form.amount.data,
        "entry_date": form.entry_date.data,
        "counterparty_kind": CounterpartyKind(kind) if kind else None,
        "society": society_queries.get_society(code) if code else None,
        "counterparty_name": form.counterparty_name.data or "",
        "memo": form.memo.data or "",
    }


def ledger_context() -> dict:
    """What the ledger page shows besides its form (and how it draws that form when empty)."""
    number = min(max(request.args.get("page", 1, type=int), 1), 100000)
    return {
        "entries": entries_html(number),
        "totals": services.totals(),
        "drawn_entry_form": drawn_entry_form,
    }


# Stand-ins for what differs per request in the drawn entries: the page cache's marks.
TOKEN, KEY = page_cache.TOKEN_MARK.decode(), page_cache.FORM_KEY_MARK.decode()


def entries_html(number: int) -> Markup:
    """Page NUMBER of the entries with its pager, drawn once per content version, language
    and day (fifty rows of reversal buttons were most of the page's time): every row's
    button carries this request's CSRF token and a form key of its own."""
    key = (str(get_locale()), number, today().isoformat())
    html = per_version("fund_ledger_entries", key, lambda: _draw_entries(number), most=64)
    sent = page_cache.filled(html.encode(), generate_csrf, once.new_key)
    return Markup(sent.decode())  # noqa: S704 (an escaped template's output)


def _draw_entries(number: int) -> str:
    form = ReverseForm(formdata=None, data={"entry_date": today(), "form_key": KEY})
    if "csrf_token" in form:
        form.csrf_token.current_token = TOKEN
    return render_template(
        "fund/_ledger_entries.html",
        page=queries.ledger_page(number),
        reversed_ids=queries.reversed_ids(),
        reverse_form=form,
    )


def refused_on_ledger(refusal):
    """For perform(page=...): the ledger with the refusal of a button (a reversal)."""
    return render_form("fund/ledger.html", entry_form(bound=False), refusal, **ledger_context())


def total_values(form: YearTotalForm) -> dict:
    names = ("fiscal_year", "programmes", "participants", "amount", "source")
    return {name: form[name].data for name in names}


def years_context(publish: PublishYearForm | None = None) -> dict:
    return {
        "publish": publish or PublishYearForm(prefix="publish", formdata=None),
        "totals": queries.year_totals(),
        "published": queries.published_year_ends(),
    }


def refused_on_years(publish: PublishYearForm):
    """For perform(page=...): the years page with the refused publication form as posted,
    the refusal at its year (the page's box belongs to the totals form above it)."""

    def page(refusal):
        year = publish.fiscal_year
        if not year.errors:  # an unreadable year already says why
            year.errors = [refusal.message]
        body, _status, _headers = render_form(
            "fund/years.html", YearTotalForm(formdata=None), **years_context(publish)
        )
        return body, refusal.status, refusal.headers()

    return page
