"""Appending to the audit log (and the application log, with CR/LF escaped)."""

import logging

from flask import g, has_request_context, request

from alumni.audit.models import AuditEntry
from alumni.common import errors
from alumni.extensions import db

logger = logging.getLogger("alumni.audit")


def record(action: str, **about) -> AuditEntry:
    """Append one entry to the request's unit of work (see `entry` for the arguments)."""
    written = entry(action, **about)
    db.session.add(written)
    return written


def entry(
    action: str,
    *,
    actor=None,
    target=None,
    society=None,
    details: dict | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    """One entry, logged but in no session yet; ACTOR is a User or None (anonymous), TARGET
    any model with an id. A refusal that must be kept writes it in a transaction of its own."""
    written = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_label=actor_label if actor_label is not None else getattr(actor, "email", ""),
        object_type=type(target).__name__.lower() if target is not None else "",
        object_id=str(getattr(target, "id", "") or "") if target is not None else "",
        society_id=getattr(society, "id", None),
        details=details or {},
    )
    if has_request_context():
        written.ip = (request.remote_addr or "")[:64]
        written.request_id = g.get("request_id", "")
    logger.info(
        "%s actor=%s object=%s:%s request=%s",
        action,
        _clean(written.actor_label),
        written.object_type,
        written.object_id,
        written.request_id,
    )
    return written


def _clean(value: str) -> str:
    """Escape line breaks so a user-chosen value cannot forge log lines."""
    return value.replace("\r", "\\r").replace("\n", "\\n")


def _record_refusal(action: str, user, details: dict) -> None:
    record(action, actor=user, details=details)


def init_app(app) -> None:
    """Let the error pages (in common, below this package) audit the refusals they show."""
    errors.register_audit(_record_refusal)
