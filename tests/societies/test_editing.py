"""Officers edit their own society's profile; staff edit, create and close societies."""

import re

from sqlalchemy import func, select

from alumni.audit.models import AuditEntry
from alumni.extensions import db
from alumni.societies.models import Society
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in
from tests.helpers import get_as, page_text


def profile_form(client, code: str) -> dict:
    """The edit form's fields as the browser would send them back unchanged."""
    body = client.get(f"/societies/{code}/edit").get_data(as_text=True)
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body):
        data[name] = value
    for name in re.findall(r'<input[^>]*name="([^"]+)"', body):
        data.setdefault(name, "")
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\s*([^<]*)</textarea>', body):
        data[name] = value
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        selected = re.search(r'<option selected value="([^"]*)"', options) or re.search(
            r'<option value="([^"]*)" selected', options
        )
        data[name] = selected.group(1) if selected else ""
    data.pop("shown_memberships", None)
    return data


def form_key(client, url: str) -> str:
    """The one-time key of the form a fresh GET of URL shows."""
    body = client.get(url).get_data(as_text=True)
    return re.search(r'name="form_key" type="hidden" value="([^"]+)"', body).group(1)


def society(app, code: str) -> dict:
    with app.app_context():
        found = db.session.scalars(select(Society).where(Society.code == code)).one()
        return {
            "version": found.version,
            "es": (found.text_for("es").description if found.text_for("es") else ""),
            "website": found.website,
            "status": found.status.value,
            "links": [(link.label, link.url) for link in found.links],
        }


def test_officer_edits_the_spanish_description_and_visitors_see_it(app, client, people):
    log_in(client, people["officer_a"].email)
    data = profile_form(client, SOCIETY_A)
    data.update(
        description_es="Organizamos el Premio Nacional 5S desde 2013.",
        name_es="Asociación de exbecarios de AOTS del Perú",
        website="https://example.org/peru",
        **{"links-0-label": "Facebook", "links-0-url": "https://example.org/fb"},
    )
    response = client.post(f"/societies/{SOCIETY_A}/edit", data=data)
    assert response.status_code == 302
    spanish = page_text(get_as(app.test_client(), f"/societies/{SOCIETY_A}", "es"))
    assert "Organizamos el Premio Nacional 5S desde 2013." in spanish
    assert "Asociación de exbecarios de AOTS del Perú" in spanish
    assert "Facebook" in spanish
    japanese = page_text(get_as(app.test_client(), f"/societies/{SOCIETY_A}", "ja"))
    assert "Organizamos el Premio" in japanese  # no Japanese text yet: the original is shown
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "society.updated")
        ).one()
        assert "description_es" in entry.details["changes"]


def test_officer_cannot_change_what_only_staff_decide(app, client, people):
    log_in(client, people["officer_a"].email)
    data = profile_form(client, SOCIETY_A)
    data.update(country="JP", federation="EFAAS", status="closed", record_status="confirmed")
    assert client.post(f"/societies/{SOCIETY_A}/edit", data=data).status_code == 302
    with app.app_context():
        found = db.session.scalars(select(Society).where(Society.code == SOCIETY_A)).one()
        assert (found.country_code, found.federation_code) == ("PE", "FELAAS")
        assert found.status.value == "active" and found.record_status.value == "descriptive"


def test_officer_of_another_society_is_refused_and_nothing_is_stored(app, client, people):
    log_in(client, people["officer_a"].email)
    data = profile_form(client, SOCIETY_A)
    client.post("/logout")
    log_in(client, people["officer_b"].email)
    before = society(app, SOCIETY_A)
    data.update(description_es="Escrito por otra asociación")
    assert client.get(f"/societies/{SOCIETY_A}/edit").status_code == 403
    assert client.post(f"/societies/{SOCIETY_A}/edit", data=data).status_code == 403
    assert (
        client.post(
            f"/societies/{SOCIETY_A}/status",
            data={"status": "closed", "since": "2024-01-01", "version": str(before["version"])},
        ).status_code
        == 403
    )
    assert society(app, SOCIETY_A) == before
    # ...while their own society stays theirs to edit.
    assert client.get(f"/societies/{SOCIETY_B}/edit").status_code == 200
    assert "Edit the profile" not in page_text(client.get(f"/societies/{SOCIETY_A}"))
    assert "Edit the profile" in page_text(client.get(f"/societies/{SOCIETY_B}"))


