"""Which of a society's events each other society co-hosts, which it holds abroad, of which
kind each is.

A society's list with a federation, region or country it is not in shows the events it hosts
with one of their societies (or held in the country); with a kind, those of the kind. Walking
the society's host rows in date order and probing each event finds them; when they are few,
that walk reads every host row of the society (6,490 at scale 10, ten times those at scale 1)
to fill a page it never fills. Read once per content version from the society's host rows,
the ids that can match are a few dozen, and the page reads those events alone
(queries._among_partners).
"""

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import aliased

from alumni.common.caching import per_version
from alumni.events.models import Event, EventHost
from alumni.extensions import db


@dataclass(frozen=True)
class Partners:
    """One society's events (of any status) by who else hosts them, where abroad they are
    held and their kind, and the days its host rows start (what a walk of them reads at
    most, in all or in a fiscal year). Arrays of ids: four bytes each (ids are PostgreSQL
    integers, days ordinals below 2**31), where a set of them took twenty times as much."""

    by_society: dict[int, array]  # another society's id -> the events it co-hosts
    by_country: dict[str, array]  # a country not the society's -> the events held there
    by_kind: dict[str, array]  # a kind -> the society's events of that kind
    days: array  # the first day (ordinal) of each of its host rows, in order

    @property
    def rows(self) -> int:
        return len(self.days)

    def rows_between(self, first: date, last: date) -> int:
        """How many of the society's host rows start from FIRST to LAST (a fiscal year)."""
        days = self.days
        return bisect_right(days, last.toordinal()) - bisect_left(days, first.toordinal())

    def among(self, societies: tuple[int, ...], country: str | None = None) -> set[int]:
        """The events one of SOCIETIES co-hosts, or held in COUNTRY (not the society's own)."""
        found = {i for s in societies for i in self.by_society.get(s, ())}
        if country is not None:
            found.update(self.by_country.get(country, ()))
        return found


def partners(society_id: int, home: str | None) -> Partners | None:
    """The partners of the society (of the country HOME), for the current content version;
    None the first time the society is asked in it (then the list walks, as without).

    Reading them costs about one walk of the society's host rows (20 ms at scale 10), and any
    change of content drops them: a society listed once in a version (most, on a busy site)
    would pay that for nothing. Its own officers list it again and again: the second time
    the partners are read and kept."""
    asked = per_version("event_partners_asked", (), set, most=1)
    if society_id not in asked:
        asked.add(society_id)
        return None
    build = lambda: _read(society_id, home)  # noqa: E731
    return per_version("event_partners", (society_id,), build, most=128)


def _read(society_id: int, home: str | None) -> Partners:
    own, other = aliased(EventHost), aliased(EventHost)
    by_society: dict[int, array] = {}
    # From the host indexes alone: no event is read.
    co_hosted = (
        select(other.society_id, own.event_id)
        .join(other, other.event_id == own.event_id)
        .where(own.society_id == society_id, other.society_id != society_id)
    )
    for society, event in db.session.execute(co_hosted):
        by_society.setdefault(society, array("i")).append(event)
    # The kind as the stored text: no enum made of each of thousands of rows.
    events = (
        select(type_coerce(Event.kind, String), Event.country_code, own.event_id, own.start_date)
        .join(Event, Event.id == own.event_id)
        .where(own.society_id == society_id)
    )
    by_country: dict[str, array] = {}
    by_kind: dict[str, array] = {}
    days = []
    for kind, country, event, day in db.session.execute(events):
        days.append(day.toordinal())
        by_kind.setdefault(kind, array("i")).append(event)
        if country is not None and country != home:
            by_country.setdefault(country, array("i")).append(event)
    return Partners(by_society, by_country, by_kind, array("i", sorted(days)))
