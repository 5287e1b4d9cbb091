"""The one way a form or a button's post is handled, so every one refuses the same way.

`handle_form` shows the form (200, or 422 with the marked fields), runs its one service call in
the request's unit of work and either redirects with a flash or shows the form again with the
refusal's status (422 invalid, 403 forbidden, 409 conflict, 429 throttled, 503 busy) and what
was typed. `perform` does the same for a button (publish, vote, approve) whose refusal shows
the object's page. Both make a repeated post of the same form land on the first one's result.
"""

from collections.abc import Callable

from babel import support
from flask import current_app, flash, redirect, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError, OperationalError
from wtforms import Form, HiddenField
from wtforms.i18n import messages_path

from alumni.common import held, once
from alumni.common.exceptions import Busy, Conflict, Refused
from alumni.common.text import NormalizedMeta
from alumni.common.transaction import rollback
from alumni.common.widgets import FastWidgetsMeta
from alumni.extensions import csrf, db

SAVED_AT_THE_SAME_MOMENT = _l(
    "Someone else saved the same thing at the same moment. "
    "Check the page, then send again if it is still needed."
)


class _WTFormsMessages:
    """WTForms' own messages in the page's language, as Flask-WTF gives them, with each
    language's catalogue read once per worker: Flask-WTF reads and parses it from disk in
    every request that builds a form (a tenth of the event form's construction)."""

    _loaded: dict[str, support.Translations] = {}

    def _catalogue(self):
        locale = get_locale()
        found = self._loaded.get(str(locale))
        if found is None:
            found = support.Translations.load(messages_path(), [locale], domain="wtforms")
            self._loaded[str(locale)] = found
        return found

    def gettext(self, string):
        return self._catalogue().ugettext(string)

    def ngettext(self, singular, plural, n):
        return self._catalogue().ungettext(singular, plural, n)


_MESSAGES = _WTFormsMessages()


class _KeptMessagesMeta:
    def get_translations(self, form):
        if current_app.config.get("WTF_I18N_ENABLED", True) and "babel" in current_app.extensions:
            return _MESSAGES
        return super().get_translations(form)


class _UnreadValuesSayWhy:
    """A value typed that could not be read ("12.5" for a whole number, "31/02" for a date) is
    marked with that reason alone: WTForms also runs the field's validators on the empty
    value it was left with, which added "Enter a number from …" or "This field is
    required." to what the person had typed."""

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not valid:
            for field in self:
                _keep_process_errors(field)
        return valid


def _keep_process_errors(field) -> None:
    if field.type == "FieldList":
        for entry in field.entries:
            _keep_process_errors(entry)
    elif field.type != "FormField" and field.process_errors and field.errors and _typed(field):
        # Only where errors are left: Optional() clears an empty input's "not a number". Left
        # empty, a required field says so ("This field is required."), not "Not a valid date
        # value.": nothing was typed that could not be read.
        field.errors[:] = field.process_errors  # in place: a FieldList holds the same list


def _typed(field) -> bool:
    """Whether FIELD was given something (a blank text is nothing; a file is something)."""
    return any(value.strip() if isinstance(value, str) else True for value in field.raw_data or ())


class AppForm(_UnreadValuesSayWhy, FlaskForm):
    """Every posted form: CSRF-checked, typed text normalised (NFC), with a one-time key
    rendered beside the token. Fields draw with the fast twins of WTForms' widgets (the same
    HTML: tests/test_widgets.py), which every page with a form pays for."""

    class Meta(_KeptMessagesMeta, FastWidgetsMeta, NormalizedMeta):
        pass

    form_key = HiddenField(default=once.new_key)


class SubForm(_UnreadValuesSayWhy, Form):
    """A repeated block inside a form (a speaker, a link, a budget line): normalised too."""

    class Meta(FastWidgetsMeta, NormalizedMeta):
        pass


def render_form(template: str, form, refusal: Refused | None = None, **context):
    """200 for a fresh form, 422 when shown again with errors, else the refusal's status.

    A conflict on a versioned object shows the form with the version now saved, so that
    saving again (after checking) goes through.
    """
    status, headers = 200, {}
    if refusal is not None:
        status, headers = refusal.status, refusal.headers()
        current = getattr(refusal, "current_version", None)
        if current is not None and hasattr(form, "version"):
            form.version.data = str(current)
        name = getattr(refusal, "field", "") or ""
        field = getattr(form, name, None) if name.isidentifier() else _field_named(form, name)
        if field is not None:  # a refusal about one field is shown at that field
            field.errors = [*field.errors, refusal.message]
            refusal.shown_at_field = True  # above the form: "correct the marked fields"
    elif request.method == "POST" and form.errors:
        status = 422
    page = render_template(template, form=form, refusal=refusal, **context)
    return page, status, headers


