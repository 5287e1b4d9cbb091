"""A society's drafts are read from the partial index of drafts, not from every event."""

from sqlalchemy import select

from alumni.events import queries
from alumni.extensions import db
from alumni.societies.models import Society
from tests.auth_helpers import SOCIETY_A
from tests.support.queries import plan


def test_the_drafts_query_reads_the_index_of_drafts(app):
    with app.app_context():
        society = db.session.scalar(select(Society).where(Society.code == SOCIETY_A))
        found = plan(queries.drafts_query(society))
        db.session.rollback()
    assert "ix_event_draft_start_date" in found
