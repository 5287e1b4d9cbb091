"""Downloads go through the app with the original name, and only to those who may read."""

from urllib.parse import quote

import pytest

from alumni.events.models import EventStatus
from alumni.grants.models import GrantStatus
from tests.auth_helpers import ROLES, SOCIETY_A, log_in_as
from tests.events_helpers import make_event
from tests.files_helpers import PDF, attach_file, png, png_html_polyglot
from tests.grants_helpers import make_grant

NAME = "参加者名簿 2024年度.pdf"


def get(app, people, role, url):
    client = app.test_client()
    if role != "anonymous":
        log_in_as(client, people[role])
    with client.get(url) as response:
        return response.status_code, response.headers, response.data


def test_a_japanese_name_is_sent_per_rfc_6266(app, people):
    grant = make_grant(app, status=GrantStatus.DISBURSED)
    file_id = attach_file(app, "report_evidence", grant, PDF, NAME)
    status, headers, data = get(app, people, "officer_a", f"/files/{file_id}/{quote(NAME)}")
    assert status == 200 and data == PDF
    assert headers["Content-Disposition"] == (
        "attachment; filename=\"2024.pdf\"; filename*=UTF-8''" + quote(NAME, safe="")
    )
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in headers["Cache-Control"] and "private" in headers["Cache-Control"]


def test_a_pdf_is_never_shown_inline(app, people):
    grant = make_grant(app, status=GrantStatus.DISBURSED)
    file_id = attach_file(app, "report_evidence", grant, PDF, "a.pdf")
    assert get(app, people, "staff", f"/files/{file_id}/view")[0] == 404


def test_an_image_is_downloaded_as_an_attachment_by_its_name_link(app, people):
    event = make_event(app, SOCIETY_A)
    file_id = attach_file(app, "event_photo", event, png_html_polyglot(), "grupo.png")
    status, headers, data = get(app, people, "anonymous", f"/files/{file_id}/grupo.png")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert headers["Content-Disposition"].startswith('attachment; filename="grupo.png"')
    assert b"<script" not in data


EVIDENCE_READERS = {"officer_a", "committee", "staff", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_programme_evidence_is_for_the_host_the_committee_and_staff(app, people, role):
    grant = make_grant(app, status=GrantStatus.DISBURSED)
    file_id = attach_file(app, "report_evidence", grant, PDF, "receipt.pdf")
    status, headers, _data = get(app, people, role, f"/files/{file_id}/receipt.pdf")
    if role == "anonymous":
        assert status == 302 and "/login" in headers["Location"]
    else:
        assert status == (200 if role in EVIDENCE_READERS else 403), role


@pytest.mark.parametrize("role", ROLES)
def test_a_drafts_photos_do_not_exist_for_those_who_may_not_edit_it(app, people, role):
    draft = make_event(app, SOCIETY_A, status=EventStatus.DRAFT)
    file_id = attach_file(app, "event_photo", draft, png(), "p.png")
    status, headers, _data = get(app, people, role, f"/files/{file_id}/view")
    if role == "anonymous":
        assert status == 302 and "/login" in headers["Location"]
    else:
        assert status == (200 if role in {"officer_a", "staff", "admin"} else 404), role


def test_an_unknown_file_is_404(app, people):
    assert get(app, people, "staff", "/files/999999/x.pdf")[0] == 404
    assert get(app, people, "staff", "/files/999999/view")[0] == 404
    assert get(app, people, "anonymous", "/files/999999/view")[0] == 302  # which exist: not theirs


def test_the_grant_page_lists_the_evidence_for_those_who_may_read_it(app, people):
    grant = make_grant(app, status=GrantStatus.DISBURSED)
    attach_file(app, "report_evidence", grant, PDF, "asistencia.pdf")
    for role, shown in [("officer_a", True), ("committee", True), ("officer_b", False)]:
        status, _headers, data = get(app, people, role, f"/wnf/applications/{grant}")
        assert status == 200
        assert ("asistencia.pdf" in data.decode()) is shown, role
    page = get(app, people, "officer_a", f"/wnf/applications/{grant}")[2].decode()
    assert f'href="/files/attach/report_evidence/{grant}"' in page


def test_the_edit_page_shows_the_photos_and_the_link_to_add_more(app, people):
    event = make_event(app, SOCIETY_A)
    file_id = attach_file(app, "event_photo", event, png(), "p.png")
    page = get(app, people, "officer_a", f"/events/{event}/edit")[2].decode()
    assert f'src="/files/{file_id}/view"' in page
    assert f'href="/files/attach/event_photo/{event}"' in page
