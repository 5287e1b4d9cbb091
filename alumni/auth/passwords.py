"""Password hashing (argon2id) and the password policy."""

import re
import secrets
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

if TYPE_CHECKING:
    from alumni.auth.models import User

MIN_LENGTH = 12
MAX_LENGTH = 256
SITE_WORDS = ["aots", "alumni", "wnf", "dosokai"]


def _hasher() -> PasswordHasher:
    if current_app.config.get("TESTING"):
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # cheap under tests only
    return PasswordHasher()  # argon2id with argon2-cffi's defaults (RFC 9106 low-memory)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check PASSWORD exactly as typed; an unknown account still costs one verification."""
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or _dummy_hash(hasher), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of a random string: checking it for unknown accounts makes a wrong e-mail
    address take as long as a wrong password."""
    cache = current_app.extensions.setdefault("alumni_dummy_hash", {})
    key = (hasher.time_cost, hasher.memory_cost)
    if key not in cache:
        cache[key] = hasher.hash(secrets.token_hex(16))
    return cache[key]


def context_words(user: "User") -> list[str]:
    """What a password of USER must not be made of: their address and name, the site's words,
    and the codes and names (every language, whole and word by word) of their societies."""
    words = [user.email, user.email.split("@")[0], *user.name.split(), *SITE_WORDS]
    for society in {membership.society for membership in user.memberships}:
        names = [text.name for text in society.texts if text.name]
        words += [society.code, *society.code.split("-"), *names]
        words += [word for name in names for word in re.findall(r"\w+", name)]
    return words


def _without(text: str, words: list[str]) -> str:
    """TEXT less the context WORDS and separators: what is left of its own."""
    for word in words:
        text = text.replace(word, "")
    return "".join(ch for ch in text if ch.isalnum())


def password_problems(password: str, context_words: list[str]) -> list[str]:
    """Translated reasons why PASSWORD is refused; empty when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return [_("Use at least %(num)s characters.", num=MIN_LENGTH)]
    if len(password) > MAX_LENGTH:
        return [_("Use at most %(num)s characters.", num=MAX_LENGTH)]
    words = sorted(
        {w.casefold() for w in context_words if w and len(w) >= 3}, key=len, reverse=True
    )
    if len(_without(password.casefold(), words)) < 4:
        return [
            _("Do not use your name, your e-mail address, your society's name or the site's name.")
        ]
    # zxcvbn knows common passwords, dictionary words and keyboard patterns. Imported here:
    # its frequency lists are about 11 MB a worker, needed only when a password is set.
    from zxcvbn import zxcvbn

    if zxcvbn(password[:100], user_inputs=words)["score"] < 3:
        return [_("This password is too common or too easy to guess.")]
    return []
