"""WNF programmes: applications, committee decisions, disbursement and reports."""

from flask import Blueprint

bp = Blueprint("grants", __name__)
