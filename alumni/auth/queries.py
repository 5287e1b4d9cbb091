"""Read-side queries about users, for the staff screens."""

from sqlalchemy import or_, select

from alumni.auth.models import User
from alumni.extensions import db


def search_users(text: str) -> list[User]:
    """Users whose name or address contains TEXT (all of them when it is empty), by name."""
    query = select(User).order_by(User.name)
    if text:
        query = query.where(
            or_(
                User.name.icontains(text, autoescape=True),
                User.email.icontains(text, autoescape=True),
            )
        )
    return list(db.session.scalars(query))
