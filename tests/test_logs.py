"""Every log line is one line: user-chosen values cannot forge log lines."""

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from alumni import create_app
from alumni.auth.models import User
from alumni.auth.tokens import make_token
from alumni.common.logs import SafeRecords
from alumni.extensions import db
from tests.auth_helpers import make_user
from tests.conftest import base_config
from tests.support.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[1]


def lines_logged(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name.startswith("alumni")]


def test_a_failed_login_with_a_line_break_in_the_address_logs_one_line(app, client, caplog):
    make_user(app, "ana@example.org")
    caplog.set_level(logging.INFO)
    # The login form refuses C0 control characters; NEL and LINE SEPARATOR get through it
    # and end a line for many log readers (and for Python's splitlines).
    for address in ("ana@example.org\x85FAKE LINE", "ana@example.org\u2028FAKE LINE"):
        response = client.post("/login", data={"email": address, "password": "x" * 12})
        assert response.status_code == 422
    # The address check now refuses both before anything is logged; whatever is logged
    # about these requests stays one line each.
    logged = lines_logged(caplog)
    assert all("\x85" not in line and "\u2028" not in line for line in logged)
    assert all(len(line.splitlines()) == 1 for line in logged)


def test_a_refused_request_with_cr_lf_in_its_path_logs_one_line(app, client, caplog):
    app.config["WTF_CSRF_ENABLED"] = True
    caplog.set_level(logging.INFO)
    response = client.post("/events/1/status/%0D%0AFAKE%20LINE")  # no CSRF token
    assert response.status_code == 400
    refusals = [line for line in lines_logged(caplog) if "FAKE LINE" in line]
    assert refusals and all("\r" not in line and "\n" not in line for line in refusals)
    assert "access.csrf_failed POST /events/1/status/\\r\\nFAKE LINE" in refusals
    # What the handlers wrote: one line per record.
    assert caplog.text.count("\n") == len(caplog.records)


def reset_token(app, email: str) -> str:
    with app.app_context():
        return make_token(db.session.scalars(db.select(User).filter_by(email=email)).one(), "reset")


def test_werkzeug_request_lines_keep_their_colors_but_lose_link_tokens():
    """A record as Werkzeug's dev server makes it (werkzeug/serving.py, log_request)."""
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        "serving.py",
        471,
        '127.0.0.1 - - [01/Apr/2025 10:00:00] "%s" %s %s',
        ("\x1b[32mGET /password/reset/eyJ1IjoxfQ.Z-abc_1 HTTP/1.1\x1b[0m", "302", "-"),
        None,
    )
    assert SafeRecords().filter(record)
    assert record.getMessage() == (
        '127.0.0.1 - - [01/Apr/2025 10:00:00] "\x1b[32mGET /password/reset/<redacted> '
        'HTTP/1.1\x1b[0m" 302 -'
    )


def test_the_dev_server_logs_a_reset_link_without_its_token(app, caplog):
    make_user(app, "kenji@example.org")
    token = reset_token(app, "kenji@example.org")
    caplog.set_level(logging.INFO)
    with LiveServer(app) as server:
        response = requests.get(f"{server.url}/password/reset/{token}", allow_redirects=False)
        assert response.status_code == 302
        assert response.headers["Location"] == "/password/reset/new"
        requests.get(f"{server.url}/invitation/{token}", allow_redirects=False)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any("GET /password/reset/<redacted> HTTP/1.1" in line for line in lines), lines
    assert any("GET /invitation/<redacted> HTTP/1.1" in line for line in lines), lines
    assert not any(token in line for line in lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorns_access_log_has_no_link_token_and_one_line_per_request(sqlite_template, tmp_path):
    database = tmp_path / "site.sqlite3"
    shutil.copyfile(sqlite_template, database)
    app = create_app(base_config(f"sqlite:///{database}"))
    make_user(app, "kenji@example.org")
    token = reset_token(app, "kenji@example.org")
    port, access_log = free_port(), tmp_path / "access.log"
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{database}",
        SECRET_KEY=app.config["SECRET_KEY"],
        TRUSTED_HOSTS="127.0.0.1",
    )
    command = ["-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile", str(access_log)]
    command += ["--no-control-socket", "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    process = subprocess.Popen([sys.executable, *command], cwd=ROOT, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        # Ready when /healthz answers: the worker imports the app after the fork, which on a
        # loaded machine (two test workers) takes longer than one read timeout.
        deadline = time.monotonic() + 90
        while True:
            try:
                requests.get(url + "/healthz", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        # Gunicorn refuses C0 controls in headers, not NEL (a byte of obs-text).
        agent = {"User-Agent": "curl\x85FAKE LINE"}
        response = requests.get(
            f"{url}/password/reset/{token}", headers=agent, allow_redirects=False
        )
        assert response.status_code == 302
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = access_log.read_text()
    assert token not in text and '"GET /password/reset/<redacted> HTTP/1.1" 302' in text
    # The readiness loop may log more than one /healthz on a loaded machine (a read that timed
    # out was still answered): the one request with the NEL must be one line.
    others = [line for line in text.splitlines() if '"GET /healthz ' not in line]
    assert len(others) == 1 and '"curl\\x85FAKE LINE"' in others[0]


def test_the_token_of_held_form_values_is_redacted():
    from alumni.common.logs import clean

    line = clean(
        '"GET /login?next=/societies/PE-PERU/edit?resume%3DhuSoKX0HSKX_V5ea HTTP/1.1" 200 '
        '"GET /societies/PE-PERU/edit?resume=huSoKX0HSKX_V5ea HTTP/1.1" 200'
    )
    assert "huSoKX0HSKX" not in line
    assert "resume%3D<redacted>" in line and "resume=<redacted>" in line
