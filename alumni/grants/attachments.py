"""Files of a WNF programme's report: its evidence (photos, attendance sheets, PDFs) and the
receipts of its actual spending lines. Grants registers both kinds with files.

Evidence and receipts are seen by the host's officers, the committee and staff, and attached
by those who report the programme (alumni/auth/permissions.py). A receipt belongs to one
actual line, whose id stays the same when a returned report is corrected.
"""

from flask import url_for
from flask_babel import format_currency, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from alumni.extensions import db
from alumni.files import kinds
from alumni.grants.models import ReportLine
from alumni.grants.queries import get_grant


def describe_line(line: ReportLine) -> str:
    """Which actual line a receipt is for: its number, what it paid, how much and when."""
    return _(
        "Line %(num)s of the programme report for “%(title)s”: %(line)s, %(amount)s spent on "
        "%(day)s.",
        num=line.position,
        title=line.grant.title,
        line=line.budget_line.label if line.budget_line else line.label,
        amount=format_currency(line.amount, line.currency),
        day=format_date(line.spent_on, "medium"),
    )


kinds.register(
    kinds.Kind(
        name="report_evidence",
        title=_l("Evidence for the programme report"),
        load=get_grant,
        page=lambda grant: url_for("grants.application", grant_id=grant.id),
        describe=lambda grant: _("The programme report for “%(title)s”.", title=grant.title),
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
        describe=describe_line,
    )
)
