"""Attaching files through the form, friendly and hostile, on both databases and both
storages: what is refused leaves no row and no stored object behind."""

import io
from pathlib import Path

import pytest
from flask_babel import force_locale
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from alumni.common.errors import MESSAGES
from alumni.common.transaction import rollback
from alumni.extensions import db
from alumni.files import kinds, services
from alumni.files.models import Attachment
from alumni.files.storage import storage
from alumni.grants.models import GrantStatus
from tests.auth_helpers import SOCIETY_A, log_in_as
from tests.events_helpers import make_event
from tests.files_helpers import (
    HTML,
    PDF,
    SVG,
    jpeg_with_gps,
    png,
    png_claiming,
    png_html_polyglot,
    stored_keys,
    upload,
)
from tests.grants_helpers import make_grant
from tests.helpers import page_text


@pytest.fixture(params=["local", "s3"])
def site(request, app):
    """The app on the local disk or on moto's S3 server."""
    return request.getfixturevalue("s3_app") if request.param == "s3" else app


@pytest.fixture
def officer(site, people):
    client = site.test_client()
    log_in_as(client, people["officer_a"])
    return client


@pytest.fixture
def evidence_url(site):
    grant = make_grant(site, status=GrantStatus.DISBURSED)
    return f"/files/attach/report_evidence/{grant}"


def rows(app) -> list[Attachment]:
    with app.app_context():
        return list(db.session.scalars(select(Attachment)))


def stored(app, row: Attachment) -> bytes:
    with app.app_context(), storage().open(row.storage_key) as stream:
        return stream.read()


def test_an_officer_attaches_a_photo_that_the_event_page_shows(site, officer):
    event = make_event(site, SOCIETY_A)
    response = upload(officer, f"/files/attach/event_photo/{event}", png(), "team.png", "Día 1")
    assert response.status_code == 302
    [row] = rows(site)
    assert (row.content_type, row.width, row.height, row.caption) == ("image/png", 12, 8, "Día 1")
    assert stored_keys(site) == {row.storage_key}
    page = site.test_client().get(f"/events/{event}").get_data(as_text=True)
    assert f'src="/files/{row.id}/view"' in page and 'alt="Día 1"' in page
    form = officer.get(f"/events/{event}/edit").get_data(as_text=True)  # its gallery too
    assert f'src="/files/{row.id}/view"' in form and "Nothing attached yet." not in form
    with site.test_client().get(f"/files/{row.id}/view") as shown:
        assert shown.status_code == 200 and shown.mimetype == "image/png"
        assert shown.headers["X-Content-Type-Options"] == "nosniff"
        assert shown.headers["Content-Disposition"].startswith("inline;")
        assert shown.headers["Cache-Control"] == "public, max-age=3600"
        assert Image.open(io.BytesIO(shown.data)).size == (12, 8)


def test_a_photo_loses_its_gps_position_and_is_turned_upright(site, officer):
    event = make_event(site, SOCIETY_A)
    sent = jpeg_with_gps(size=(40, 20), orientation=6)
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(0x8825)  # it had a position
    assert (
        upload(officer, f"/files/attach/event_photo/{event}", sent, "IMG_1.JPG").status_code == 302
    )
    [row] = rows(site)
    kept = Image.open(io.BytesIO(stored(site, row)))
    assert kept.format == "JPEG" and kept.size == (20, 40) == (row.width, row.height)
    assert not kept.getexif() and "exif" not in kept.info
    assert b"Exif" not in stored(site, row)[:200]


def test_a_png_that_is_also_html_is_stored_as_a_picture_only(site, officer, evidence_url):
    sent = png_html_polyglot()
    assert b"<script>" in sent
    assert upload(officer, evidence_url, sent, "sheet.png").status_code == 302
    [row] = rows(site)
    kept = stored(site, row)
    assert b"<script" not in kept and b"<html" not in kept and b"alert" not in kept
    assert Image.open(io.BytesIO(kept)).format == "PNG"
    assert row.content_type == "image/png"


HOSTILE = {
    "html named .pdf": (HTML, "report.pdf"),
    "svg": (SVG, "chart.svg"),
    "svg named .png": (SVG, "chart.png"),
    "a pdf named .png": (PDF, "photo.png"),
    "30000 x 30000": (png_claiming(30000, 30000), "huge.png"),
    "python named ../../app.py": (b"import os\nos.system('rm -rf /')\n", "../../app.py"),
    "pdf named ../../app.py": (PDF, "../../app.py"),
    "damaged png": (png()[:40], "cut.png"),
    "empty": (b"", "nothing.pdf"),
}


