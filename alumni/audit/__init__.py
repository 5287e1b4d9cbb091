"""The audit log: who did what to which object, when; every domain appends to it."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
