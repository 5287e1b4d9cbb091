"""The society directory: federations, regions, countries and societies."""

from flask import Blueprint

bp = Blueprint("societies", __name__)

from alumni.societies import views  # noqa: E402,F401
