"""The kinds of object a file may be attached to, registered by the packages that own them.

Files sits below events and grants and cannot import them; each registers its kind with how
to load the owner from its id and where the owner's page is (events/attachments.py,
grants/attachments.py). Who may read and attach is the owner's rule, kept with every other
rule in alumni/auth/permissions.py (ATTACHMENT_RULES).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Every kind the attachment table accepts (its CHECK constraint lists the same names).
NAMES = ("event_photo", "report_evidence", "receipt")


@dataclass(frozen=True)
class Kind:
    name: str
    title: Any  # a lazy string: "Photos", "Evidence"
    load: Callable[[int], Any]  # owner id → the owner, or None
    page: Callable[[Any], str]  # the owner → its page's URL
    images_only: bool = False
    # The owner in a sentence, for the attach page: which line a receipt is for, which
    # programme or event; None shows the title alone.
    describe: Callable[[Any], str] | None = None
    # What a reader who may not read the file gets: 404 where even the owner's existence is
    # not theirs to know (an event's draft), else 403.
    refused: int = 403


@dataclass(frozen=True)
class Owner:
    """An object files are attached to, with its kind (what the attach routes load)."""

    kind: str
    object: Any

    @property
    def id(self) -> int:
        return self.object.id


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    if kind.name not in NAMES:
        raise ValueError(f"unknown attachment kind {kind.name!r}")
    _kinds[kind.name] = kind


def get(name: str) -> Kind | None:
    return _kinds.get(name)


def owner(name: str, owner_id: int) -> Owner | None:
    """The owner of kind NAME with OWNER_ID, or None (unknown kind, or no such object)."""
    kind = _kinds.get(name)
    found = kind.load(owner_id) if kind is not None else None
    return Owner(name, found) if found is not None else None
