"""Synthetic data at network scale for the benchmark: `flask bench generate --scale N`.

Scale 1 is about the real network over the 25 fiscal years up to the current one (so calendars,
feeds and "upcoming" have events as they would in use): every society holds ~20 events a
year (≈ 36,000 events), each with a participation report of ~10 countries (≈ 360,000 rows),
~15 WNF programmes a year with their ledger, and 200 users. Scale N multiplies the events and
reports. Rows go in with bulk Core inserts, in batches, so scale 10 takes minutes, not hours.
"""

import random
from datetime import date, datetime, time, timedelta
from itertools import islice

import click
from sqlalchemy import func, insert, select

from alumni.auth.models import User
from alumni.common.fiscal import fiscal_year_of
from alumni.common.time import today, utcnow
from alumni.common.transaction import commit
from alumni.events.models import (
    Event,
    EventHost,
    EventText,
    EventTheme,
    ParticipationReport,
    ReportCountry,
    Theme,
)
from alumni.extensions import db
from alumni.fund.models import Fund, LedgerEntry
from alumni.grants.models import Cooperation, Grant
from alumni.societies.models import Country, Society

YEARS = 25
EVENTS_PER_SOCIETY_YEAR = 20
BATCH = 5000
KINDS = ["seminar", "seminar", "seminar", "conference", "social_contribution", "other"]


def first_year() -> int:
    """The first of the data's fiscal years: the last one is the current one."""
    return fiscal_year_of(today()) - YEARS + 1


def _batches(rows, size=BATCH):
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def generate(scale: int, seed: int = 2026) -> dict[str, int]:
    """Add SCALE × a quarter-century of events, reports, programmes and ledger rows."""
    rng = random.Random(seed)  # noqa: S311 (repeatable synthetic data, not a secret)
    societies = db.session.execute(select(Society.id, Society.country_code)).all()
    countries = list(db.session.scalars(select(Country.iso_code)))
    themes = list(db.session.scalars(select(Theme.id)))
    counts = {"events": 0, "report_rows": 0}
    total = len(societies) * YEARS * EVENTS_PER_SOCIETY_YEAR * scale
    with click.progressbar(
        length=total, label="events", file=click.get_text_stream("stderr")
    ) as bar:
        for chunk in _batches(_event_plans(rng, societies, scale), 2000):
            counts["report_rows"] += _insert_events(rng, chunk, societies, countries, themes)
            counts["events"] += len(chunk)
            bar.update(len(chunk))
    counts["programmes"] = _programmes(rng, societies)
    counts["users"] = _users(200)
    db.session.info["content_changed"] = True  # bulk inserts bypass the ORM's change events
    commit()
    return counts


def _event_plans(rng, societies, scale):
    first = first_year()
    for _copy in range(scale):
        for society_id, _country in societies:
            for year in range(first, first + YEARS):
                for _n in range(EVENTS_PER_SOCIETY_YEAR):
                    start = date(year, 4, 1) + timedelta(days=rng.randrange(365))
                    yield society_id, start, rng.choice(KINDS), rng.randrange(1, 4)


