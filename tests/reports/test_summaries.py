"""Staff compile, preview and publish a yearly summary; published figures stay frozen."""

import io
from datetime import date
from importlib import resources

import openpyxl

from alumni.events.models import EventKind
from alumni.extensions import db
from alumni.grants.models import Grant, GrantStatus
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in
from tests.events_helpers import make_event, make_series
from tests.grants_helpers import donate, make_grant
from tests.helpers import get_as, page_text
from tests.reports_helpers import import_table

TABLE = resources.files("alumni.reports").joinpath("data", "aots_programs_by_region_fy2021.csv")


def prepare_fy2021(app, staff):
    make_event(
        app,
        "VE-VENEZUELA",
        titles={"en": "TPS seminar", "es": "Seminario TPS"},
        start=date(2021, 7, 1),
        days=3,
        attendance=118,
    )
    make_event(
        app,
        SOCIETY_B,
        titles={"en": "Kerala seminars"},
        start=date(2021, 10, 1),
        days=20,
        attendance=147,
    )
    make_series(app)
    make_event(
        app,
        SOCIETY_A,
        kind=EventKind.CONTEST_EDITION,
        series="PE-5S",
        edition=7,
        start=date(2021, 4, 10),
        titles={"en": "7th contest"},
    )
    make_event(
        app, SOCIETY_A, titles={"en": "Next year"}, start=date(2022, 4, 1), attendance=999
    )  # FY2022: not counted
    assert staff.post("/staff/summaries/", data={"fiscal_year": "2021"}).status_code == 302
    import_table(staff, 2021, TABLE.read_bytes())
    response = staff.post(
        "/staff/summaries/2021",
        data={
            "version": "1",
            "topics_en": "<p>Online seminars <script>alert(1)</script> and "
            "<a href='javascript:alert(1)'>x</a><a href='https://aots.jp/'>AOTS</a></p>",
            "topics_ja": "<p>オンラインセミナーの年</p>",
            "topics_es": "",
            "event_ids": "",
            "grant_ids": "",
            "society_codes": "VE-VENEZUELA",
        },
    )
    assert response.status_code == 302, page_text(response)


def test_draft_summary_is_not_public_until_published(app, client, people):
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    prepare_fy2021(app, staff)
    assert client.get("/summaries/2021").status_code == 404
    preview = page_text(staff.get("/staff/summaries/2021/preview"))
    assert "Preview: these figures are computed now" in preview
    assert staff.post("/staff/summaries/2021/publish").status_code == 302
    text = page_text(get_as(client, "/summaries/2021", "en"))
    assert "Events 3 265 participants (cumulative, 延べ)" in text
    assert "Peru 5S contest 7" in text
    assert "Asia 1,688 100.0 11,956 89.9" in text
    assert "Online seminars" in text and "alert(1)" not in text
    body = client.get("/summaries/2021").get_data(as_text=True)
    assert "<script>" not in body and "javascript:" not in body
    assert 'href="https://aots.jp/"' in body


def test_published_figures_are_frozen_and_a_new_version_lists_the_changes(app, client, people):
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    prepare_fy2021(app, staff)
    staff.post("/staff/summaries/2021/publish")
    make_event(
        app, SOCIETY_A, titles={"en": "Late report"}, start=date(2021, 12, 1), attendance=50
    )  # an edit of the year's data after publishing
    frozen = page_text(get_as(client, "/summaries/2021", "en"))
    assert "Events 3 265 participants" in frozen
    staff.post("/staff/summaries/2021/publish")
    text = page_text(get_as(client, "/summaries/2021", "en"))
    assert "Version 2" in text
    assert "Changed since version 1" in text
    assert "Events: 3 → 4" in text and "Cumulative attendance (延べ): 265 → 315" in text
    first = page_text(get_as(client, "/summaries/2021?version=1", "en"))
    assert "Events 3 265 participants" in first


def test_summary_reads_in_three_languages_and_exports_its_tables(app, client, people):
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    prepare_fy2021(app, staff)
    staff.post("/staff/summaries/2021/publish")
    assert "2021年度" in page_text(get_as(client, "/summaries/2021", "ja"))
    assert "オンラインセミナーの年" in page_text(get_as(client, "/summaries/2021", "ja"))
    spanish = page_text(get_as(client, "/summaries/2021", "es"))
    assert "89,9" in spanish  # Spanish writes the decimal with a comma
    assert "Online seminars" in spanish  # no Spanish topics: the English ones, said so
    csv_body = client.get("/summaries/2021/tables/programmes.csv").get_data()
    assert csv_body.startswith(b"\xef\xbb\xbf") and b"11956,89.9" in csv_body
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/summaries/2021/tables/events_by_kind.xlsx").get_data())
    )
    values = [[c.value for c in row] for row in workbook.active.iter_rows()]
    assert ["Seminar", 2, 265] in values
    assert client.get("/summaries/2021/tables/nothing.csv").status_code == 404
    home = page_text(get_as(client, "/", "en"))
    assert "FY2021 activity summary Events 3" in home


def test_only_staff_prepare_and_publish(app, people):
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)
    assert officer.post("/staff/summaries/", data={"fiscal_year": "2021"}).status_code == 403
    committee = app.test_client()
    log_in(committee, people["committee"].email)
    assert committee.get("/staff/summaries/").status_code == 403


def test_a_programme_cancelled_after_being_linked_is_not_published(app, people):
    """The topics were saved while it was public; the frozen version must not name it."""
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    prepare_fy2021(app, staff)
    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.APPROVED, title="Linked then cancelled")
    data = {"version": "2", "topics_en": "<p>A year</p>", "topics_ja": "", "topics_es": ""}
    data |= {"event_ids": "", "grant_ids": str(grant_id), "society_codes": ""}
    assert staff.post("/staff/summaries/2021", data=data).status_code == 302
    with app.app_context():
        db.session.get(Grant, grant_id).status = GrantStatus.CANCELLED
        db.session.commit()
    assert staff.post("/staff/summaries/2021/publish").status_code == 302
    assert "Linked then cancelled" not in page_text(
        get_as(app.test_client(), "/summaries/2021", "en")
    )


def test_a_published_summary_is_rendered_once_per_content_version(app, client, people):
    from alumni.extensions import db
    from tests.support.queries import count_queries

    staff = app.test_client()
    log_in(staff, people["staff"].email)
    prepare_fy2021(app, staff)
    staff.post("/staff/summaries/2021/publish")
    get_as(client, "/summaries/2021", "en")
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        text = page_text(get_as(client, "/summaries/2021", "en"))
    assert len(statements) == 1  # the content version: the summary is not read again
    assert "Events 3 265 participants" in text
    assert "年度" in page_text(get_as(client, "/summaries/2021", "ja"))
