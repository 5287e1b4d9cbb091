"""Two app processes (gunicorn) on loopback against one PostgreSQL: a session works on either,
committee approvals racing across the two processes cannot overdraw the fund, and with Redis a
page one process rendered is served by the other."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from alumni import create_app
from alumni.extensions import db
from alumni.grants.models import GrantStatus
from tests.auth_helpers import PASSWORD, make_user
from tests.conftest import base_config
from tests.events_helpers import make_event
from tests.grants_helpers import donate, fund_state, grant_state, make_grant

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_process(database_url: str, smtp_port: int, **extra) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(
        os.environ,
        **extra,
        DATABASE_URL=database_url,
        SECRET_KEY="shared-by-both-processes",
        TRUSTED_HOSTS="127.0.0.1",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_port),
        MAIL_DELIVERY="after_commit",  # no task queue in instance/ for this test
        PUBLIC_URL=f"http://127.0.0.1:{port}",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",  # one path per user: two test workers' servers would share it
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # two test workers load the machine
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=5).status_code == 200:
                return process, url
        except requests.RequestException:  # not listening yet, or still importing the app
            time.sleep(0.2)
    process.kill()
    with process.stderr:
        raise AssertionError(process.stderr.read().decode()[-2000:])


@contextmanager
def running_two(postgres_server, postgres_template, smtp_server, **extra):
    name = f"two_{uuid.uuid4().hex[:12]}"
    postgres_server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
    url = postgres_server.url(name)
    app = create_app(base_config(url, smtp_server.port))
    processes = [
        start_process(url.replace("+psycopg", ""), smtp_server.port, **extra) for _ in range(2)
    ]
    try:
        yield app, [address for _process, address in processes]
    finally:
        for process, _address in processes:
            process.terminate()
            process.wait(timeout=10)
            process.stderr.close()
        with app.app_context():
            db.engine.dispose()
        postgres_server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def two_processes(postgres_server, postgres_template, smtp_server):
    with running_two(postgres_server, postgres_template, smtp_server) as running:
        yield running


@pytest.fixture
def two_processes_with_redis(postgres_server, postgres_template, smtp_server, redis_url):
    with running_two(postgres_server, postgres_template, smtp_server, REDIS_URL=redis_url) as two:
        yield two


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def logged_in(address: str, email: str) -> requests.Session:
    session = requests.Session()
    token = csrf_token(session.get(address + "/login").text)
    response = session.post(
        address + "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def test_a_session_works_on_either_process(two_processes):
    app, (first, second) = two_processes
    make_user(app, "staff1@example.org", is_staff=True)
    browser = logged_in(first, "staff1@example.org")  # cookies ignore ports: one browser
    page = browser.get(second + "/account", allow_redirects=False)
    assert page.status_code == 200 and "staff1@example.org" in page.text
    token = csrf_token(page.text)
    response = browser.post(second + "/logout", data={"csrf_token": token}, allow_redirects=False)
    assert response.status_code == 302
    assert browser.get(first + "/account", allow_redirects=False).status_code == 302


def post_decision(barrier, session, url, token) -> None:
    barrier.wait(timeout=30)
    session.post(url, data={"decision": "approve", "note": "Meeting", "csrf_token": token})


def test_approvals_racing_across_two_processes_cannot_overdraw(two_processes):
    app, addresses = two_processes
    for number in (1, 2):
        make_user(app, f"staff{number}@example.org", is_staff=True)
    sessions = [
        logged_in(address, f"staff{n}@example.org") for n, address in enumerate(addresses, start=1)
    ]
    donate(app, 1_000_000)
    for _round in range(ROUNDS):
        state = fund_state(app)
        amount = (state["balance"] - state["committed"]) * 6 // 10
        grants = [make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=amount) for _ in range(2)]
        tokens = [
            csrf_token(s.get(f"{a}/wnf/applications/{g}").text)
            for s, a, g in zip(sessions, addresses, grants, strict=True)
        ]
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(
                target=post_decision,
                args=(barrier, session, f"{address}/wnf/applications/{grant}/decision", token),
            )
            for session, address, grant, token in zip(
                sessions, addresses, grants, tokens, strict=True
            )
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        statuses = sorted(grant_state(app, g)["status"] for g in grants)
        assert statuses == ["approved", "under_review"]
        state = fund_state(app)
        assert state["balance"] - state["committed"] >= 0
        assert state["balance"] == state["ledger_sum"]


def anonymous_read(address: str) -> requests.Response:
    # The host is in the cache key: behind a load balancer every machine sees the site's name.
    headers = {"Accept-Language": "en", "Host": "127.0.0.1"}
    response = requests.get(address + "/societies/PE-PERU", headers=headers)
    assert response.status_code == 200
    return response


def test_with_redis_a_page_one_process_rendered_is_served_by_the_other(two_processes_with_redis):
    app, (first, second) = two_processes_with_redis
    make_event(app, "PE-PERU", titles={"en": "Shared seminar"})
    rendered = anonymous_read(first)
    assert "X-Cache" not in rendered.headers and "Shared seminar" in rendered.text
    served = anonymous_read(second)
    assert served.headers["X-Cache"] == "hit" and "Shared seminar" in served.text
    # A change of content is seen by both: the next reader renders, the other shares it.
    make_event(app, "PE-PERU", titles={"en": "Fresh news"})
    fresh = anonymous_read(second)
    assert "X-Cache" not in fresh.headers and "Fresh news" in fresh.text
    shared = anonymous_read(first)
    assert shared.headers["X-Cache"] == "hit" and "Fresh news" in shared.text
