"""Accounts: login, passwords, invitations; staff manage users and memberships."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
staff_bp = Blueprint("staff_users", __name__, url_prefix="/staff/users")
