"""Public pages answer 304 when nothing changed, and change their ETag when content does."""

from alumni import create_app
from alumni.extensions import db
from tests.auth_helpers import log_in
from tests.events_helpers import make_event


def test_unchanged_public_page_is_answered_304_until_content_changes(app, client):
    client.get("/")  # the first visit sets the session (and its CSRF token)
    first = client.get("/societies/PE-PERU", headers={"Accept-Language": "en"})
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    again = client.get(
        "/societies/PE-PERU", headers={"Accept-Language": "en", "If-None-Match": etag}
    )
    assert again.status_code == 304 and again.get_data() == b""
    # What guides a cache (RFC 9110, 15.4.5), and no representation metadata.
    assert again.headers["ETag"] == etag and "Accept-Language" in again.headers["Vary"]
    assert "Content-Language" not in again.headers
    japanese = client.get(
        "/societies/PE-PERU", headers={"Accept-Language": "ja", "If-None-Match": etag}
    )
    assert japanese.status_code == 200  # another language is another page
    make_event(app, "PE-PERU", titles={"en": "Fresh news"})
    changed = client.get(
        "/societies/PE-PERU", headers={"Accept-Language": "en", "If-None-Match": etag}
    )
    assert changed.status_code == 200 and "Fresh news" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


def test_logged_in_pages_are_never_answered_from_a_cache(app, client, people):
    log_in(client, people["staff"].email)
    response = client.get("/societies/PE-PERU")
    assert "ETag" not in response.headers and response.headers["Cache-Control"] == "no-store"


def test_a_first_visits_etag_is_already_good_for_the_next_visit(app):
    client = app.test_client()
    first = client.get("/societies/PE-PERU", headers={"Accept-Language": "en"})
    again = client.get(
        "/societies/PE-PERU",
        headers={"Accept-Language": "en", "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304


def test_a_new_release_answers_the_old_releases_etag_with_its_page(app, client):
    """A deploy changes the pages, not the content version: the browser's copy, drawn by the
    previous release, is replaced, not confirmed."""
    first = client.get("/societies/PE-PERU", headers={"Accept-Language": "en"})
    released = create_app(dict(app.config) | {"BUILD_ID": "the-next-release"})
    browser = released.test_client()
    browser.set_cookie("session", client.get_cookie("session").value)  # the same visitor
    same_release = app.test_client()
    same_release.set_cookie("session", client.get_cookie("session").value)
    asked = {"Accept-Language": "en", "If-None-Match": first.headers["ETag"]}
    assert same_release.get("/societies/PE-PERU", headers=asked).status_code == 304
    again = browser.get("/societies/PE-PERU", headers=asked)
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]
    with released.app_context():
        db.engine.dispose()


PAGE = "/societies/PE-PERU"
# What a cache is told about the page, on the 200 and on the 304 that stands for it.
CACHE_HEADERS = (
    "ETag",
    "Vary",
    "Cache-Control",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
)


def test_a_304_tells_a_cache_what_the_page_told_it(client):
    client.get("/")
    page = client.get(PAGE, headers={"Accept-Language": "en"})
    again = client.get(
        PAGE, headers={"Accept-Language": "en", "If-None-Match": page.headers["ETag"]}
    )
    assert again.status_code == 304
    for name in CACHE_HEADERS:
        assert again.headers.get(name) == page.headers.get(name), name


def test_a_visitor_who_logs_in_is_not_answered_with_the_anonymous_etag(client, people):
    client.get("/")
    etag = client.get(PAGE, headers={"Accept-Language": "en"}).headers["ETag"]
    log_in(client, people["staff"].email)
    again = client.get(PAGE, headers={"Accept-Language": "en", "If-None-Match": etag})
    assert again.status_code == 200 and again.headers["Cache-Control"] == "no-store"


def test_a_visitor_who_chose_a_language_gets_that_page_and_their_cookie_on_a_304(client):
    client.get("/")
    english = client.get(PAGE, headers={"Accept-Language": "en"}).headers["ETag"]
    client.post("/language", data={"lang": "ja"})
    japanese = client.get(PAGE, headers={"Accept-Language": "en", "If-None-Match": english})
    assert japanese.status_code == 200 and '<html lang="ja">' in japanese.get_data(as_text=True)
    again = client.get(
        PAGE, headers={"Accept-Language": "en", "If-None-Match": japanese.headers["ETag"]}
    )
    # The chosen language makes the session last: its cookie is renewed on every answer.
    assert again.status_code == 304 and "session=" in again.headers.get("Set-Cookie", "")


def test_if_none_match_is_read_as_a_list_of_tags_compared_weakly(app, client):
    """A browser's or a proxy's If-None-Match: several tags, "*", or a weak tag, which names
    the same page (RFC 9110, 13.1.2: If-None-Match compares weakly). A proxy that compresses
    weakens the tags it passes on (nginx's gzip does): its clients send W/"..." back."""
    first = client.get("/societies/PE-PERU", headers={"Accept-Language": "en"})
    tag = first.headers["ETag"]  # quoted

    def asked(header):
        answer = client.get(
            "/societies/PE-PERU", headers={"Accept-Language": "en", "If-None-Match": header}
        )
        return answer.status_code, answer.headers.get("ETag")

    assert asked(f'"an-old-copy", {tag} ,"another"') == (304, tag)
    assert asked("*") == (304, tag)
    assert asked(f"W/{tag}") == (304, tag)
    assert asked('W/"an-old-copy"')[0] == 200
    assert asked(tag.strip('"'))[0] == 200  # unquoted: not a tag
    assert asked(f'"{tag.strip(chr(34))}:br"') == (304, f'"{tag.strip(chr(34))}:br"')
