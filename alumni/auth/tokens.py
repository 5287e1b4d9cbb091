"""Signed, expiring, single-use links for invitations and password resets."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from alumni.auth.models import User
from alumni.extensions import db

LIFETIMES = {"invite": timedelta(days=7), "reset": timedelta(hours=1)}
MAX_TOKEN_LENGTH = 400


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"],
        salt=f"alumni-{purpose}",
        signer_kwargs={"digest_method": hashlib.sha256},
    )


def make_token(user: User, purpose: str) -> str:
    """A link token for USER; it dies when the password is next set (credentials_version)."""
    payload = {"u": user.id, "v": user.credentials_version, "n": secrets.token_hex(16)}
    return _serializer(purpose).dumps(payload)


def read_token(token: str, purpose: str) -> User | None:
    """The user a valid, unexpired, unused token belongs to; else None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = _serializer(purpose).loads(token, max_age=int(LIFETIMES[purpose].total_seconds()))
        user = db.session.get(User, int(payload["u"]))
        version = int(payload["v"])
    except (BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None
    if user is None or not user.is_active or user.credentials_version != version:
        return None
    return user
