"""The society directory: federations, regions, countries and societies."""

from flask import Blueprint

bp = Blueprint("societies", __name__)
