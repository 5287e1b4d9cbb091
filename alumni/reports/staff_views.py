"""Staff prepare a year's summary: topics, AOTS's programme table, preview, publish."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth.access import requires
from alumni.auth.permissions import can_publish_summaries
from alumni.common.forms import csrf_in_form, handle_form, perform, render_form
from alumni.common.versioning import form_version
from alumni.config import LANGUAGES
from alumni.reports import bp, programme_table, services, tables
from alumni.reports.forms import OpenYearForm, TableUploadForm, TopicsForm


def load_summary(fiscal_year: int):
    return services.get_summary(fiscal_year) or abort(404)


def _prepare_url(summary) -> str:
    return url_for("reports.prepare", fiscal_year=summary.fiscal_year)


@bp.route("/staff/summaries/", methods=["GET", "POST"])
@csrf_in_form
@requires(can_publish_summaries)
def staff_index():
    form = OpenYearForm()
    return handle_form(
        form,
        "reports/staff_index.html",
        lambda: services.open_summary(current_user, form.fiscal_year.data),
        done=_prepare_url,
        message=lambda summary: _(
            "The FY%(year)s summary is open: add its topics and table.", year=summary.fiscal_year
        ),
        summaries=services.all_summaries(),
    )


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


def _stored_topics(summary) -> TopicsForm:
    """The topics as saved, whatever this request posted (the table's upload, a button)."""
    return TopicsForm(formdata=None, data=_topics_data(summary))


def _page(summary, *, topics=None, upload=None) -> dict:
    """The prepare page's values: both its forms, the one posted as it was sent."""
    return {
        "summary": summary,
        "languages": LANGUAGES,
        "topics": _stored_topics(summary) if topics is None else topics,
        "upload": TableUploadForm(formdata=None) if upload is None else upload,
    }


@bp.route("/staff/summaries/<id:fiscal_year>", methods=["GET", "POST"])
@csrf_in_form
@requires(can_publish_summaries, load=load_summary)
def prepare(summary):
    form = TopicsForm(data=_topics_data(summary) if request.method == "GET" else None)
    version = form_version(form.version.data)
    return handle_form(
        form,
        "reports/prepare.html",
        lambda: services.save_topics(current_user, summary, form.data, seen_version=version),
        done=_prepare_url(summary),
        message=_("The topics are saved. Preview the summary, then publish it."),
        **_page(summary, topics=form),
    )


def _imported(counts: dict[int, int]) -> str:
    years = ", ".join(_("FY%(year)s", year=year) for year in sorted(counts))
    return _("The programme table is imported: %(years)s.", years=years)


@bp.post("/staff/summaries/<id:fiscal_year>/programme-table")
@requires(can_publish_summaries, load=load_summary)
def upload_table(summary):
    form = TableUploadForm()
    return handle_form(
        form,
        "reports/prepare.html",
        lambda: programme_table.import_upload(form.file.data.read()),
        done=_prepare_url(summary),
        message=_imported,
        **_page(summary, upload=form),
    )


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


def _published(summary):
    def message(version) -> str:
        return _(
            "Version %(number)s of the FY%(year)s summary is published.",
            number=version.number,
            year=summary.fiscal_year,
        )

    return message


@bp.post("/staff/summaries/<id:fiscal_year>/publish")
@requires(can_publish_summaries, load=load_summary)
def publish(summary):
    page = _page(summary)
    return perform(
        lambda: services.publish(current_user, summary),
        done=url_for("reports.summary", fiscal_year=summary.fiscal_year),
        message=_published(summary),
        page=lambda refusal: render_form("reports/prepare.html", page["topics"], refusal, **page),
    )
