"""Every form route of the site, used as people use it, and abused as people abuse it.

For each route that accepts a POST (read from the URL map), as a permitted user, on SQLite
and PostgreSQL: a valid post; the same form again (a second save); the same post twice (a
double click); the same post from two threads at once; a post after the login expired
(then logging in brings the typed values back); hostile values. Never a 5xx, nothing
half-saved (row counts of every table before and after a refusal), and what a user expects.
"""

import html
import threading

import pytest
from sqlalchemy import func, select, update

from alumni.auth.models import UserSession
from alumni.common.once import new_key
from alumni.extensions import db
from tests.auth_helpers import PASSWORD, log_in
from tests.robustness.forms import form_posting_to
from tests.robustness.recipes import Case, recipes

HOSTILE = {
    "nul": "a\x00b",
    "long": "x" * 10_000,
    "crlf": "line\r\nInjected: yes",
    "bidi": "abc\u202edcba",
    "nfd": "Jose\u0301",
    "full_width_digits": "１２３",
    "huge_number": str(2**63),
}
NOT_TYPED = {"csrf_token", "form_key", "version", "next"}


def _endpoints(app) -> list[str]:
    return sorted({r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods})


def test_every_form_route_has_a_recipe(app, people):
    missing = set(_endpoints(app)) - set(recipes(app, people, None)) - _TOKEN_ROUTES
    assert not missing, f"form routes the robustness harness does not cover: {missing}"


# Reached only through a link with a one-time token: tests/auth/test_mail_flows.py drives them.
_TOKEN_ROUTES = {
    "auth.reset_password",
    "auth.accept_invitation",
    "auth.reset_password_form",
    "auth.accept_invitation_form",
}


def _counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


class Site:
    def __init__(self, app, people):
        self.app, self.people = app, people

    def client(self, role: str):
        client = self.app.test_client()
        if role != "anonymous":
            log_in(client, self.people[role].email)
        return client

    def counts(self) -> dict[str, int]:
        with self.app.app_context():
            return _counts()

    def fields(self, client, case) -> list[list[str]]:
        page = self.page(client, case)
        assert page.status_code == 200, (case.page, page.status_code)
        fields = [
            list(f) for f in form_posting_to(page.get_data(as_text=True), case.action, case.page)
        ]
        for name, value in case.fields.items():
            fields = [f for f in fields if f[0] != name] + [[name, value]]
        return fields

    def page(self, client, case):
        """The page that shows the form: fetched, or what posting PAGE_FILES there shows."""
        if not case.page_files:
            return client.get(case.page)
        upload = Case(case.role, case.page, case.page, files=case.page_files)
        return self.post(client, upload, self.fields(client, upload))

    def post(self, client, case, fields):
        data = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        for name, (filename, content) in case.files.items():
            import io

            content = content() if callable(content) else content  # a new file each time
            data[name] = (io.BytesIO(content), filename)
        return client.post(case.action, data=data, content_type="multipart/form-data")


@pytest.fixture
def site(app, people):
    return Site(app, people)


def _case(site, endpoint):
    return recipes(site.app, site.people, site.client)[endpoint]()


def _form_endpoints():
    from alumni import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return [e for e in _endpoints(app) if e not in _TOKEN_ROUTES]


FORM_ENDPOINTS = _form_endpoints()


def _ok(response) -> bool:
    return response.status_code < 500


@pytest.mark.parametrize("endpoint", FORM_ENDPOINTS)
def test_a_form_route_used_every_way(site, endpoint):
    """One case per route (its data made once), used in the order a person would meet it."""
    case = _case(site, endpoint)
    client = site.client(case.role)
    fields = site.fields(client, case)
    _valid_then_repeated_then_again(site, endpoint, case, client, fields)
    if endpoint not in _ENDS_OTHER_SESSIONS:
        _two_threads_at_once(site, endpoint, case, client, _current(site, client, case, fields))
    _hostile_values(site, endpoint, case, client, _current(site, client, case, fields))
    if endpoint not in _NOT_BEHIND_LOGIN:
        _after_the_login_expired(site, endpoint, case, client, _current(site, client, case, fields))


def _current(site, client, case, fields):
    """The form as the page shows it now (with a new one-time key), or the first one sent
    again when the page no longer offers it (the button is gone once used)."""
    if case.role != "anonymous":
        client = site.client(case.role) if _logged_out(client) else client
    try:
        fresh = site.fields(client, case)
    except AssertionError:
        fresh = [list(f) for f in fields]
    return _with_new_key(fresh)


def _logged_out(client) -> bool:
    return client.get("/account").status_code != 200


def _with_new_key(fields):
    return [
        [name, new_key() if name.rsplit("-", 1)[-1] == "form_key" else value]
        for name, value in fields
    ]


