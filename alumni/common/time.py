"""Time helpers: the database stores naive UTC datetimes on every backend."""

from datetime import UTC, date, datetime, timedelta


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return utcnow().date()


def today_anywhere() -> date:
    """The latest date it is anywhere (UTC+14): a day typed as "today" in Tokyo or Apia,
    already tomorrow in UTC, is not in the future."""
    return (utcnow() + timedelta(hours=14)).date()
