"""A society's drafts are read from the partial index of drafts, not from every event."""

from sqlalchemy import select, text

from alumni.events import queries
from alumni.extensions import db
from alumni.societies.models import Society
from tests.auth_helpers import SOCIETY_A


def plan(statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "postgresql":
        # The test data is small enough for a scan to be cheapest: ask whether the index can
        # serve the query at all (a bound status could not, as no generic plan would).
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        rows = db.session.execute(text(f"EXPLAIN {compiled}"))
    else:
        rows = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
    return "\n".join(str(row[-1]) for row in rows)


def test_the_drafts_query_reads_the_index_of_drafts(app):
    with app.app_context():
        society = db.session.scalar(select(Society).where(Society.code == SOCIETY_A))
        found = plan(queries.drafts_query(society))
        db.session.rollback()
    assert "ix_event_draft_start_date" in found
