"""WNF pages: the public page, the committee's queue, officers' applications."""

from flask import render_template
from flask_login import current_user

from alumni.auth.access import public, requires
from alumni.auth.permissions import can_see_committee_queue, can_use_account
from alumni.fund.services import totals
from alumni.grants import bp, queries


@bp.get("/wnf/")
@public
def index():
    return render_template("grants/public.html", years=queries.public_years())


@bp.get("/wnf/queue")
@requires(can_see_committee_queue)
def queue():
    return render_template(
        "grants/queue.html", queue=queries.committee_queue(current_user), fund=totals()
    )


@bp.get("/wnf/applications/")
@requires(can_use_account)
def applications():
    return render_template(
        "grants/applications.html", grants=queries.applications_for(current_user)
    )
