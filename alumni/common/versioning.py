"""Optimistic locking by conditional UPDATE, for any model with an integer `version`."""

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from alumni.common.exceptions import Conflict
from alumni.common.validators import whole_number
from alumni.extensions import db


def claim_version(obj, seen_version: int) -> None:
    """Move OBJ from the version the form showed to the next one, or raise Conflict.

    One conditional UPDATE does the check and the claim together, so two saves racing each
    other cannot both pass (PostgreSQL makes the second wait for the first's row lock, then
    finds the version changed).
    """
    model = type(obj)
    claimed = db.session.execute(
        update(model)
        .where(model.id == obj.id, model.version == seen_version)
        .values(version=seen_version + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise Conflict(
            _(
                "Someone else changed this while you were editing. "
                "Your input is kept below: check it and save again."
            ),
            # The form shown again carries it, so that saving again goes through.
            current_version=db.session.scalar(select(model.version).where(model.id == obj.id)),
        )
    set_committed_value(obj, "version", seen_version + 1)


def form_version(value: str | None) -> int:
    """The version a form carried back; -1 (never a real version) when it is malformed."""
    number = whole_number(value)
    return -1 if number is None else number
