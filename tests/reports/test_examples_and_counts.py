"""The example data closer to AOTS's FY2021 report, and AOTS's published network counts kept
by staff, each summary showing the one in force at its year's end."""

import re

from sqlalchemy import select

from alumni.events.examples import load_examples as load_event_examples
from alumni.events.models import Event
from alumni.extensions import db
from alumni.reports.examples import load_examples as load_summary_examples
from alumni.societies.models import PublishedCount, Society
from tests.auth_helpers import log_in
from tests.helpers import get_as, page_text


def test_kerala_seminars_are_four_events_of_twenty_days_and_147_in_all(app):
    with app.app_context():
        load_event_examples()
        db.session.commit()
        kerala = db.session.scalar(select(Society.id).where(Society.code == "IN-KERALA"))
        events = db.session.scalars(select(Event).where(Event.lead_society_id == kerala)).all()
        assert len(events) == 4
        assert sum((e.end_date - e.start_date).days + 1 for e in events) == 20
        assert sum(e.report.attendance_total for e in events) == 147


def test_the_fy2021_summary_shows_aots_count_beside_the_directorys(app, client):
    with app.app_context():
        load_event_examples()
        load_summary_examples()
        db.session.commit()
    text = page_text(get_as(client, "/summaries/2021", "en"))
    assert "AOTS published 73 societies in 44 countries/regions (as of March 31, 2022)" in text
    # Beside the directory's own count, in the same card.
    assert re.search(
        r"Societies at the year's end \d+ in \d+ countries/regions AOTS published 73", text
    )
    network = client.get("/summaries/2021/tables/network.csv").get_data().decode("utf-8-sig")
    assert '"Societies, as published by AOTS (as of March 31, 2022)",73' in network
    japanese = page_text(get_as(client, "/summaries/2021", "ja"))
    assert "AOTSの公表値：44カ国・地域の73同窓会（2022年3月31日現在）" in japanese
    csv_body = client.get("/summaries/2021/tables/programmes.csv").get_data().decode("utf-8-sig")
    assert "FY2021,Asia,1688,100.0,100.0,11956,89.9,89.962" in csv_body


def test_staff_add_and_correct_a_published_count(app, client, people):
    log_in(client, people["staff"].email)
    typed = {"as_of": "2023-03-31", "societies": "72", "countries": "44", "source": "Report"}
    assert client.post("/staff/network-counts", data=typed).status_code == 302
    corrected = typed | {"societies": "73", "source": "Corrected"}
    response = client.post("/staff/network-counts", data=corrected)
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "AOTS's count as of March 31, 2023 is saved." in page
    assert "March 31, 2023 73 44 Corrected" in page
    bad = client.post("/staff/network-counts", data=typed | {"societies": "-1"})
    assert bad.status_code == 422 and 'value="2023-03-31"' in bad.get_data(as_text=True)
    early = client.post("/staff/network-counts", data=typed | {"as_of": "1900-01-01"})
    assert early.status_code == 422 and "Give a date from 1959 on." in page_text(early)
    with app.app_context():
        rows = db.session.scalars(
            select(PublishedCount).where(PublishedCount.source == "Corrected")
        )
        assert [(r.societies, r.countries) for r in rows] == [(73, 44)]
