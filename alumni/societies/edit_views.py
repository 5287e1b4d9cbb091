"""Editing societies: officers their own society's profile, staff every society."""

from io import StringIO

from flask import Response, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from alumni.auth.access import requires
from alumni.auth.permissions import can_edit_society_profile, can_manage_societies, is_staff
from alumni.common.forms import (
    csrf_in_form,
    handle_form,
    handle_preview,
    perform,
    render_form,
    validated,
)
from alumni.common.spreadsheets import XLSX_TYPE, xlsx_response
from alumni.common.versioning import form_version
from alumni.config import LANGUAGES
from alumni.societies import bp, csvio, list_import, queries, services
from alumni.societies.edit_forms import (
    NewSocietyForm,
    SocietyListApplyForm,
    SocietyListUploadForm,
    SocietyProfileForm,
    SocietyStatusForm,
    StaffSocietyForm,
)
from alumni.societies.queries import load_society

bp.add_app_template_global(list_import.shortened, "shortened")


def _profile_data(society) -> dict:
    data = {
        "version": str(society.version),
        "contact_email": society.contact_email,
        "contact_phone": society.contact_phone,
        "website": society.website,
        "links": [{"label": link.label, "url": link.url} for link in society.links],
        "country": society.country_code,
        "federation": society.federation_code or "",
        "region": society.region_code,
        "city": society.city,
        "founded_year": society.founded_year,
        "founded_fiscal_year": society.founded_fiscal_year,
        "record_status": society.record_status.value,
        "original_language": society.original_language,
        "source": society.source,
        "note": society.note,
    }
    for lang in LANGUAGES:
        text = society.text_for(lang)
        data[f"name_{lang}"] = text.name if text else ""
        data[f"description_{lang}"] = text.description if text else ""
    return data


def _staff_form(form_class, **kwargs):
    form = form_class(**kwargs)
    form.set_choices(*queries.reference_lists())
    return form


def _profile_form(society) -> SocietyProfileForm:
    """The profile form (with the record's fields for staff), with the officers to show.

    Stored values fill it only when it is opened: a POST is taken as sent, so a field left
    out (the version above all) is empty, not silently the stored value.
    """
    officers = queries.current_officers(society)
    data = None
    if request.method == "GET":
        data = _profile_data(society)
        data["shown_memberships"] = [m.id for m in officers if m.show_publicly]
    if is_staff(current_user):
        form = _staff_form(StaffSocietyForm, data=data)
    else:
        form = SocietyProfileForm(data=data)
    form.shown_memberships.choices = [
        SelectChoice(m.id, f"{m.user.name} — {m.title.title}") for m in officers
    ]
    return form


def _status_form(society) -> SocietyStatusForm:
    values = {"version": str(society.version), "status": society.status.value}
    return SocietyStatusForm(data=values | {"since": society.status_since})


def _society_page(society) -> str:
    return url_for("societies.society", code=society.code)


@bp.route("/societies/<code>/edit", methods=["GET", "POST"])
@csrf_in_form
@requires(can_edit_society_profile, load=load_society)
def edit(society):
    form = _profile_form(society)
    staff = isinstance(form, StaffSocietyForm)
    version = form_version(form.version.data)
    return handle_form(
        form,
        "societies/edit.html",
        lambda: services.update_profile(
            current_user, society, form.data, seen_version=version, staff=staff
        ),
        done=_society_page(society),
        message=_("The society's profile is saved."),
        society=society,
        languages=LANGUAGES,
    )


@bp.route("/staff/societies/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_societies)
def create():
    form = _staff_form(NewSocietyForm)
    return handle_form(
        form,
        "societies/edit.html",
        lambda: services.create_society(current_user, form.code.data, form.data),
        done=_society_page,
        message=_("The society is created."),
        society=None,
        languages=LANGUAGES,
    )


@bp.route("/societies/<code>/status", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_societies, load=load_society)
def change_status(society):
    form = _status_form(society)
    version = form_version(form.version.data)
    return handle_form(
        form,
        "societies/status.html",
        lambda: services.set_status(
            current_user, society, form.status.data, form.since.data, seen_version=version
        ),
        done=_society_page(society),
        message=_("The society's status is saved."),
        society=society,
    )


def _import_page(refusal=None, **values):
    """The import page with the form that was not posted (and, on a refusal, no preview)."""
    values.setdefault("upload", SocietyListUploadForm(formdata=None))
    form = values.pop("form", values["upload"])
    return render_form("societies/import.html", form, refusal, **values)


def _applied(preview) -> str:
    if not (preview.added or preview.changed):
        return _("The list is already as in this file: nothing was changed.")
    added, changed = len(preview.added), len(preview.changed)
    # Each count with its own plural ("1 añadida, 3 cambiadas").
    return _(
        "The list of societies is imported: %(added)s, %(changed)s.",
        added=ngettext("%(num)s society added", "%(num)s societies added", added),
        changed=ngettext("%(num)s society changed", "%(num)s societies changed", changed),
    )


@bp.route("/staff/societies/import", methods=["GET", "POST"])
@requires(can_manage_societies)
def import_list():
    form = SocietyListUploadForm()
    return handle_preview(
        form,
        "societies/import.html",
        lambda: list_import.preview_upload(form.file.data.read()),
        shown=lambda preview: {
            "preview": preview,
            "apply": SocietyListApplyForm(
                formdata=None, data={"content": preview.content, "token": preview.token}
            ),
        },
        upload=form,
    )


@bp.post("/staff/societies/import/apply")
@requires(can_manage_societies)
def apply_import():
    form = SocietyListApplyForm()

    def apply():
        sent = validated(form, _("The preview was not sent whole. Send the file again.")).data
        return list_import.apply_upload(current_user, sent["content"], sent["token"])

    return perform(
        apply,
        done=url_for("societies.import_list"),
        message=_applied,
        page=lambda refusal: _import_page(refusal, form=form),
    )


@bp.get("/staff/societies/export.<any(csv, xlsx):kind>")
@requires(can_manage_societies)
def export_list(kind):
    rows = [services.export_row(s) for s in queries.all_societies()]
    headers = {"Content-Disposition": f"attachment; filename=societies.{kind}"}
    if kind == "xlsx":
        cells = ([row[c] for c in csvio.COLUMNS] for row in rows)
        return xlsx_response("societies", csvio.COLUMNS, cells, mimetype=XLSX_TYPE, headers=headers)
    text = StringIO()
    csvio.write_rows(text, rows)  # as `flask societies export`, with a BOM for Excel
    return Response(text.getvalue().encode("utf-8-sig"), mimetype="text/csv", headers=headers)