def test_expired_officer_can_no_longer_edit(app, client, people):
    log_in(client, people["expired_officer"].email)
    assert client.get(f"/societies/{SOCIETY_A}/edit").status_code == 403


def test_second_of_two_concurrent_saves_is_told_and_keeps_its_text(app, people):
    first, second = app.test_client(), app.test_client()
    log_in(first, people["officer_a"].email)
    log_in(second, people["staff"].email)
    form_first = profile_form(first, SOCIETY_A)
    form_second = profile_form(second, SOCIETY_A)
    form_first["description_en"] = "First officer's text"
    form_second["description_en"] = "Staff text written at the same time"
    assert first.post(f"/societies/{SOCIETY_A}/edit", data=form_first).status_code == 302
    response = second.post(f"/societies/{SOCIETY_A}/edit", data=form_second)
    assert response.status_code == 409
    text = page_text(response)
    assert "Someone else changed this while you were editing." in text
    assert "Staff text written at the same time" in response.get_data(as_text=True)
    with app.app_context():
        found = db.session.scalars(select(Society).where(Society.code == SOCIETY_A)).one()
        assert found.text_for("en").description == "First officer's text"
    # Having checked, the second person saves again from the form shown: it goes through.
    form_second["version"] = str(found.version)
    shown = f'name="version" type="hidden" value="{found.version}"'
    assert shown in response.get_data(as_text=True)
    assert second.post(f"/societies/{SOCIETY_A}/edit", data=form_second).status_code == 302


def test_bad_input_is_refused_with_the_typed_values_kept(app, client, people):
    log_in(client, people["officer_a"].email)
    before = society(app, SOCIETY_A)
    data = profile_form(client, SOCIETY_A)
    data.update(
        website="javascript:alert(1)",
        description_es="Texto\x00con nulo",
        contact_email="not an address",
        name_en="x" * 301,
    )
    response = client.post(
        f"/societies/{SOCIETY_A}/edit", data=data, headers={"Accept-Language": "es"}
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'value="javascript:alert(1)"' in body and 'value="not an address"' in body
    assert society(app, SOCIETY_A) == before


def test_staff_create_a_society(app, client, people):
    log_in(client, people["staff"].email)
    data = profile_form(client, SOCIETY_A)
    data.update(
        code="co-bogota",
        country="CO",
        federation="FELAAS",
        region="latin_america",
        city="Bogotá",
        founded_year="2023",
        record_status="confirmed",
        original_language="es",
        name_es="Asociación AOTS Colombia",
        name_en="",
        name_ja="",
        description_es="",
        description_en="",
        description_ja="",
        source="Staff",
        note="",
    )
    data.pop("version", None)
    response = client.post("/staff/societies/new", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/societies/CO-BOGOTA"
    assert "Asociación AOTS Colombia" in page_text(get_as(client, "/societies/CO-BOGOTA", "en"))
    assert "73 societies in 44 countries/regions" in page_text(get_as(client, "/", "en"))
    # The same form sent twice (a double click) lands on the society created by the first...
    again = client.post("/staff/societies/new", data=data)
    assert again.status_code == 302 and again.headers["Location"] == "/societies/CO-BOGOTA"
    # ...while a new form with the same code is refused, with what was typed.
    data["form_key"] = form_key(client, "/staff/societies/new")
    duplicate = client.post("/staff/societies/new", data=data)
    assert duplicate.status_code == 422
    assert "A society with this code already exists." in page_text(duplicate)
    assert 'value="Bogotá"' in duplicate.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Society.code == "CO-BOGOTA")) == 1


