"""Which of a society's events each other society co-hosts, and which it holds abroad.

A society's list with a federation, region or country it is not in shows the events it hosts
with one of their societies (or held in the country). Walking the society's host rows in date
order and probing each event finds them; when they are few, that walk reads every host row of
the society (6,490 at scale 10, ten times those at scale 1) to fill a page it never fills. Read
once per content version from the society's host rows, the ids that can match are a few
dozen, and the page reads those events alone (queries.page_ids).
"""

from array import array
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from alumni.common.caching import per_version
from alumni.events.models import Event, EventHost
from alumni.extensions import db
from alumni.societies.models import Society


@dataclass(frozen=True)
class Partners:
    """One society's events (of any status) by who else hosts them and where abroad they are
    held, and how many host rows the society has (what a walk of them reads at most)."""

    by_society: dict[int, array]  # another society's id -> the events it co-hosts
    by_country: dict[str, array]  # a country not the society's -> the events held there
    rows: int

    def among(self, societies: tuple[int, ...], country: str | None = None) -> set[int]:
        """The events one of SOCIETIES co-hosts, or held in COUNTRY (not the society's own)."""
        found = {i for s in societies for i in self.by_society.get(s, ())}
        if country is not None:
            found.update(self.by_country.get(country, ()))
        return found


def partners(society_id: int) -> Partners:
    """The society's partners, for the current content version."""
    return per_version("event_partners", (society_id,), lambda: _read(society_id), most=128)


def _read(society_id: int) -> Partners:
    own, other = aliased(EventHost), aliased(EventHost)
    by_society: dict[int, array] = {}
    # Both sides from the host indexes alone: no event is read.
    co_hosted = (
        select(other.society_id, own.event_id)
        .join(other, other.event_id == own.event_id)
        .where(own.society_id == society_id, other.society_id != society_id)
    )
    for society, event in db.session.execute(co_hosted):
        by_society.setdefault(society, array("q")).append(event)
    home = select(Society.country_code).where(Society.id == society_id).scalar_subquery()
    abroad = (
        select(Event.country_code, own.event_id)
        .join(Event, Event.id == own.event_id)
        .where(own.society_id == society_id, Event.country_code != home)
    )
    by_country: dict[str, array] = {}
    for country, event in db.session.execute(abroad):
        by_country.setdefault(country, array("q")).append(event)
    rows = select(func.count()).select_from(EventHost).where(EventHost.society_id == society_id)
    return Partners(by_society, by_country, db.session.scalar(rows))
