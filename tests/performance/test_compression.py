"""Text responses come compressed (brotli, gzip) to clients that accept it, and only to them."""

import gzip
import re

import brotli
import pytest

from alumni.extensions import db
from tests.auth_helpers import SOCIETY_A, log_in
from tests.events_helpers import make_event
from tests.performance.test_export_tuples import insert_events
from tests.support.queries import count_queries

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}
# Made new on every rendering: the one-time form keys and the signed (timed) CSRF token.
FRESH = re.compile(rb'(name="(?:[\w-]+-)?(?:form_key|csrf_token)"[^>]*? value=")[^"]+')


def get(client, url: str, encoding: str | None = None, **headers):
    sent = {"Accept-Language": "en", **headers}
    if encoding:
        sent["Accept-Encoding"] = encoding
    return client.get(url, headers=sent)


def same_page(body: bytes) -> bytes:
    """BODY without what is new on every rendering."""
    return FRESH.sub(rb"\1", body)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_page_comes_compressed_and_decompresses_to_the_same_html(app, client, encoding):
    make_event(app, "PE-PERU", titles={"en": "Squeezed seminar"})
    plain = get(client, "/societies/PE-PERU")
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    packed = get(client, "/societies/PE-PERU", encoding)
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.data) < len(plain.data) / 2
    html = DECODE[encoding](packed.data)
    assert same_page(html) == same_page(plain.data) and b"Squeezed seminar" in html
    assert int(packed.headers["Content-Length"]) == len(packed.data)


def test_a_browser_offering_everything_gets_brotli(client):
    response = get(client, "/societies/", "gzip, deflate, br, zstd")
    assert response.headers["Content-Encoding"] == "br"


@pytest.mark.parametrize("encoding", [None, "gzip", "br"])
def test_an_unchanged_page_is_answered_304_before_it_is_rendered(app, client, encoding):
    first = get(client, "/societies/PE-PERU", encoding)
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        again = get(
            client, "/societies/PE-PERU", encoding, **{"If-None-Match": first.headers["ETag"]}
        )
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert "Accept-Encoding" in again.headers["Vary"]
    assert len(statements) == 1  # the content version


def test_a_compressed_and_a_plain_copy_never_share_a_tag(client):
    tags = {get(client, "/societies/", e).headers["ETag"] for e in (None, "gzip", "br")}
    assert len(tags) == 3
    assert all(not tag.startswith("W/") for tag in tags)


def test_the_heaviest_form_page_weighs_under_60_kb_compressed(client, people):
    log_in(client, people["officer_a"].email)
    for encoding in ("gzip", "br"):
        response = get(client, f"/societies/{SOCIETY_A}/events/new", encoding)
        assert response.status_code == 200 and response.headers["Content-Encoding"] == encoding
        assert len(response.data) < 60 * 1024
        assert b'name="csrf_token"' in DECODE[encoding](response.data)


@pytest.mark.parametrize("url", ["/events/feed.atom", "/events/feed.ics", "/static/site.css"])
def test_feeds_and_style_come_compressed(app, client, url):
    make_event(app, "PE-PERU", titles={"en": "Feed seminar " * 20})
    with get(client, url) as plain, get(client, url, "br") as packed:  # a file is closed
        assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "br"
        assert brotli.decompress(packed.data) == plain.data


def test_a_spreadsheet_and_a_tiny_answer_are_sent_as_they_are(app, client):
    make_event(app, "PE-PERU", titles={"en": "Zipped seminar"})
    xlsx = get(client, "/events/export.xlsx", "gzip, br")
    assert xlsx.status_code == 200 and "Content-Encoding" not in xlsx.headers
    assert "Content-Encoding" not in get(client, "/healthz", "gzip, br").headers


def test_a_streamed_export_stays_streamed_and_so_uncompressed(app):
    """Flask-Compress's stream compressors would hold the whole export until its end."""
    insert_events(app, 600)  # more than one piece of 500 rows
    client = app.test_client()
    plain = b"".join(get(client, "/events/export.csv").response)
    response = get(client, "/events/export.csv", "gzip, br")
    assert response.is_streamed and "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]
    pieces = list(response.response)
    assert len(pieces) == 3  # the header line, then 500 rows a piece
    assert b"".join(pieces) == plain


CALENDAR = "/societies/PE-PERU/events.ics"


def unpacked(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    return DECODE[encoding](response.data) if encoding else response.data


@pytest.mark.parametrize(
    ("accepted", "sent"),
    [
        (None, None),
        ("identity", None),
        ("gzip", "gzip"),
        ("br;q=0.5, gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br", "br"),
    ],
)
def test_a_kept_calendar_reaches_every_client_as_the_same_calendar(app, accepted, sent):
    """Kept packed (brotli): sent as it is, unpacked and gzipped, or unpacked, as asked."""
    make_event(app, "PE-PERU", titles={"en": "Packed seminar " * 20})
    plain = get(app.test_client(), CALENDAR)
    assert plain.data.startswith(b"BEGIN:VCALENDAR") and b"Packed seminar" in plain.data
    client = app.test_client()
    for _again in range(2):  # written, then from the worker's store (and its page cache)
        response = get(client, CALENDAR, accepted)
        assert response.status_code == 200 and response.headers.get("Content-Encoding") == sent
        assert unpacked(response) == plain.data
        assert int(response.headers["Content-Length"]) == len(response.data)
        assert "Accept-Encoding" in response.headers["Vary"]
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        tag = response.headers["ETag"].strip('"')
        assert tag.endswith(f":{sent}") if sent else ":" not in tag


def test_a_packed_calendar_is_its_own_tag_and_is_answered_304(app, client):
    make_event(app, "PE-PERU", titles={"en": "Tagged seminar " * 20})
    plain, packed = get(client, CALENDAR), get(client, CALENDAR, "br")
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + ':br"'
    again = get(client, CALENDAR, "br", **{"If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == packed.headers["ETag"]


def test_the_page_cache_never_hands_a_packed_calendar_to_another_client(app):
    """A brotli reader first: the page cache keeps nothing only brotli clients can read."""
    make_event(app, "PE-PERU", titles={"en": "Cached seminar " * 20})
    first = get(app.test_client(), CALENDAR, "br")
    assert first.headers["Content-Encoding"] == "br"
    for accepted in (None, "gzip"):
        response = get(app.test_client(), CALENDAR, accepted)
        assert response.headers.get("Content-Encoding") == accepted
        assert unpacked(response) == brotli.decompress(first.data)
