"""Attached files: where they are stored, what may be attached, who may read them.

Event photos, a WNF programme report's evidence and (once the actual spending lines exist)
its receipts. The packages that own those objects register each kind (kinds.py); the rules
of who may read and attach are those of the owner, in alumni/auth/permissions.py.
"""

from flask import Blueprint

bp = Blueprint("files", __name__)
