"""Reminders: mail a schedule sends, in the recipient's language, once per (object, stage).

Each kind of reminder is registered by the package that sends it (`register`). A kind is
optional unless it asks for a duty (a participation report, a WNF programme report): a user
may turn optional kinds off on their account page or with the link every such message
carries, which works without logging in (RFC 8058 one-click, so mail clients can offer it).
Every reminder ends with a footer saying why it came and where the settings are.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message
from itsdangerous import BadSignature, URLSafeSerializer

from alumni import tasks
from alumni.auth.models import User
from alumni.common import mail
from alumni.common.time import today as today_utc
from alumni.common.transaction import commit
from alumni.common.urls import external_url
from alumni.extensions import db


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # a lazy string: what the account page calls it
    optional: bool
    # Whom it may reach: the account page offers it only to them (None: everyone).
    audience: Callable[[User], bool] | None = None

    def offered_to(self, user: User) -> bool:
        return self.audience is None or bool(self.audience(user))


KINDS: dict[str, Kind] = {}


def register(
    name: str, label, *, optional: bool = True, audience: Callable[[User], bool] | None = None
) -> str:
    """Declare a kind of reminder; LABEL names it on the account page, offered to the users
    AUDIENCE accepts (everyone when None)."""
    KINDS[name] = Kind(name, label, optional, audience)
    return name


# A series of reminders: three a week apart from the due date, then one escalation.
REMINDERS = 3
INTERVAL = timedelta(weeks=1)
ESCALATION = REMINDERS + 1  # the stage after the last reminder


def stage_on(due: date, today: date) -> int:
    """The stage reached on TODAY for what is due on DUE (0: not yet, 1-3: reminders,
    4: escalation); after a missed run, the latest stage reached, never a burst of them."""
    if today < due:
        return 0
    return min(ESCALATION, 1 + (today - due) // INTERVAL)


# The daily schedules: each takes the day and returns how many messages it queued.
SCHEDULES: list[Callable[[date], int]] = []


def daily(schedule: Callable[[date], int]) -> Callable[[date], int]:
    """Run SCHEDULE every day with the others (the worker's job and `flask reminders send`)."""
    SCHEDULES.append(schedule)
    return schedule


def send_all(today: date) -> int:
    return sum(schedule(today) for schedule in SCHEDULES)


# Daily at 06:00 UTC; a second worker or a rerun queues nothing twice (dedupe keys).
@tasks.scheduled("send_reminders", tasks.crontab(minute="0", hour="6"))
def send_reminders() -> int:
    queued = send_all(today_utc())
    commit()
    return queued


def optional_kinds(user: User | None = None) -> list[Kind]:
    """The kinds that may be turned off; those offered to USER when given."""
    return [k for k in KINDS.values() if k.optional and (user is None or k.offered_to(user))]


def wants(user: User, kind: str) -> bool:
    """Whether USER is to receive reminders of KIND (required kinds always go)."""
    if not user.is_active:
        return False
    return not KINDS[kind].optional or kind not in turned_off(user)


def turned_off(user: User) -> set[str]:
    return set((user.reminders_off or "").split())


def set_reminders(user: User, kinds_on: set[str]) -> None:
    """Keep exactly KINDS_ON of the optional kinds offered to USER; the others offered are
    turned off, and those not offered keep their setting."""
    offered = {k.name for k in optional_kinds(user)}
    user.reminders_off = " ".join(sorted((turned_off(user) - offered) | (offered - kinds_on)))
    db.session.flush()


def turn_off(user: User, kind: str) -> None:
    if KINDS[kind].optional and kind not in turned_off(user):
        user.reminders_off = " ".join(sorted(turned_off(user) | {kind}))
        db.session.flush()


def queue_reminder(
    user: User,
    kind: str,
    dedupe_key: str,
    *,
    subject: Callable[[], str],
    template: str,
    secret: bool = False,
    **context,
) -> bool:
    """Queue one reminder for USER, rendered from emails/TEMPLATE.txt in the user's language.

    SECRET marks a body holding a password or invitation link (never shown on the mail log).
    False when nothing was queued: the user turned KIND off or is disabled, or DEDUPE_KEY was
    queued before (a rerun or a second worker).
    """
    if not wants(user, kind):
        return False
    with force_locale(user.language):
        stop = stop_url(user, kind) if KINDS[kind].optional else None
        body = render_template(f"emails/{template}.txt", user=user, **context)
        footer = render_template(
            "emails/reminder_footer.txt",
            kind=KINDS[kind],
            stop=stop,
            settings=external_url("auth.reminder_settings"),
        )
        headers = {"Content-Language": user.language}
        if stop:
            headers |= {"List-Unsubscribe": f"<{stop}>", "List-Unsubscribe-Post": _ONE_CLICK}
        message = Message(
            subject=subject(),
            recipients=[user.delivery_address],
            body=f"{body.rstrip()}\n\n-- \n{footer.strip()}\n",
            extra_headers=headers,
        )
    return mail.queue(message, kind, secret=secret, dedupe_key=dedupe_key)


_ONE_CLICK = "List-Unsubscribe=One-Click"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(
        current_app.config["SECRET_KEY"],
        salt="alumni-reminders-off",
        signer_kwargs={"digest_method": hashlib.sha256},
    )


def stop_url(user: User, kind: str) -> str:
    """A link that turns KIND off for USER; it does not expire (old mail keeps working)."""
    token = _serializer().dumps({"u": user.id, "k": kind})
    return external_url("auth.stop_reminders", token=token)


def read_stop_token(token: str) -> tuple[User, Kind] | None:
    if not token or len(token) > 300:
        return None
    try:
        payload = _serializer().loads(token)
        user = db.session.get(User, int(payload["u"]))
        kind = KINDS.get(str(payload["k"]))
    except (BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None
    if user is None or kind is None or not kind.optional:
        return None
    return user, kind
