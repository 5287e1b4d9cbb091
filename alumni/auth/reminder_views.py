"""Reminder settings: on the account page, and from the link in every optional reminder."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth import bp, reminders
from alumni.auth.access import public, requires
from alumni.auth.forms import RemindersForm
from alumni.auth.permissions import can_use_account
from alumni.common.forms import csrf_in_form, handle_form, perform, signed_link_post


def _settings_form() -> RemindersForm:
    kinds = reminders.optional_kinds(current_user)
    form = RemindersForm(kinds_on=[k.name for k in kinds if reminders.wants(current_user, k.name)])
    form.kinds_on.choices = [(k.name, str(k.label)) for k in kinds]
    return form


@bp.route("/account/reminders", methods=["GET", "POST"])
@csrf_in_form
@requires(can_use_account)
def reminder_settings():
    form = _settings_form()
    return handle_form(
        form,
        "auth/reminders.html",
        lambda: reminders.set_reminders(current_user, set(form.kinds_on.data or [])),
        done=url_for("auth.reminder_settings"),
        message=_("Your reminder settings are saved."),
        required=[k for k in reminders.KINDS.values() if not k.optional],
    )


def _stop_page(user, kind, refusal=None):
    stopped = not reminders.wants(user, kind.name)
    page = render_template(
        "auth/stop_reminders.html", user=user, kind=kind, stopped=stopped, refusal=refusal
    )
    return page, refusal.status if refusal else 200


# The link in the mail: GET asks (mail scanners fetch links), POST turns the kind off.
@bp.route("/reminders/stop/<token>", methods=["GET", "POST"])
@signed_link_post
@public
def stop_reminders(token):
    user, kind = reminders.read_stop_token(token) or abort(404)
    if request.method != "POST":
        return _stop_page(user, kind)
    return perform(
        lambda: reminders.turn_off(user, kind.name),
        done=url_for("auth.stop_reminders", token=token),
        message=_("You will no longer receive these reminders."),
        page=lambda refusal: _stop_page(user, kind, refusal),
    )
