"""Preparing, previewing and publishing yearly summaries; callers commit."""

import nh3
from flask_babel import gettext as _
from sqlalchemy import exists, select

from alumni.audit.services import record
from alumni.common.exceptions import Refused
from alumni.common.fiscal import fiscal_year_bounds
from alumni.common.time import utcnow
from alumni.common.validators import whole_number
from alumni.common.versioning import claim_version
from alumni.config import LANGUAGES
from alumni.events.models import Event, EventStatus
from alumni.extensions import db
from alumni.grants.models import Grant
from alumni.grants.queries import PUBLIC
from alumni.reports import programme_table, table_services
from alumni.reports.compile import compile_year
from alumni.reports.models import Summary, SummaryVersion
from alumni.societies.models import Society

# Rich text the topics may use; links only to http(s) pages, opened without a referrer.
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )


def get_summary(fiscal_year: int) -> Summary | None:
    return db.session.scalars(select(Summary).where(Summary.fiscal_year == fiscal_year)).first()


def open_summary(actor, fiscal_year: int) -> Summary:
    """Start preparing a fiscal year's summary (or return the one being prepared)."""
    summary = get_summary(fiscal_year)
    if summary is None:
        summary = Summary(fiscal_year=fiscal_year, topics={}, links={})
        db.session.add(summary)
        db.session.flush()
        record("summary.opened", actor=actor, target=summary, details={"fiscal_year": fiscal_year})
    return summary


def save_topics(actor, summary: Summary, data: dict, *, seen_version: int) -> None:
    """Topics per language (sanitised) and the events, societies and programmes they cite."""
    claim_version(summary, seen_version)
    summary.topics = {
        lang: sanitise(data.get(f"topics_{lang}") or "")
        for lang in LANGUAGES
        if (data.get(f"topics_{lang}") or "").strip()
    }
    summary.links = _links(data)
    summary.updated_at = utcnow()
    db.session.flush()
    record(
        "summary.topics_saved",
        actor=actor,
        target=summary,
        details={"languages": sorted(summary.topics)},
    )


# What a summary may link to, checked when the topics are saved and again when published.
LINKABLE_EVENT = Event.status == EventStatus.PUBLISHED
LINKABLE_GRANT = Grant.status.in_(PUBLIC)


def _links(data: dict) -> dict:
    events = _ids(data.get("event_ids"))
    grants = _ids(data.get("grant_ids"))
    codes = sorted(
        {c.strip().upper() for c in (data.get("society_codes") or "").split(",") if c.strip()}
    )
    found_events = set(
        db.session.scalars(select(Event.id).where(Event.id.in_(events), LINKABLE_EVENT))
    )
    found_grants = set(
        db.session.scalars(select(Grant.id).where(Grant.id.in_(grants), LINKABLE_GRANT))
    )
    found_codes = set(db.session.scalars(select(Society.code).where(Society.code.in_(codes))))
    unknown = (set(events) - found_events) | (set(grants) - found_grants)
    if unknown or set(codes) - found_codes:
        raise Refused(
            _(
                "Some linked events, programmes or societies do not exist or are not "
                "public: %(items)s",
                items=", ".join(map(str, sorted(unknown | (set(codes) - found_codes), key=str))),
            )
        )
    return {
        "events": sorted(found_events),
        "grants": sorted(found_grants),
        "societies": sorted(found_codes),
    }


def _ids(text: str | None) -> list[int]:
    values = [v.strip() for v in (text or "").split(",") if v.strip()]
    numbers = [whole_number(v) for v in values]
    if None in numbers:
        raise Refused(_("Give the numbers of events and programmes separated by commas."))
    return sorted(set(numbers))


def snapshot(summary: Summary) -> dict:
    """Everything the published page shows, computed now from the data: the programme
    tables ending with the year (its own, ranges, cumulative) and AOTS's published network
    count in force at the year's end."""
    tables = [programme_table.table(t) for t in programme_table.tables_ending(summary.fiscal_year)]
    return {
        "figures": compile_year(summary.fiscal_year),
        "programme_tables": [t for t in tables if t is not None],
        "published_network": _published_network(summary.fiscal_year),
        "topics": dict(summary.topics or {}),
        "links": _resolved_links(summary.links or {}),
    }


def _published_network(fiscal_year: int) -> dict | None:
    count = table_services.count_in_force(fiscal_year_bounds(fiscal_year)[1])
    if count is None:
        return None
    return {
        "as_of": count.as_of.isoformat(),
        "societies": count.societies,
        "countries": count.countries,
        "source": count.source,
    }


def _resolved_links(links: dict) -> dict:
    """Titles and names per language, frozen with the version: only of what is still public
    (an event or programme cancelled since the topics were saved is left out)."""
    events = db.session.scalars(
        select(Event).where(Event.id.in_(links.get("events", [])), LINKABLE_EVENT)
    ).all()
    grants = db.session.scalars(
        select(Grant).where(Grant.id.in_(links.get("grants", [])), LINKABLE_GRANT)
    ).all()
    societies = db.session.scalars(
        select(Society).where(Society.code.in_(links.get("societies", [])))
    ).all()
    return {
        "events": [{"id": e.id, "titles": e.text_map("title")} for e in events],
        "grants": [{"id": g.id, "title": g.title} for g in grants],
        "societies": [{"code": s.code, "names": s.text_map("name")} for s in societies],
    }


def publish(actor, summary: Summary) -> SummaryVersion:
    """Freeze the figures as the next version; the previous versions stay as they were."""
    number = len(summary.versions) + 1
    version = SummaryVersion(
        number=number,
        snapshot=snapshot(summary),
        published_by=getattr(actor, "email", "") or "example data",
    )
    summary.versions.append(version)
    db.session.flush()
    record(
        "summary.published",
        actor=actor,
        target=summary,
        details={"fiscal_year": summary.fiscal_year, "version": number},
    )
    return version


def all_summaries() -> list[Summary]:
    """Every summary, published or being prepared, newest year first."""
    return list(db.session.scalars(select(Summary).order_by(Summary.fiscal_year.desc())))


def published_years() -> list[Summary]:
    return [s for s in all_summaries() if s.versions]


def latest_published() -> Summary | None:
    """The newest year's published summary, with its versions (the home page shows it): not
    every year's versions with their figures."""
    published = exists().where(SummaryVersion.summary_id == Summary.id)
    query = select(Summary).where(published).order_by(Summary.fiscal_year.desc()).limit(1)
    return db.session.scalars(query).first()
