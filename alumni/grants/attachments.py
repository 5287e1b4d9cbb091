"""Files of a WNF programme's report: its evidence (photos, attendance sheets, PDFs) and the
receipts of its actual spending lines. Grants registers both kinds with files.

Evidence and receipts are seen by the host's officers, the committee and staff, and attached
by those who report the programme (alumni/auth/permissions.py). A receipt belongs to one
actual line, whose id stays the same when a returned report is corrected.
"""

from flask import url_for
from flask_babel import lazy_gettext as _l

from alumni.extensions import db
from alumni.files import kinds
from alumni.grants.models import ReportLine
from alumni.grants.queries import get_grant

kinds.register(
    kinds.Kind(
        name="report_evidence",
        title=_l("Evidence for the programme report"),
        load=get_grant,
        page=lambda grant: url_for("grants.application", grant_id=grant.id),
    )
)

kinds.register(
    kinds.Kind(
        name="receipt",
        title=_l("Receipts"),
        load=lambda line_id: db.session.get(ReportLine, line_id),
        page=lambda line: url_for(
            "grants.application", grant_id=line.grant_id, _anchor=f"report-line-{line.id}"
        ),
    )
)
