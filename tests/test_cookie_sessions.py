"""A session cookie is verified once per process, and still refused whenever Flask would."""

import time

from itsdangerous import URLSafeTimedSerializer

from tests.auth_helpers import log_in, make_user


def logged_in_client(app, client):
    make_user(app, "ana@example.org")
    log_in(client, "ana@example.org")
    assert client.get("/account").status_code == 200  # shows (and drops) the flashed message
    return client


def count_verifications(monkeypatch) -> list:
    calls = []
    real = URLSafeTimedSerializer.loads

    def loads(self, *args, **kwargs):
        calls.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(URLSafeTimedSerializer, "loads", loads)
    return calls


def test_a_cookie_sent_again_is_not_verified_again(app, client, monkeypatch):
    logged_in_client(app, client)
    calls = count_verifications(monkeypatch)
    for _ in range(3):
        assert client.get("/account").status_code == 200
    assert len(calls) <= 1  # the cookie set by the last page, once


def test_a_changed_cookie_is_refused_after_the_real_one_was_verified(app, client):
    cookie = logged_in_client(app, client).get_cookie("session").value
    assert client.get("/account").status_code == 200
    for at in (-2, 10, len(cookie) // 2):
        forged = cookie[:at] + ("A" if cookie[at] != "A" else "B") + cookie[at + 1 :]
        thief = app.test_client()
        thief.set_cookie("session", forged)
        assert thief.get("/account").status_code == 302, at


def test_a_cookie_past_its_lifetime_is_refused_though_verified_before(app, client, monkeypatch):
    logged_in_client(app, client)
    assert client.get("/account").status_code == 200
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/account").status_code == 302


def test_a_new_secret_key_ends_the_cookies_signed_with_the_old(app, client):
    cookie = logged_in_client(app, client).get_cookie("session").value
    assert client.get("/account").status_code == 200
    old = app.secret_key
    app.secret_key = "another secret key"
    assert client.get("/account").status_code == 302
    app.config["SECRET_KEY_FALLBACKS"] = [old]  # rotated: the old key still verifies
    browser = app.test_client()
    browser.set_cookie("session", cookie)
    assert browser.get("/account").status_code == 200
