"""Refusals a service raises; their message is already in the user's language.

The class says which HTTP status the refusal deserves, so every view answers the same way:
a plain `Refused` is invalid input (422), `Forbidden` is a rule about who may act (403),
`Conflict` is a state that changed or does not allow it (409), `Throttled` is 429 and `Busy`
(the database could not take the write in time) is 503.
"""


class Refused(Exception):
    """The operation is not allowed as asked; nothing was changed."""

    status = 422

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def headers(self) -> dict[str, str]:
        return {}

    @classmethod
    def at(cls, field: str, message: str) -> "Refused":
        """A refusal shown at FIELD of the form (its posted name: "lines-0-amount"); above
        the form, the page asks to correct the marked fields (common/forms.py render_form)."""
        refusal = cls(message)
        refusal.field = field
        return refusal


class Forbidden(Refused):
    """The acting user may not do this to this object (e.g. a recused committee member)."""

    status = 403


class Throttled(Refused):
    status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class Conflict(Refused):
    """The object's state does not allow it, or someone else saved it since it was opened."""

    status = 409

    def __init__(self, message: str, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


class Busy(Refused):
    """The database could not take the write in time; sending the same form again will work."""

    status = 503

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "2"}
