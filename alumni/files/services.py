"""Attaching and removing files. The object is stored only after the file passed every check,
and removed again if the unit of work is rolled back; a removed file's object goes after the
commit, so a rolled-back removal still has its file."""

import io

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from alumni.audit.services import record
from alumni.common.exceptions import Conflict, Refused
from alumni.common.transaction import after_commit, after_rollback
from alumni.extensions import db
from alumni.files import checks, kinds, queries
from alumni.files.models import Attachment
from alumni.files.storage import storage


def _refused(message: str) -> Refused:
    return Refused.at("file", message)  # shown at the file field, the form kept


def read_upload(upload: FileStorage) -> bytes:
    """The uploaded bytes; more than MAX_UPLOAD_MB is refused as too large (413)."""
    limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise RequestEntityTooLarge()
    return data


def attach(actor, owner: kinds.Owner, upload: FileStorage, caption: str = "") -> Attachment:
    """Check UPLOAD, store what passed and attach it to OWNER."""
    photos_only = _("Only photos (JPEG, PNG or WebP) can be added here.")
    images_only = kinds.get(owner.kind).images_only
    try:
        checked = checks.examine(
            read_upload(upload), upload.filename, current_app.config["IMAGE_MAX_PIXELS"]
        )
    except checks.WrongType as refusal:
        raise _refused(photos_only if images_only else refusal.message) from None
    except Refused as refusal:
        raise _refused(refusal.message) from None
    if images_only and checked.content_type not in checks.IMAGE_TYPES:
        raise _refused(photos_only)
    store = storage()
    key = store.put(io.BytesIO(checked.data))
    after_rollback(lambda: store.delete(key))
    row = Attachment(
        storage_key=key,
        file_name=checked.file_name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
        width=checked.width,
        height=checked.height,
        caption=caption or "",
        owner_kind=owner.kind,
        owner_id=owner.id,
        uploaded_by_id=getattr(actor, "id", None),
    )
    db.session.add(row)
    db.session.flush()
    record("file.attached", actor=actor, target=row, details=_details(row))
    return row


def remove(actor, owner: kinds.Owner, attachment_id: int) -> Attachment:
    """Remove one of OWNER's files: the row now, the stored object after the commit."""
    row = queries.get(attachment_id)
    if row is None or (row.owner_kind, row.owner_id) != (owner.kind, owner.id):
        raise Conflict(_("This file is no longer attached."))
    store, key = storage(), row.storage_key
    record("file.removed", actor=actor, target=row, details=_details(row))
    db.session.delete(row)
    db.session.flush()
    after_commit(lambda: store.delete(key))
    return row


def _details(row: Attachment) -> dict:
    return {
        "kind": row.owner_kind,
        "owner_id": row.owner_id,
        "name": row.file_name,
        "size": row.size,
        "sha256": row.sha256,
    }
