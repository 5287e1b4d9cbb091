"""Refusals a service raises; their message is already in the user's language."""


class Refused(Exception):
    """The operation is not allowed as asked; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Throttled(Refused):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Conflict(Refused):
    """Someone else saved the same object since the form was opened."""

    def __init__(self, message: str, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version
