"""Each user's own page after login: what their offices, the committee or staff ask of them."""

from flask import Blueprint

bp = Blueprint("home", __name__)
