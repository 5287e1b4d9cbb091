"""The benchmark's address sets and its logged-in people (described in bench/run.py's docstring).

Every set is drawn from the database being measured, so it covers the whole id and filter
space of that scale; `address_sets` returns each page's addresses, distinct, in a random order
(the Lua script in bench/traffic.lua walks them, one per request, each wrk thread its own share).
"""

import random
from datetime import date, timedelta

from sqlalchemy import select

from alumni import benchdata
from alumni.auth.models import Membership, MembershipRole, OfficerTitle, User
from alumni.auth.passwords import hash_password
from alumni.events.models import Event, EventFormat, EventHost, EventKind, Series, Theme
from alumni.events.queries import VISIBLE
from alumni.extensions import db
from alumni.reports.models import Summary, SummaryVersion
from alumni.societies.models import Federation, Region, Society

PASSWORD = "bench: a long passphrase 2026"  # noqa: S105 (synthetic accounts)
# Who wrk logs in as, and the officers who file reports at once in the write part.
PEOPLE = {
    "officer": {"memberships": 0},
    "committee": {"is_committee": True},
    "staff": {"is_staff": True},
}
WRITERS = 4
MOST = 30_000  # addresses per set: more than any page serves in a run of 10 s


def fiscal_years() -> range:
    """The data's fiscal years (alumni/benchdata.py: 25 up to the current one)."""
    return range(benchdata.first_year(), benchdata.first_year() + benchdata.YEARS)


def email(role: str) -> str:
    return f"bench-{role}@example.org"


def ensure_people(societies: list[Society]) -> None:
    """The officer (of the first society), a committee member, staff, and the officers who
    file reports (one per society of the first WRITERS), with PASSWORD; none twice."""
    today = date.today()
    wanted = dict(PEOPLE) | {f"writer{n}": {"memberships": n} for n in range(WRITERS)}
    for role, spec in wanted.items():
        if db.session.scalar(select(User.id).where(User.email == email(role))):
            continue
        roles = {k: v for k, v in spec.items() if k != "memberships"}
        user = User(
            email=email(role), name=f"Bench {role}", password_hash=hash_password(PASSWORD), **roles
        )
        if "memberships" in spec:
            user.memberships.append(
                Membership(
                    society=societies[spec["memberships"]],
                    role=MembershipRole.OFFICER,
                    title=OfficerTitle.PRESIDENT,
                    term_start=today - timedelta(days=400),
                    term_end=today + timedelta(days=400),
                )
            )
        db.session.add(user)
    db.session.commit()


def led_events(society: Society) -> list[int]:
    """The events SOCIETY leads (no two writers' sets share an event), those over first."""
    query = select(Event.id).where(Event.lead_society_id == society.id, Event.status == "published")
    return list(db.session.scalars(query.order_by(Event.start_date, Event.id)))


def societies_in_order() -> list[Society]:
    return list(db.session.scalars(select(Society).order_by(Society.id)))


def society_of(role: str) -> Society:
    """The society whose officer ROLE is (the officer, writer0...)."""
    n = 0 if role == "officer" else int(role.removeprefix("writer"))
    return societies_in_order()[n]


def hosted_events(society: Society) -> list[int]:
    query = (
        select(Event.id)
        .join(EventHost, EventHost.event_id == Event.id)
        .where(EventHost.society_id == society.id, Event.status.in_(VISIBLE))
    )
    return list(db.session.scalars(query))


class Space:
    """The values of each filter, read once from the database."""

    def __init__(self):
        societies = societies_in_order()
        self.societies = [s.code for s in societies]
        self.countries = sorted({s.country_code for s in societies})
        self.federations = list(db.session.scalars(select(Federation.code)))
        self.regions = list(db.session.scalars(select(Region.code)))
        self.themes = list(db.session.scalars(select(Theme.code)))
        self.series = list(db.session.scalars(select(Series.code)))
        visible = select(Event.id).where(Event.status.in_(VISIBLE))
        self.events = list(db.session.scalars(visible))
        published = select(Summary.fiscal_year).join(SummaryVersion).distinct()
        self.summaries = sorted(db.session.scalars(published))
        self.kinds = [k.value for k in EventKind]
        self.formats = [f.value for f in EventFormat]

    def event_filters(self, rng: random.Random, *, at_least_one: bool = False) -> dict:
        """One combination of the list's filters: each present or not, with a random value."""
        choices = {
            "fiscal_year": (0.5, [str(y) for y in fiscal_years()]),
            "kind": (0.3, self.kinds),
            "format": (0.2, self.formats),
            "federation": (0.2, self.federations),
            "region": (0.15, self.regions),
            "country": (0.15, self.countries),
            "society": (0.2, self.societies),
            "theme": (0.2, self.themes),
            "when": (0.1, ["past", "upcoming"]),
        }
        while True:
            found = {k: rng.choice(v) for k, (p, v) in choices.items() if rng.random() < p}
            if found or not at_least_one:
                return found


