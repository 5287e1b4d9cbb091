"""URL converters that refuse what the database could not hold."""

from werkzeug.routing import BaseConverter


class IdConverter(BaseConverter):
    """A positive database id of at most 9 digits: larger numbers are simply not found."""

    regex = r"[1-9][0-9]{0,8}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
