"""One stored file and what it is attached to."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from alumni.common.time import utcnow
from alumni.db import db
from alumni.files import kinds

_KIND_NAMES = ", ".join(f"'{name}'" for name in kinds.NAMES)


class Attachment(db.Model):
    """A file in storage under a generated key; its name as sent is display text only."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None]
    height: Mapped[int | None]
    caption: Mapped[str] = mapped_column(String(200), default="")
    owner_kind: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint(f"owner_kind IN ({_KIND_NAMES})", name="owner_kind"),
        CheckConstraint("size >= 0", name="size_positive"),
        Index("ix_attachment_owner", "owner_kind", "owner_id"),
    )

    @property
    def owner(self):
        """The object this file is attached to (None if its kind is not wired up)."""
        found = kinds.owner(self.owner_kind, self.owner_id)
        return found.object if found is not None else None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