def _query(path: str, args: dict) -> str:
    from urllib.parse import urlencode

    return f"{path}?{urlencode(args)}" if args else path


def _distinct(rng: random.Random, make, most: int = MOST, tries: int = 5) -> list[str]:
    """Up to MOST distinct addresses made by MAKE(rng), in the order made."""
    found: dict[str, None] = {}
    misses = 0
    while len(found) < most and misses < most * tries:
        address = make(rng)
        if address in found:
            misses += 1
        found[address] = None
    return list(found)


def _shuffled(rng: random.Random, addresses: list[str]) -> list[str]:
    addresses = list(addresses)
    rng.shuffle(addresses)
    return addresses


def anonymous_sets(space: Space, rng: random.Random) -> dict[str, list[str]]:
    def events_list(r):
        args = space.event_filters(r)
        if r.random() < 0.3:
            args["page"] = str(r.randrange(2, 11))
        return _query("/events/", args)

    def directory(r):
        args = {}
        for name, values, share in (
            ("federation", space.federations, 0.3),
            ("region", space.regions, 0.3),
            ("country", space.countries, 0.3),
            ("group", ["federation", "region", "country"], 0.3),
        ):
            if r.random() < share:
                args[name] = r.choice(values)
        return _query("/societies/", args)

    def export(r):
        args = space.event_filters(r, at_least_one=True)
        return _query("/events/export.csv", args)

    return {
        "home": ["/"],
        "directory": _distinct(rng, directory, tries=50),
        "society": _shuffled(rng, [f"/societies/{c}" for c in space.societies]),
        "events (filtered)": _distinct(rng, events_list),
        "event": _shuffled(rng, [f"/events/{i}" for i in space.events])[:MOST],
        "series": _shuffled(rng, [f"/series/{c}" for c in space.series]),
        "WNF": _shuffled(rng, ["/wnf/", *(f"/wnf/?fiscal_year={y}" for y in fiscal_years())]),
        "summary": _shuffled(rng, [f"/summaries/{y}" for y in space.summaries]),
        "iCal": _shuffled(rng, [f"/societies/{c}/events.ics" for c in space.societies]),
        "CSV export": _distinct(rng, export),
    }


def logged_in_sets(space: Space, rng: random.Random) -> dict[str, tuple[str, list[str]]]:
    """Each logged-in page: (who asks, its addresses)."""
    society = society_of("officer")
    own = hosted_events(society)

    def own_events(r):
        args = space.event_filters(r) | {"society": society.code}
        if r.random() < 0.3:
            args["page"] = str(r.randrange(2, 6))
        return _query("/events/", args)

    users = [f"/staff/users/?q=bench{n}" for n in range(200)]
    return {
        "officer: society": ("officer", [f"/societies/{society.code}"]),
        "officer: events": ("officer", _distinct(rng, own_events, tries=50)),
        "officer: edit form": ("officer", _shuffled(rng, [f"/events/{i}/edit" for i in own])),
        "committee: queue": ("committee", ["/wnf/queue"]),
        "staff: fund ledger": ("staff", ["/staff/fund/"]),
        "staff: users": ("staff", _shuffled(rng, ["/staff/users/", *users])),
    }


# Which budget each page has: a share of hello-world's requests per second.
FEEDS_AND_EXPORTS = {"iCal", "CSV export"}


def budget(name: str) -> float:
    if name in FEEDS_AND_EXPORTS:
        return 0.05
    return 0.15 if ":" in name else 0.20
