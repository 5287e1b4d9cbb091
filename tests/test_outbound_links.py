"""Links to other sites open without a handle on our page and without our address."""

import re

from sqlalchemy import select

from alumni.extensions import db
from alumni.societies.models import Society, SocietyLink
from tests.auth_helpers import SOCIETY_A, log_in
from tests.helpers import get_as


def outbound_links(body: str) -> list[str]:
    """Every <a> tag of BODY that leads to another host."""
    return [tag for tag in re.findall(r"<a\b[^>]*>", body) if re.search(r'href="(https?:)?//', tag)]


def assert_no_referrer_given(body: str) -> None:
    for tag in outbound_links(body):
        rel = re.search(r'rel="([^"]*)"', tag)
        assert rel and {"noopener", "noreferrer"} <= set(rel.group(1).split()), tag


def test_a_societys_website_and_links_open_without_a_referrer(app, client):
    with app.app_context():
        society = db.session.scalars(select(Society).where(Society.code == SOCIETY_A)).one()
        society.website = "https://example.org/peru"
        society.links.append(
            SocietyLink(position=0, label="Facebook", url="https://example.org/fb")
        )
        db.session.commit()
    body = get_as(client, f"/societies/{SOCIETY_A}", "en").get_data(as_text=True)
    assert len(outbound_links(body)) == 2
    assert_no_referrer_given(body)


def test_links_in_a_summarys_topics_open_without_a_referrer(app, client, people):
    from tests.reports.test_summaries import prepare_fy2021

    staff = app.test_client()
    log_in(staff, people["staff"].email)
    prepare_fy2021(app, staff)  # its English topics link to https://aots.jp/
    staff.post("/staff/summaries/2021/publish")
    body = get_as(client, "/summaries/2021", "en").get_data(as_text=True)
    assert len(outbound_links(body)) == 1
    assert_no_referrer_given(body)
