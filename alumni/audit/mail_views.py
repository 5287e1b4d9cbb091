"""The mail log, for staff: every outgoing message, whether it went, and why not."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.audit import mail_bp, services
from alumni.auth.access import requires
from alumni.auth.permissions import can_see_mail_log
from alumni.common import outbox
from alumni.common.exceptions import Conflict
from alumni.common.forms import perform
from alumni.common.models import MailStatus, OutgoingMail
from alumni.extensions import db

PER_PAGE = 50
# The filter's choices; "sending" rows are listed under pending (a worker has them in hand).
FILTERS = (MailStatus.PENDING, MailStatus.SENT, MailStatus.FAILED)


def _chosen_status() -> MailStatus | None:
    value = request.args.get("status", "")
    return next((status for status in FILTERS if status.value == value), None)


def _page(refusal=None):
    status = _chosen_status()
    number = min(max(request.args.get("page", 1, type=int), 1), 100000)
    page = db.paginate(outbox.log(status), page=number, per_page=PER_PAGE, error_out=False)
    body = render_template(
        "audit/mail_log.html", page=page, status=status, filters=FILTERS, refusal=refusal
    )
    return (body, refusal.status, refusal.headers()) if refusal else body


@mail_bp.get("/")
@requires(can_see_mail_log)
def index():
    return _page()


def load_mail(mail_id: int) -> OutgoingMail:
    return db.get_or_404(OutgoingMail, mail_id)


@mail_bp.post("/<id:mail_id>/retry")
@requires(can_see_mail_log, load=load_mail)
def retry(row: OutgoingMail):
    def action():
        if not outbox.retry(row.id):
            raise Conflict(_("This message has not failed, or is being retried already."))
        services.record("mail.retry", actor=current_user, target=row)

    return perform(
        action,
        done=url_for("mail_log.index", status=MailStatus.FAILED.value),
        message=_("The message will be sent again."),
        page=_page,
    )
