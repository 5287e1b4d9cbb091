"""Events of the societies: seminars, 5S contest editions, conferences; series; reports."""

from flask import Blueprint

bp = Blueprint("events", __name__)
