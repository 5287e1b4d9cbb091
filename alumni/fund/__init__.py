"""The WNF fund's money: an append-only ledger in integer yen."""

from flask import Blueprint

bp = Blueprint("fund", __name__)
