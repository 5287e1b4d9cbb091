"""Attaching files to an object, downloading, viewing and removing them."""

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth.access import public, requires
from alumni.auth.permissions import can_attach_file, can_read_attachment, is_authenticated
from alumni.auth.sessions import login_manager
from alumni.common.forms import csrf_in_form, handle_form, perform
from alumni.common.rules import not_a_page
from alumni.files import bp, kinds, queries, services, serving
from alumni.files.checks import IMAGE_TYPES
from alumni.files.forms import UploadForm


def load_owner(kind: str, owner_id: int) -> kinds.Owner:
    return kinds.owner(kind[:30], owner_id) or abort(404)


def _readable(attachment_id: int):
    """The attachment if the current user may read it; else the login page (anonymous, for
    any id: which files exist is not theirs to know), 404 (unknown) or the kind's refusal."""
    attachment = queries.get(attachment_id)
    if can_read_attachment(current_user, attachment):
        return attachment
    if not is_authenticated(current_user):
        abort(login_manager.unauthorized())
    abort(404 if attachment is None else kinds.get(attachment.owner_kind).refused)


@bp.get("/files/<id:attachment_id>/<name>")
@public
@not_a_page
def download(attachment_id, name):
    """The file as a download; NAME is only there for the browser's "save as"."""
    return serving.send(_readable(attachment_id))


@bp.get("/files/<id:attachment_id>/view")
@public
@not_a_page
def view(attachment_id):
    """An image the site encoded itself, to be shown in a page; nothing else is inline."""
    attachment = _readable(attachment_id)
    if attachment.content_type not in IMAGE_TYPES:
        abort(404)
    return serving.send(attachment, inline=True)


def _attach_page(owner: kinds.Owner) -> dict:
    return dict(
        owner=owner,
        kind=kinds.get(owner.kind),
        items=queries.attachments_of(owner.kind, owner.id),
    )


def _attach_url(owner: kinds.Owner) -> str:
    return url_for("files.attach", kind=owner.kind, owner_id=owner.id)


@bp.route("/files/attach/<kind>/<id:owner_id>", methods=["GET", "POST"])
@csrf_in_form
@requires(can_attach_file, load=load_owner)
def attach(owner):
    form = UploadForm()
    return handle_form(
        form,
        "files/attach.html",
        lambda: services.attach(current_user, owner, form.file.data, form.caption.data),
        done=_attach_url(owner),
        message=lambda row: _("%(name)s is attached.", name=row.file_name),
        **_attach_page(owner),
    )


@bp.post("/files/attach/<kind>/<id:owner_id>/<id:attachment_id>/remove")
@requires(can_attach_file, load=load_owner)
def remove(owner, attachment_id):
    return perform(
        lambda: services.remove(current_user, owner, attachment_id),
        done=_attach_url(owner),
        message=lambda row: _("%(name)s is removed.", name=row.file_name),
        page=lambda refusal: _refused_page(owner, refusal),
    )


def _refused_page(owner, refusal):
    page = render_template(
        "files/attach.html", form=UploadForm(formdata=None), refusal=refusal, **_attach_page(owner)
    )
    return page, refusal.status, refusal.headers()
