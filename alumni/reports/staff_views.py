"""Staff prepare a year's summary: topics, AOTS's programme table, preview, publish."""

from flask import abort, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth.access import requires
from alumni.auth.permissions import can_publish_summaries
from alumni.common.forms import csrf_in_form, handle_form, perform, render_form
from alumni.common.versioning import form_version
from alumni.config import LANGUAGES
from alumni.extensions import db
from alumni.reports import bp, periods, programme_table, services, table_services, tables
from alumni.reports.forms import (
    ApplyTableForm,
    OpenYearForm,
    PinForm,
    PublishedCountForm,
    TableUploadForm,
    TopicsForm,
)
from alumni.reports.models import Programme, ProgrammeTable, ProgrammeUpload, Summary
from alumni.societies.models import REGION_TITLES


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


def _page(summary, *, topics=None, upload=None, pin=None) -> dict:
    """The prepare page's values: its forms, the one posted as it was sent, and the
    programme tables that end with the summary's year."""
    stored = programme_table.tables_ending(summary.fiscal_year)
    return {
        "summary": summary,
        "languages": LANGUAGES,
        "topics": _stored_topics(summary) if topics is None else topics,
        "upload": TableUploadForm(formdata=None) if upload is None else upload,
        "programme_tables": [_stored_table(t, _pin_form(t, pin)) for t in stored],
    }


def _stored_table(stored, pin) -> dict:
    """A stored table on the prepare page: its label, total, pinned shares and pin form."""
    computed = programme_table.table(stored) or {"rows": [], "totals": {}}
    pinned = [
        (
            REGION_TITLES[row["region"]],
            Programme(code).title,
            tables.share(row["shares"][code]),
            programme_table.pin_note(note),
        )
        for row in computed["rows"]
        for code, note in row["pins"].items()
    ]
    return {
        "stored": stored,
        "label": periods.label(periods.Period.of_row(stored)),
        "pin": pin,
        "total": sum(computed["totals"].values()),
        "pinned": pinned,
    }


def _pin_form(stored, posted):
    """The pin form of each table; the one posted shows what was sent."""
    if posted is not None and posted[0] == stored.id:
        return posted[1]
    return PinForm(formdata=None)


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


@bp.post("/staff/summaries/<id:fiscal_year>/programme-table")
@requires(can_publish_summaries, load=load_summary)
def upload_table(summary):
    form = TableUploadForm()
    return handle_form(
        form,
        "reports/prepare.html",
        lambda: _read_upload(summary, form),
        done=lambda kept: url_for(
            "reports.table_preview", fiscal_year=summary.fiscal_year, upload_id=kept.id
        ),
        message=_("The file was read without a problem. Check the changes, then apply them."),
        **_page(summary, upload=form),
    )


def _read_upload(summary, form):
    period = table_services.chosen_period(summary, form.kind.data, form.first_year.data)
    chosen = form.file.data
    return table_services.upload(
        current_user, summary, period, chosen.filename, chosen.read(), form.dash_for_zero.data
    )


def load_upload(fiscal_year: int, upload_id: int):
    summary = load_summary(fiscal_year)
    kept = db.session.get(ProgrammeUpload, upload_id)
    if kept is None or kept.summary_id != summary.id:
        abort(404)
    return kept


def _preview_page(kept) -> dict:
    shown = table_services.preview(kept)
    return {
        "summary": db.session.get(Summary, kept.summary_id),
        "preview": shown,
        "label": periods.label(shown.period),
    }


@bp.get("/staff/summaries/<id:fiscal_year>/programme-table/<id:upload_id>")
@requires(can_publish_summaries, load=load_upload)
def table_preview(kept):
    form = ApplyTableForm(formdata=None)
    return render_form("reports/table_preview.html", form, **_preview_page(kept))


def _applied(result) -> str:
    stored, shown = result
    return ngettext(
        "The %(period)s table is imported: %(num)s cell changed.",
        "The %(period)s table is imported: %(num)s cells changed.",
        len(shown.changes),
        period=periods.label(shown.period),
    )


@bp.post("/staff/summaries/<id:fiscal_year>/programme-table/<id:upload_id>/apply")
@requires(can_publish_summaries, load=load_upload)
def apply_table(kept):
    form = ApplyTableForm()
    context = _preview_page(kept)
    summary = context["summary"]
    return handle_form(
        form,
        "reports/table_preview.html",
        lambda: table_services.apply(
            current_user, summary, kept, form.sha256.data, form.table_version.data
        ),
        done=_prepare_url(summary),
        message=_applied,
        **context,
    )


def load_table(fiscal_year: int, table_id: int):
    summary = load_summary(fiscal_year)
    stored = db.session.get(ProgrammeTable, table_id)
    if stored is None or stored.last_year != summary.fiscal_year:
        abort(404)
    return summary, stored


@bp.post("/staff/summaries/<id:fiscal_year>/programme-tables/<id:table_id>/pin")
@requires(can_publish_summaries, load=load_table)
def pin_share(loaded):
    summary, stored = loaded
    form = PinForm()
    return handle_form(
        form,
        "reports/prepare.html",
        lambda: table_services.pin(current_user, summary, stored, form.data),
        done=_prepare_url(summary),
        message=_("The printed share is saved."),
        **_page(summary, pin=(stored.id, form)),
    )


@bp.route("/staff/network-counts", methods=["GET", "POST"])
@csrf_in_form
@requires(can_publish_summaries)
def network_counts():
    form = PublishedCountForm()
    return handle_form(
        form,
        "reports/network_counts.html",
        lambda: table_services.save_count(current_user, form.data),
        done=url_for("reports.network_counts"),
        message=lambda as_of: _(
            "AOTS's count as of %(date)s is saved.", date=format_date(as_of, "long")
        ),
        counts=table_services.published_counts(),
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