def _valid_then_repeated_then_again(site, endpoint, case, client, fields):
    if endpoint in _SHOWS_A_PREVIEW:
        _previewed_twice(site, endpoint, case, client, fields)
        return
    first = site.post(client, case, fields)
    assert first.status_code in (302, 303), (
        endpoint,
        first.status_code,
        first.get_data(as_text=True)[:3000],
    )
    after_first = site.counts()
    # The very same post again (a double click, or the browser resending it): lands on the
    # first one's result and changes nothing (an anonymous form has no one-time key).
    repeated = site.post(client, case, fields)
    assert repeated.status_code in (302, 303), (endpoint, repeated.status_code)
    if case.role != "anonymous":
        assert site.counts() == after_first, endpoint
    # The form opened again and sent again (a second save): never a server error.
    if case.role != "anonymous" and endpoint not in _ONE_WAY:
        again = site.post(client, case, site.fields(client, case))
        assert _ok(again), (endpoint, again.status_code)


# A valid post shows what it would do (200) and changes nothing; another form applies it.
_SHOWS_A_PREVIEW = {"societies.import_list"}


def _previewed_twice(site, endpoint, case, client, fields):
    before = site.counts()
    for _time in range(2):
        response = site.post(client, case, fields)
        assert response.status_code == 200, (endpoint, response.status_code)
    assert site.counts() == before, endpoint


# A new password logs the user's other sessions out: the second thread is sent to log in.
_ENDS_OTHER_SESSIONS = {"auth.change_password", "auth.logout"}
_NOT_BEHIND_LOGIN = {
    "auth.login",
    "auth.request_reset",
    "common.set_language",
    "auth.logout",
    "auth.stop_reminders",  # the signed link in the mail is the authority, not a session
}

# Routes whose form is gone once used (the button is not on the page any more), or that end
# the session that would open the form again.
_ONE_WAY = {
    "auth.logout",
    "auth.change_password",
    "events.move",
    "events.remove_entry",
    "files.remove",
    "grants.move",
    "grants.vote",
    "grants.decision",
    "grants.disburse",
    "grants.close",
    "fund.reverse",
    "mail_log.retry",
    "staff_users.disable",
    "staff_users.enable",
    "staff_users.end_membership",
    "grants.report",
    "reports.publish",
    "reports.apply_table",  # a preview is applied once; the page then says so
    "events.report",
    "auth.login",
}


def _two_threads_at_once(site, endpoint, case, client, fields):
    """The same post (one key) from two sessions at the same instant acts at most once."""
    clients = [client, site.client(case.role)]
    barrier = threading.Barrier(2)
    results = [None, None]

    def send(index):
        barrier.wait(timeout=30)
        response = site.post(clients[index], case, fields)
        results[index] = (response.status_code, response.location)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None and r[0] < 500 for r in results), (endpoint, results)
    if case.role != "anonymous" and endpoint not in _ENDS_OTHER_SESSIONS:
        # Both land on one result (a copy would be at another address), or the second is
        # refused (already done, being sent already).
        redirected = [r for r in results if r[0] in (302, 303)]
        assert len({location for _code, location in redirected}) <= 1, (endpoint, results)


def _hostile_values(site, endpoint, case, client, fields):
    typed = [i for i, (name, _v) in enumerate(fields) if name.rsplit("-", 1)[-1] not in NOT_TYPED]
    for label, value in HOSTILE.items():
        before = site.counts()
        hostile = _with_new_key(fields)
        for index in typed:
            hostile[index][1] = value
        response = site.post(client, case, hostile)
        assert _ok(response), (endpoint, label, response.status_code)
        if response.status_code >= 400:
            assert site.counts() == before, (endpoint, label, "half-saved")


def _after_the_login_expired(site, endpoint, case, client, fields):
    """Posted after the login expired: held, and back in the form after logging in."""
    with site.app.app_context():
        db.session.execute(update(UserSession).values(revoked_at=func.now()))
        db.session.commit()
    before = site.counts()
    response = site.post(client, case, fields)
    assert response.status_code == 302 and "/login" in response.location, (
        endpoint,
        response.status_code,
    )
    changed = _changed(before, site.counts())
    assert set(changed) <= {"held_form", "audit_entry"}, (endpoint, changed)
    if not getattr(site.app.view_functions[endpoint], "csrf_in_form", False):
        return  # a button: nothing was typed
    email = site.people[case.role].email
    password = case.fields.get("password", PASSWORD)  # changed by the route itself
    back = client.post(response.location, data={"email": email, "password": password})
    assert back.status_code == 302 and "resume=" in back.location, (endpoint, back.status_code)
    page = client.get(back.location).get_data(as_text=True)
    on_the_form = {name for name, _value in fields}
    typed = [
        v
        for n, v in case.fields.items()
        if n in on_the_form
        and n not in NOT_TYPED
        and v
        and n not in ("current", "confirm")
        and "password" not in n
    ]
    for value in typed[:3]:
        assert html.escape(value, quote=True) in page, (endpoint, value)


def _changed(before, after) -> dict:
    return {t: after[t] - before[t] for t in after if after[t] != before[t]}
