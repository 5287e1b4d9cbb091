"""The user's own page."""

from flask import render_template
from flask_login import current_user

from alumni.auth.access import requires
from alumni.auth.permissions import can_use_account
from alumni.common.time import today
from alumni.home import bp, presenters


@bp.get("/my/")
@requires(can_use_account)
def mine():
    return render_template("home/mine.html", **presenters.page(current_user, today()))