@pytest.mark.parametrize("label", HOSTILE)
def test_a_hostile_file_is_refused_and_leaves_nothing_behind(site, officer, evidence_url, label):
    data, name = HOSTILE[label]
    before = stored_keys(site)
    response = upload(officer, evidence_url, data, name, caption="Attendance, day 2")
    assert response.status_code == 422, label
    page = response.get_data(as_text=True)
    assert 'value="Attendance, day 2"' in page  # what was typed is kept
    assert 'class="errors" id="file-errors"' in page
    assert rows(site) == [] and stored_keys(site) == before


def test_a_thirty_thousand_pixel_square_is_refused_without_decoding_it(site, officer, evidence_url):
    data = png_claiming(30000, 30000)
    assert len(data) < 200  # the test never holds 900 megapixels
    response = upload(officer, evidence_url, data, "bomb.png")
    assert response.status_code == 422
    assert "too many pixels" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../evil.pdf", "evil.pdf"),
        ("..\\..\\x.pdf", "x.pdf"),
        ("gpj\u202e.pdf", "gpj.pdf"),
        ("re\x00port.pdf", "report.pdf"),
        ("Jose\u0301.pdf", "José.pdf"),
    ],
)
def test_a_name_is_display_text_only(site, officer, evidence_url, sent, shown):
    assert upload(officer, evidence_url, PDF, sent).status_code == 302
    [row] = rows(site)
    assert row.file_name == shown
    assert stored(site, row) == PDF  # a PDF is kept as it came
    assert stored_keys(site) == {row.storage_key}  # stored under its key, nowhere else
    if site.config["FILE_STORAGE"] == "local":  # nothing written anywhere else either
        written = [p for p in Path(site.instance_path).parent.rglob("*") if p.is_file()]
        assert [p.name for p in written if p.suffix != ".mo"] == [row.storage_key]


def test_fifty_megabytes_get_a_413_in_the_users_language(site, officer, evidence_url):
    officer.post("/language", data={"lang": "es"})
    before = stored_keys(site)
    response = upload(officer, evidence_url, PDF + b"0" * (50 * 1024 * 1024), "big.pdf")
    assert response.status_code == 413
    with site.test_request_context(), force_locale("es"):
        title = str(MESSAGES[413][0])
    assert title != "Too much sent at once"
    assert title in response.get_data(as_text=True)
    assert rows(site) == [] and stored_keys(site) == before


def test_a_file_just_over_the_upload_limit_is_refused_too(site, officer, evidence_url):
    site.config["MAX_UPLOAD_MB"] = 1
    response = upload(officer, evidence_url, PDF + b"0" * (1024 * 1024), "big.pdf")
    assert response.status_code == 413
    assert rows(site) == [] and stored_keys(site) == set()


def test_event_photos_are_photos_only(site, officer):
    event = make_event(site, SOCIETY_A)
    photos_only = "Only photos (JPEG, PNG or WebP) can be added here."
    response = upload(officer, f"/files/attach/event_photo/{event}", PDF, "programme.pdf")
    assert response.status_code == 422
    assert photos_only in page_text(response)
    # A file of no allowed type at all is told the same, not that a PDF would do.
    response = upload(officer, f"/files/attach/event_photo/{event}", b"plain text", "notes.txt")
    assert response.status_code == 422
    assert photos_only in page_text(response) and "PDF" not in page_text(response)
    assert rows(site) == [] and stored_keys(site) == set()


def test_the_stored_object_goes_again_when_the_database_refuses_the_row(site):
    grant = make_grant(site, status=GrantStatus.DISBURSED)

    class Nobody:
        id = 999_999  # no such user: the row's foreign key fails at the flush

    with site.test_request_context():
        owner = kinds.owner("report_evidence", grant)
        with pytest.raises(IntegrityError):
            services.attach(Nobody(), owner, FileStorage(io.BytesIO(PDF), filename="a.pdf"))
        assert len(storage().keys()) == 1  # written after the checks, before the row
        rollback()
        assert storage().keys() == set()
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_removing_a_file_deletes_its_object_after_the_commit(site, officer):
    event = make_event(site, SOCIETY_A)
    url = f"/files/attach/event_photo/{event}"
    upload(officer, url, png(), "a.png")
    [row] = rows(site)
    response = officer.post(f"{url}/{row.id}/remove", data={"form_key": "k1"})
    assert response.status_code == 302 and response.location.endswith(url)
    assert rows(site) == [] and stored_keys(site) == set()
    assert site.test_client().get(f"/files/{row.id}/view").status_code == 302  # to the login
    again = officer.post(f"{url}/{row.id}/remove", data={"form_key": "k2"})
    assert again.status_code == 409
