"""One-time form keys: a form posted twice acts once, and the second post lands on the result.

Every form carries a random key. The first post claims it (a primary-key row, written before
anything else in the unit of work); a second post with the same key, sequential or racing,
finds the claim and is redirected to where the first one went. A refused post rolls back its
claim with everything else, so the corrected form can be sent again with the same key.
"""

import re
import secrets
from datetime import timedelta

from flask import request
from flask_login import current_user
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from alumni.common.models import FormSubmission
from alumni.common.time import utcnow
from alumni.extensions import db

FIELD = "form_key"
_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,64}")
KEPT_FOR = timedelta(days=2)


def new_key() -> str:
    return secrets.token_urlsafe(24)


def posted_key() -> str | None:
    """The key of this post, when it has a well-formed one and a logged-in author."""
    # A form with a prefix (two forms on one page) sends it as "<prefix>-form_key".
    key = next((v for k, v in request.form.items() if k.rsplit("-", 1)[-1] == FIELD), "")
    if request.method != "POST" or not _SHAPE.fullmatch(key):
        return None
    return key if current_user.is_authenticated else None


def earlier_result(key: str) -> str | None:
    """Where the post that claimed KEY went, when it was this user's and it succeeded."""
    claim = db.session.get(FormSubmission, key, populate_existing=True)
    if claim is None or claim.user_id != current_user.id:
        return None
    return claim.result_url or request.path


def claim(key: str) -> FormSubmission | None:
    """Claim KEY inside the unit of work; None when another post already holds it."""
    submission = FormSubmission(key=key, user_id=current_user.id)
    try:
        with db.session.begin_nested():
            db.session.add(submission)
    except IntegrityError:
        return None
    db.session.execute(
        delete(FormSubmission).where(FormSubmission.created_at < utcnow() - KEPT_FOR)
    )
    return submission
