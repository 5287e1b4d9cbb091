"""Site-wide pieces: language switcher, error pages, security headers, template helpers."""

from flask import Blueprint

bp = Blueprint("common", __name__)