def _field_named(form, name: str):
    """The field of FORM posted as NAME, inside repeated blocks too ("lines-0-amount")."""
    for field in form if name else ():
        if field.name == name:
            return field
        if field.type in ("FieldList", "FormField"):
            found = _field_named(field, name)
            if found is not None:
                return found
    return None


def handle_form(form, template: str, action: Callable, *, done, message, **context):
    """GET shows FORM (with values held over an expired login); a valid POST runs ACTION()."""
    if request.method != "POST":
        restored = held.take_held()
        if restored is not None:
            form.process(formdata=restored)
            flash(_("What you typed before logging in again is back: check it and send it."))
        return render_form(template, form, **context)
    if not form.validate_on_submit():
        return render_form(template, form, **context)
    return _act(
        action, done, message, lambda refusal: render_form(template, form, refusal, **context)
    )


def handle_preview(form, template: str, action: Callable, *, shown: Callable, **context):
    """A form whose valid POST shows what it would do instead of doing it: ACTION() changes
    nothing and its result goes into the page through SHOWN(result) (200); a refusal shows the
    form again with its status. GET and an invalid POST are as in `handle_form`."""
    if request.method != "POST" or not form.validate_on_submit():
        return handle_form(form, template, action, done="", message="", **context)
    try:
        result = action()
    except Refused as refusal:
        rollback()
        return render_form(template, form, refusal, **context)
    rollback()  # a preview never writes, whatever it read
    return render_form(template, form, **context, **shown(result))


def perform(action: Callable, *, done, message, page: Callable):
    """A button's post: ACTION(), then redirect to DONE; a refusal answers PAGE(refusal)."""
    return _act(action, done, message, page)


def validated(form, message: str):
    """A button's own small form (a comment, a date), checked inside `perform`'s action:
    refused with MESSAGE (422, the page shown again) when it does not validate."""
    if not form.validate_on_submit():
        raise Refused(message)
    return form


def _act(action, done, message, refused):
    key = once.posted_key()
    submission = None
    if key:
        earlier = once.earlier_result(key)
        if earlier is None:
            submission = once.claim(key)
            earlier = None if submission else once.earlier_result(key)
        if earlier is not None:
            flash(_("This was already sent. Here is the result."), "info")
            return redirect(earlier)
        if submission is None:
            return refused(Conflict(_("This form is being sent already. Reload the page.")))
    try:
        result = action()
        db.session.flush()
    except Refused as refusal:
        rollback()
        return refused(refusal)
    except IntegrityError:
        rollback()
        return refused(Conflict(SAVED_AT_THE_SAME_MOMENT))
    except OperationalError as error:
        if not is_busy(error):
            raise
        rollback()
        return refused(
            Busy(_("The site is busy. What you typed is kept: please send it again in a moment."))
        )
    target = done(result) if callable(done) else done
    if submission is not None:
        submission.result_url = target[:500]
    flash(message(result) if callable(message) else message, "info")
    return redirect(target)


def is_busy(error: OperationalError) -> bool:
    """SQLite's "database is locked": a write waited longer than the busy timeout."""
    return "locked" in str(error.orig).lower()


def csrf_in_form(view):
    """Mark a view whose FlaskForm checks the CSRF token itself.

    A stale token then re-shows the form with what was typed (a long application is not
    lost); every other state-changing request is checked before any view runs.
    """
    view.csrf_in_form = True
    return view


def check_csrf() -> None:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or request.routing_exception:
        return  # no route (404) or not this method (405): the routing error answers
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and getattr(view, "csrf_in_form", False):
        return
    csrf.protect()


def signed_link_post(view):
    """Mark a view whose POST is authorised by a signed token in its URL, not by the session.

    CSRF guards what a session may do; such a POST uses no session, and must work from a
    mail client's one-click unsubscribe (RFC 8058), which cannot carry a CSRF token.
    """
    view.csrf_in_form = True
    return view
