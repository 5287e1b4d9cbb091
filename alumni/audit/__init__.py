"""The audit log: who did what to which object, when; every domain appends to it.

Also the staff's mail log (mail_views.py): what the outbox holds, sent or not, and why.
"""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
mail_bp = Blueprint("mail_log", __name__, url_prefix="/staff/mail")
