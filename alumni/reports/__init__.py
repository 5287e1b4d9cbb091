"""Yearly activity summaries: compiled from the data, frozen when AOTS staff publish them."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