def test_staff_close_a_society_with_its_date(app, client, people):
    log_in(client, people["staff"].email)
    version = society(app, SOCIETY_A)["version"]
    response = client.post(
        f"/societies/{SOCIETY_A}/status",
        data={"status": "closed", "since": "2025-03-31", "version": str(version)},
    )
    assert response.status_code == 302
    text = page_text(get_as(client, f"/societies/{SOCIETY_A}", "en"))
    assert "Closed (since March 31, 2025)" in text
    assert "71 societies in 43 countries/regions" in page_text(get_as(client, "/", "en"))


def test_a_status_date_is_from_1959_to_today_and_the_same_again_records_nothing(
    app, client, people
):
    from alumni.audit.models import AuditEntry

    log_in(client, people["staff"].email)

    def sent(since):
        version = society(app, SOCIETY_A)["version"]
        data = {"status": "dormant", "since": since, "version": str(version)}
        return client.post(f"/societies/{SOCIETY_A}/status", data=data)

    for since in ("1800-01-01", "2999-01-01"):
        refused = sent(since)
        assert refused.status_code == 422, since
        assert "Give a date from January 1, 1959 to today." in page_text(refused)
        assert f'value="{since}"' in refused.get_data(as_text=True)
    assert society(app, SOCIETY_A)["status"] != "dormant"
    assert sent("2024-04-01").status_code == 302
    assert sent("2024-04-01").status_code == 302  # saved again as it was
    with app.app_context():
        changes = select(AuditEntry).where(AuditEntry.action == "society.status_changed")
        assert len(db.session.scalars(changes).all()) == 1


def test_officers_chosen_to_be_shown_appear_on_the_public_page(app, client, people):
    log_in(client, people["officer_a"].email)
    data = profile_form(client, SOCIETY_A)
    with app.app_context():
        from alumni.auth.models import User

        membership_id = db.session.get(User, people["officer_a"].id).memberships[0].id
    data["shown_memberships"] = str(membership_id)
    assert client.post(f"/societies/{SOCIETY_A}/edit", data=data).status_code == 302
    text = page_text(get_as(app.test_client(), f"/societies/{SOCIETY_A}", "en"))
    assert "Officer_A (President)" in text


def test_a_version_in_other_digits_is_a_conflict_not_a_crash(app, client, people):
    """ "²".isdigit() is true in Python, yet int("²") raises."""
    log_in(client, people["staff"].email)
    response = client.post(
        f"/societies/{SOCIETY_A}/status",
        data={"status": "closed", "since": "2025-03-31", "version": "²"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 409
    assert "Someone else changed this while you were editing." in page_text(response)
    assert society(app, SOCIETY_A)["status"] != "closed"


def test_the_profile_form_shows_a_text_field_for_each_link(client, people):
    # A subform field named "label" is hidden by the FormField's own label unless the
    # template asks the subform for it.
    log_in(client, people["officer_a"].email)
    page = client.get(f"/societies/{SOCIETY_A}/edit").get_data(as_text=True)
    assert 'name="links-0-label"' in page and 'name="links-0-url"' in page


def test_a_new_societys_country_and_region_are_chosen_not_defaulted(app, client, people):
    """The form opens on "— choose —" for both (it sent Iceland and Asia when left alone),
    and with the page's language as the texts' original one, whose name field is open."""
    import re

    from tests.events.test_one_form import speaks

    log_in(client, people["staff"].email)
    speaks(app, people["staff"], "es")
    page = client.get("/staff/societies/new").get_data(as_text=True)
    for name in ("country", "region"):
        select_ = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)[0]
        first = re.search(r"<option[^>]*>", select_)[0]
        assert first == '<option value="">' and "selected" not in select_, name
    language = re.search(r'<select[^>]*name="original_language".*?</select>', page, re.S)[0]
    assert '<option selected value="es">' in language
    key = form_key(client, "/staff/societies/new")
    sent = {"form_key": key, "code": "CO-CALI", "name_es": "AOTS Cali", "original_language": "es"}
    response = client.post("/staff/societies/new", data=sent | {"record_status": "confirmed"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Society.code == "CO-CALI")) == 0
