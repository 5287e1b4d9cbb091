"""Editing societies: officers their own society's profile, staff every society."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from alumni.auth.access import requires
from alumni.auth.permissions import can_edit_society_profile, can_manage_societies, is_staff
from alumni.common.exceptions import Refused
from alumni.common.forms import csrf_in_form, render_form
from alumni.common.transaction import commit
from alumni.common.versioning import form_version
from alumni.config import LANGUAGES
from alumni.extensions import db
from alumni.societies import bp, queries, services
from alumni.societies.edit_forms import (
    NewSocietyForm,
    SocietyProfileForm,
    SocietyStatusForm,
    StaffSocietyForm,
)
from alumni.societies.models import SocietyStatus
from alumni.societies.queries import load_society


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


@bp.route("/societies/<code>/edit", methods=["GET", "POST"])
@csrf_in_form
@requires(can_edit_society_profile, load=load_society)
def edit(society):
    form_class = StaffSocietyForm if is_staff(current_user) else SocietyProfileForm
    # Stored values fill the form only when it is opened: a POST is taken as sent, so a field
    # left out (the version above all) is empty, not silently the stored value.
    data = _profile_data(society) if request.method == "GET" else None
    officers = queries.current_officers(society)
    if data is not None:
        data["shown_memberships"] = [m.id for m in officers if m.show_publicly]
    if form_class is StaffSocietyForm:
        form = _staff_form(form_class, data=data)
    else:
        form = form_class(data=data)
    form.shown_memberships.choices = [
        SelectChoice(m.id, f"{m.user.name} — {m.title.title}") for m in officers
    ]
    context = {"society": society, "languages": LANGUAGES}
    if not form.validate_on_submit():
        return render_form("societies/edit.html", form, **context)
    try:
        services.update_profile(
            current_user,
            society,
            form.data,
            seen_version=form_version(form.version.data),
            staff=form_class is StaffSocietyForm,
        )
    except Refused as refusal:
        db.session.rollback()
        return render_form("societies/edit.html", form, refusal, **context)
    commit()
    flash(_("The society's profile is saved."), "info")
    return redirect(url_for("societies.society", code=society.code))


@bp.route("/staff/societies/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_societies)
def create():
    form = _staff_form(NewSocietyForm)
    context = {"society": None, "languages": LANGUAGES}
    if not form.validate_on_submit():
        return render_form("societies/edit.html", form, **context)
    try:
        society = services.create_society(current_user, form.code.data, form.data)
    except Refused as refusal:
        db.session.rollback()
        return render_form("societies/edit.html", form, refusal, **context)
    commit()
    flash(_("The society is created."), "info")
    return redirect(url_for("societies.society", code=society.code))


@bp.route("/societies/<code>/status", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_societies, load=load_society)
def change_status(society):
    form = SocietyStatusForm(
        data={
            "version": str(society.version),
            "status": society.status.value,
            "since": society.status_since,
        }
    )
    context = {"society": society}
    if not form.validate_on_submit():
        return render_form("societies/status.html", form, **context)
    try:
        services.set_status(
            current_user,
            society,
            SocietyStatus(form.status.data),
            form.since.data,
            seen_version=form_version(form.version.data),
        )
    except Refused as refusal:
        db.session.rollback()
        return render_form("societies/status.html", form, refusal, **context)
    commit()
    flash(_("The society's status is saved."), "info")
    return redirect(url_for("societies.society", code=society.code))
