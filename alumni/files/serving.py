"""Sending a stored file: streamed through the app, never from a static URL.

Every download is `Content-Disposition: attachment` with the original name (RFC 6266, the
UTF-8 name in `filename*` per RFC 5987 and an ASCII fallback in `filename`), the type found at
upload and `nosniff`. Only the images the site encoded itself are ever shown inline.
"""

from urllib.parse import quote

from flask import Response
from flask_login import AnonymousUserMixin
from werkzeug.wsgi import FileWrapper

from alumni.auth.permissions import can_read_attachment
from alumni.files.checks import IMAGE_TYPES, ascii_name
from alumni.files.models import Attachment
from alumni.files.storage import storage

CHUNK = 64 * 1024


def disposition(kind: str, name: str) -> str:
    return f"{kind}; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def is_public(attachment: Attachment) -> bool:
    """Whether anyone at all, logged in or not, may read ATTACHMENT."""
    return can_read_attachment(AnonymousUserMixin(), attachment)


def send(attachment: Attachment, inline: bool = False) -> Response:
    """ATTACHMENT's bytes as a download, or (INLINE, images only) to show in a page."""
    if inline and attachment.content_type not in IMAGE_TYPES:
        raise ValueError("only the re-encoded images are shown inline")
    body = FileWrapper(storage().open(attachment.storage_key), CHUNK)
    response = Response(body, mimetype=attachment.content_type, direct_passthrough=True)
    response.content_length = attachment.size
    response.headers["Content-Disposition"] = disposition(
        "inline" if inline else "attachment", attachment.file_name
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(attachment.sha256)
    if is_public(attachment):
        response.headers["Cache-Control"] = "public, max-age=3600"
    else:
        # Never in a shared cache; logged-in answers are no-store as well (security.py).
        response.headers["Cache-Control"] = "private, no-store"
    return response
