"""The audit log, for administrators."""

from flask import render_template, request
from sqlalchemy import select

from alumni.audit import bp
from alumni.audit.models import AuditEntry
from alumni.auth.access import requires
from alumni.auth.permissions import can_view_audit_log
from alumni.extensions import db

PER_PAGE = 50


@bp.get("/")
@requires(can_view_audit_log)
def index():
    action = (request.args.get("action") or "").strip()[:60]
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    number = min(max(request.args.get("page", 1, type=int), 1), 100000)
    page = db.paginate(query, page=number, per_page=PER_PAGE, error_out=False)
    return render_template("audit/index.html", page=page, action=action)
