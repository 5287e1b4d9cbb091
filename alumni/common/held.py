"""Typed values that outlive an expired login: held on the server until the user is back.

A form posted after the login session ended is not lost: its fields are stored under a random
token, the user logs in again and lands on the same form with the values filled in, to check
and send. Only the token's hash is stored; the held values are taken once.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import request, url_for
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from alumni.common.models import HeldForm
from alumni.common.time import utcnow
from alumni.extensions import db

PARAMETER = "resume"
KEPT_FOR = timedelta(days=1)
MAX_CHARACTERS = 200_000  # a long application, not an upload
_NOT_KEPT = {"csrf_token"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hold_post() -> str:
    """Keep this post's fields; return the login address that brings the user back to them."""
    fields = [[k, v] for k, v in request.form.items(multi=True) if k not in _NOT_KEPT]
    if sum(len(k) + len(v) for k, v in fields) > MAX_CHARACTERS:
        return url_for("auth.login", next=request.path)
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(HeldForm).where(HeldForm.created_at < utcnow() - KEPT_FOR))
    db.session.add(HeldForm(token_hash=_hash(token), path=request.path, fields=fields))
    return url_for("auth.login", next=f"{request.path}?{PARAMETER}={token}")


def take_held() -> MultiDict | None:
    """The values held for this page under the token in the address, once."""
    token = request.args.get(PARAMETER, "")
    if not token or len(token) > 100:
        return None
    held = db.session.scalar(
        select(HeldForm).where(
            HeldForm.token_hash == _hash(token),
            HeldForm.path == request.path,
            HeldForm.created_at >= utcnow() - KEPT_FOR,
        )
    )
    if held is None:
        return None
    db.session.delete(held)
    return MultiDict([tuple(pair) for pair in held.fields])
