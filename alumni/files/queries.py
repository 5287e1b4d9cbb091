"""Reading attachments."""

from dataclasses import dataclass

from sqlalchemy import select

from alumni.extensions import db
from alumni.files import kinds
from alumni.files.models import Attachment


def get(attachment_id: int) -> Attachment | None:
    return db.session.get(Attachment, attachment_id)


def attachments_of(kind: str, owner_id: int) -> list[Attachment]:
    """The files attached to one owner, oldest first."""
    query = select(Attachment).where(Attachment.owner_kind == kind, Attachment.owner_id == owner_id)
    return list(db.session.scalars(query.order_by(Attachment.id)))


@dataclass(frozen=True)
class Gallery:
    """What a page shows of an owner's files: the owner (for `can('attach_file', …)`) and
    its files."""

    owner: kinds.Owner
    items: list[Attachment]

    @property
    def images(self) -> list[Attachment]:
        return [item for item in self.items if item.is_image]

    @property
    def documents(self) -> list[Attachment]:
        return [item for item in self.items if not item.is_image]


def gallery(kind: str, owner) -> Gallery:
    """OWNER's files of KIND, for its page (templates call it as `attachments(kind, owner)`)."""
    # An owner read with the kinds of files it has (events/sheet.py) saves the statement
    # when it has none of KIND, as most have.
    known = getattr(owner, "attachment_kinds", None)
    items = [] if known is not None and kind not in known else attachments_of(kind, owner.id)
    return Gallery(kinds.Owner(kind, owner), items)
