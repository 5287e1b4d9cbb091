"""Staff prepare a year's summary: topics, AOTS's programme table, preview, publish."""

import io

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth.access import requires
from alumni.auth.permissions import can_publish_summaries
from alumni.common.exceptions import Refused
from alumni.common.forms import csrf_in_form, render_form
from alumni.common.transaction import commit
from alumni.common.versioning import form_version
from alumni.config import LANGUAGES
from alumni.extensions import db
from alumni.reports import bp, programme_table, services, tables
from alumni.reports.forms import OpenYearForm, TableUploadForm, TopicsForm
from alumni.societies.csvio import CsvImportError


def load_summary(fiscal_year: int):
    return services.get_summary(fiscal_year) or abort(404)


@bp.route("/staff/summaries/", methods=["GET", "POST"])
@csrf_in_form
@requires(can_publish_summaries)
def staff_index():
    form = OpenYearForm()
    if form.validate_on_submit():
        summary = services.open_summary(current_user, form.fiscal_year.data)
        commit()
        return redirect(url_for("reports.prepare", fiscal_year=summary.fiscal_year))
    return render_form("reports/staff_index.html", form, summaries=services.all_summaries())


def _topics_data(summary) -> dict:
    links = summary.links or {}
    data = {
        "version": str(summary.version),
        "event_ids": ", ".join(map(str, links.get("events", []))),
        "grant_ids": ", ".join(map(str, links.get("grants", []))),
        "society_codes": ", ".join(links.get("societies", [])),
    }
    data.update({f"topics_{lang}": (summary.topics or {}).get(lang, "") for lang in LANGUAGES})
    return data


@bp.route("/staff/summaries/<id:fiscal_year>", methods=["GET", "POST"])
@csrf_in_form
@requires(can_publish_summaries, load=load_summary)
def prepare(summary):
    form = TopicsForm(data=_topics_data(summary) if request.method == "GET" else None)
    context = {"summary": summary, "languages": LANGUAGES, "upload": TableUploadForm()}
    if not form.validate_on_submit():
        return render_form("reports/prepare.html", form, **context)
    try:
        services.save_topics(
            current_user, summary, form.data, seen_version=form_version(form.version.data)
        )
    except Refused as refusal:
        db.session.rollback()
        return render_form("reports/prepare.html", form, refusal, **context)
    commit()
    flash(_("The topics are saved. Preview the summary, then publish it."), "info")
    return redirect(url_for("reports.prepare", fiscal_year=summary.fiscal_year))


@bp.post("/staff/summaries/<id:fiscal_year>/programme-table")
@requires(can_publish_summaries, load=load_summary)
def upload_table(summary):
    form = TableUploadForm()
    if not form.validate_on_submit():
        flash(_("Choose the CSV file of the table."), "error")
        return redirect(url_for("reports.prepare", fiscal_year=summary.fiscal_year))
    try:
        text = form.file.data.read().decode("utf-8-sig")
        counts = programme_table.import_table(io.StringIO(text))
    except UnicodeDecodeError:
        flash(_("The file is not UTF-8 text: save it as CSV (UTF-8) and try again."), "error")
        return redirect(url_for("reports.prepare", fiscal_year=summary.fiscal_year))
    except CsvImportError as error:
        db.session.rollback()
        lines = "; ".join(f"{line}: {message}" for line, message in error.errors[:10])
        flash(_("Nothing was imported. Line %(lines)s", lines=lines), "error")
        return redirect(url_for("reports.prepare", fiscal_year=summary.fiscal_year))
    commit()
    flash(
        _(
            "The programme table is imported: %(years)s.",
            years=", ".join(_("FY%(year)s", year=year) for year in sorted(counts)),
        ),
        "info",
    )
    return redirect(url_for("reports.prepare", fiscal_year=summary.fiscal_year))


@bp.get("/staff/summaries/<id:fiscal_year>/preview")
@requires(can_publish_summaries, load=load_summary)
def preview(summary):
    snap = services.snapshot(summary)
    return render_template(
        "reports/summary.html",
        summary=summary,
        version=None,
        snap=snap,
        changes=[],
        preview=True,
        tables=tables.build(snap),
    )


@bp.post("/staff/summaries/<id:fiscal_year>/publish")
@requires(can_publish_summaries, load=load_summary)
def publish(summary):
    version = services.publish(current_user, summary)
    commit()
    flash(
        _(
            "Version %(number)s of the FY%(year)s summary is published.",
            number=version.number,
            year=summary.fiscal_year,
        ),
        "info",
    )
    return redirect(url_for("reports.summary", fiscal_year=summary.fiscal_year))
