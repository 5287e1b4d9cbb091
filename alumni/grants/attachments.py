"""Files of a WNF programme's report: its evidence (photos, attendance sheets, PDFs) and the
receipts of its actual spending lines. Grants registers both kinds with files.

Evidence is seen by the host's officers, the committee and staff, and attached by those who
report the programme (alumni/auth/permissions.py). Receipts belong to an actual spending
line: once that model exists, `register_receipts(load_line, page)` wires them up (the line
needs a `grant`); until then no receipt can be attached or read.
"""

from collections.abc import Callable

from flask import url_for
from flask_babel import lazy_gettext as _l

from alumni.files import kinds
from alumni.grants.queries import get_grant

kinds.register(
    kinds.Kind(
        name="report_evidence",
        title=_l("Evidence for the programme report"),
        load=get_grant,
        page=lambda grant: url_for("grants.application", grant_id=grant.id),
    )
)


def register_receipts(load_line: Callable, page: Callable) -> None:
    """Let receipts be attached to actual spending lines (LOAD_LINE: id → line or None)."""
    kinds.register(kinds.Kind(name="receipt", title=_l("Receipts"), load=load_line, page=page))
