"""Every log line is one line: user-chosen values cannot forge log lines."""

import logging

from tests.auth_helpers import make_user


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
    [nel, separator] = [line for line in lines_logged(caplog) if "FAKE LINE" in line]
    assert nel.startswith("auth.login_failed actor=ana@example.org\\x85FAKE LINE")
    assert "ana@example.org\\u2028FAKE LINE" in separator
    assert all(len(line.splitlines()) == 1 for line in lines_logged(caplog))


def test_a_refused_request_with_cr_lf_in_its_path_logs_one_line(app, client, caplog):
    app.config["WTF_CSRF_ENABLED"] = True
    caplog.set_level(logging.INFO)
    response = client.post("/language%0D%0AFAKE%20LINE", data={"lang": "es"})
    assert response.status_code == 400
    refusals = [line for line in lines_logged(caplog) if "FAKE LINE" in line]
    assert refusals and all("\r" not in line and "\n" not in line for line in refusals)
    assert "access.csrf_failed POST /language\\r\\nFAKE LINE" in refusals
    # What the handlers wrote: one line per record.
    assert caplog.text.count("\n") == len(caplog.records)


def test_werkzeug_colors_stay_but_other_escapes_are_written_out():
    from alumni.common.logs import escape_controls

    assert escape_controls("\x1b[32mGET /\x1b[0m\x1b]0;title\x07") == (
        "\x1b[32mGET /\x1b[0m\\x1b]0;title\\x07"
    )