def _insert_events(rng, chunk, societies, countries, themes) -> int:
    first = _next_id(Event)
    now = utcnow()
    events, hosts, texts, tags, reports, rows = [], [], [], [], [], []
    report_id = _next_id(ParticipationReport)
    for offset, (society_id, start, kind, days) in enumerate(chunk):
        event_id = first + offset
        events.append(
            {
                "id": event_id,
                "kind": kind,
                "status": "published",
                "lead_society_id": society_id,
                "start_date": start,
                "end_date": start + timedelta(days=days - 1),
                "time_zone": "UTC",
                "format": rng.choice(["online", "in_person", "hybrid"]),
                "original_language": "en",
                "is_example": False,
                "created_at": now,
                "updated_at": now,
                "published_at": now,
                "version": 1,
                "venue": "",
            }
        )
        host = {"event_id": event_id, "start_date": start}  # bulk: no ORM flush copies it
        hosts.append(host | {"society_id": society_id})
        if rng.random() < 0.3:
            co_host = rng.choice(societies)[0]
            if co_host != society_id:
                hosts.append(host | {"society_id": co_host})
        texts.append(
            {
                "event_id": event_id,
                "language": "en",
                "title": f"Seminar {event_id}",
                "description": "Synthetic benchmark data.",
            }
        )
        texts.append(
            {
                "event_id": event_id,
                "language": "ja",
                "title": f"セミナー{event_id}",
                "description": "",
            }
        )
        tags.extend({"event_id": event_id, "theme_id": t} for t in rng.sample(themes, 2))
        if start + timedelta(days=days) > now.date():
            continue  # not over yet: no report
        breakdown = rng.sample(countries, 10)
        per_country = [rng.randrange(1, 30) for _ in breakdown]
        reports.append(
            {
                "id": report_id,
                "event_id": event_id,
                "version": 1,
                "updated_at": now,
                # Most reports in the month after the event, some later (late reports).
                "filed_at": datetime.combine(
                    start + timedelta(days=days + rng.choice((3, 10, 25, 45))), time(12)
                ),
                "attendance_total": sum(per_country) + rng.randrange(0, 20),
            }
        )
        rows.extend(
            {"report_id": report_id, "country_code": c, "attendance": n}
            for c, n in zip(breakdown, per_country, strict=True)
        )
        report_id += 1
    for model, values in (
        (Event, events),
        (EventHost, hosts),
        (EventText, texts),
        (EventTheme, tags),
        (ParticipationReport, reports),
        (ReportCountry, rows),
    ):
        for batch in _batches(values):
            db.session.execute(insert(model), batch)
    return len(rows)


def _programmes(rng, societies) -> int:
    """~15 closed programmes a year, paid for by that year's donations (ledger included)."""
    grant_id, made, fund = _next_id(Grant), 0, db.session.get(Fund, 1)
    grants, cooperations, ledger = [], [], []
    for year in range(first_year(), first_year() + YEARS):
        ledger.append(
            {
                "entry_date": date(year, 4, 1),
                "kind": "donation",
                "amount": 6_000_000,
                "counterparty_name": "Synthetic donors",
                "memo": "",
                "is_example": False,
                "created_at": utcnow(),
            }
        )
        for _n in range(15):
            host, partner = rng.sample(societies, 2)
            amount = rng.randrange(100, 400) * 1000
            start = date(year, 5, 1) + timedelta(days=rng.randrange(300))
            grants.append(
                {
                    "id": grant_id,
                    "host_society_id": host[0],
                    "title": f"Programme {grant_id}",
                    "theme": "Kaizen",
                    "description": "",
                    "planned_start": start,
                    "planned_end": start,
                    "format": "online",
                    "requested_amount": amount,
                    "approved_amount": amount,
                    "actual_expenses": amount,
                    "status": "closed",
                    "narrative": "",
                    "is_example": False,
                    "created_at": utcnow(),
                    "version": 1,
                }
            )
            cooperations.append(
                {"grant_id": grant_id, "society_id": partner[0], "role": "recruits_participants"}
            )
            ledger.append(
                {
                    "entry_date": start,
                    "kind": "disbursement",
                    "amount": -amount,
                    "grant_id": grant_id,
                    "counterparty_name": "",
                    "memo": "",
                    "is_example": False,
                    "created_at": utcnow(),
                }
            )
            grant_id += 1
            made += 1
    db.session.execute(insert(Grant), grants)
    db.session.execute(insert(Cooperation), cooperations)
    db.session.execute(insert(LedgerEntry), ledger)
    fund.balance += sum(row["amount"] for row in ledger)
    return made


def _users(count: int) -> int:
    existing = db.session.scalar(select(func.count(User.id)))
    rows = [
        {
            "email": f"bench{n}@example.org",
            "email_normalized": f"bench{n}@example.org",  # a bulk insert skips the model's hook
            "name": f"Bench {n}",
            "language": "en",
            "credentials_version": 0,
            "must_change_password": False,
            "is_admin": False,
            "is_staff": False,
            "is_committee": n < 7,
            "created_at": utcnow(),
        }
        for n in range(existing, existing + count)
    ]
    db.session.execute(insert(User), rows)
    return count
