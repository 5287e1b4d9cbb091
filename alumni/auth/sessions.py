"""Login sessions kept on the server: a cookie copied before logout is dead after it."""

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from alumni.auth.models import Membership, User, UserSession
from alumni.common.time import utcnow
from alumni.common.transaction import commit
from alumni.extensions import db
from alumni.i18n import CHOSEN_BEFORE_LOGIN, SESSION_KEY, is_supported

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"
# The session table already ties a cookie to one login; Flask-Login need not guess.
login_manager.session_protection = None

# Touch last_seen at most this often, so that most requests write nothing.
_TOUCH_EVERY = timedelta(minutes=5)
KEEP_ACROSS_LOGIN = ("lang",)


# One statement: the session, its user and the memberships. Permissions need their societies'
# ids, roles and terms, not the societies (with their country, region and federation): a page
# that names them loads them. Built once (after every model is mapped): making its loader
# options anew took about half of the login's cost on every logged-in request.
@cache
def _session_user_memberships():
    return (
        select(UserSession)
        .where(UserSession.key_hash == bindparam("key_hash"))
        .options(
            joinedload(UserSession.user).joinedload(User.memberships).lazyload(Membership.society)
        )
    )


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@login_manager.user_loader
def _load_user(key: str) -> User | None:
    if not key or len(key) > 100:
        return None
    statement, key_hash = _session_user_memberships(), {"key_hash": _hash(key)}
    found = db.session.scalars(statement, key_hash).unique().first()
    if found is None or found.revoked_at is not None or not found.user.is_active:
        return None
    now = utcnow()
    config = current_app.config
    if now - found.last_seen_at > timedelta(
        minutes=config["SESSION_IDLE_MINUTES"]
    ) or now - found.created_at > timedelta(hours=config["SESSION_MAX_HOURS"]):
        return None
    if now - found.last_seen_at > _TOUCH_EVERY:
        found.last_seen_at = now
        commit()  # its own short transaction: nothing else is pending yet
    found.user.session_key = key
    return found.user


def _get_id(self) -> str:
    return self.session_key


User.get_id = _get_id  # Flask-Login keeps the session key, not the user id, in the cookie


def _real(user):
    """The User behind Flask-Login's current_user proxy: storing the proxy would make it
    point at itself."""
    return user._get_current_object() if hasattr(user, "_get_current_object") else user


def start_session(user: User) -> None:
    """Log USER in with a brand-new session (nothing of the anonymous one survives but lang)."""
    user = _real(user)
    chosen = session.get(SESSION_KEY) if session.get(CHOSEN_BEFORE_LOGIN) else None
    if is_supported(chosen):
        # Picked on the way in (the login page's switcher): the language of the account
        # now, or the page just chosen would turn back to the account's at once.
        user.language = chosen
    kept = {k: session[k] for k in KEEP_ACROSS_LOGIN if k in session}
    session.clear()
    session.update(kept)
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(key_hash=_hash(key), user_id=user.id))
    user.session_key = key
    user.last_login_at = utcnow()
    login_user(user)


def end_session(user: User) -> None:
    """Revoke this browser's session and forget it."""
    key = getattr(user, "session_key", None)
    if key:
        db.session.execute(
            update(UserSession)
            .where(UserSession.key_hash == _hash(key))
            .values(revoked_at=utcnow())
        )
    kept = {k: session[k] for k in KEEP_ACROSS_LOGIN if k in session}
    logout_user()
    session.clear()
    session.update(kept)


def revoke_all_sessions(user: User) -> None:
    """Log USER out everywhere (password change, disable, role removal)."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
