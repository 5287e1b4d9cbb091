"""The benchmark counts the gunicorn workers that died during a run, and records the count."""

import argparse
import socket
import subprocess
import sys
import time
from contextlib import suppress

import requests

from bench.run import format_report, worker_deaths
from tests.performance.test_two_processes import free_port

LOG = """\
[2026-11-22 19:06:01 +0000] [1234] [INFO] Starting gunicorn 23.0.0
[2026-11-22 19:06:09 +0000] [1234] [WARNING] Worker (pid:1240) was sent SIGSEGV!
[2026-11-22 19:06:09 +0000] [1299] [INFO] Booting worker with pid: 1299
[2026-11-22 19:06:40 +0000] [1234] [CRITICAL] WORKER TIMEOUT (pid:1241)
[2026-11-22 19:06:41 +0000] [1234] [ERROR] Worker (pid:1241) exited with code 1.
[2026-11-22 19:06:50 +0000] [1234] [ERROR] Worker (pid:1300) exited with code 3.
[2026-11-22 19:06:55 +0000] [1234] [ERROR] Worker (pid:1301) was sent SIGKILL!
[2026-11-22 19:07:00 +0000] [1234] [INFO] Worker (pid:1299) was sent SIGTERM!
[2026-11-22 19:07:00 +0000] [1234] [INFO] Shutting down: Master
"""
# Crashes as a worker did in issue 15, or hangs past gunicorn's timeout.
APP = """\
import os, signal, time

def app(environ, start_response):
    if environ["PATH_INFO"] == "/crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(30)
"""


def test_deaths_are_counted_once_per_worker_and_a_graceful_stop_is_not():
    # 1240 crashed, 1241 hung (its timeout and its exit code are one death), 1300 exited
    # with an error, 1301 was killed; 1299 was stopped at the end of the run.
    assert worker_deaths(LOG) == 4
    assert worker_deaths(LOG.replace("SIGSEGV", "SIGTERM")) == 3
    assert worker_deaths("") == 0


def test_deaths_in_a_real_gunicorn_log(tmp_path):
    (tmp_path / "dying.py").write_text(APP)
    log = tmp_path / "gunicorn.log"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--chdir", str(tmp_path), "--timeout", "1"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        + ["--error-logfile", str(log), "dying:app"],
    )
    try:
        _wait_until_listening(port)
        for path in ("/crash", "/hang"):
            with suppress(requests.RequestException):  # neither is ever answered
                requests.get(f"http://127.0.0.1:{port}{path}", timeout=3)
        deadline = time.monotonic() + 30
        while worker_deaths(log.read_text()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log.read_text()
    assert "was sent SIGSEGV" in text and "WORKER TIMEOUT" in text, text
    assert worker_deaths(text) == 2, text


def _wait_until_listening(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def _measured(deaths: int, memory: dict | None = None) -> dict:
    page = {"rps": 100.0, "p50": 1.0, "p99": 2.0, "errors": 0, "wraps": 0, "hello": 100.0}
    server = {
        "healthz": page,
        # Its hello-world, measured right after it, was slower than /healthz's.
        "home": page | {"rps": 30.0, "hello": 50.0, "sent_kb": {"mean": 3.3, "max": 3.8}},
        "officer: edit form": page | {"sent_kb": {"mean": 9.0, "max": 61.5}},
        "memory": memory or {"peak": 120.0, "resident": 110.0},
        "deaths": deaths,
        "conditional": {"rps": 100.0, "hello": 100.0},
    }
    writes = {"writers": 4, "posted": 8, "saved": 8, "per_second": 4.0}
    writes |= {"server_errors": 0, "locked": 0, "other": []}
    return {
        10: {"off": server, "on": server | {"deaths": 0}, "writes": writes},
        1: {"off": server | {"deaths": 0}},
    }


def _report(deaths: int, memory: dict | None = None) -> str:
    return format_report(
        argparse.Namespace(backend="sqlite", scale=10, seconds=5, part="all"),
        _measured(deaths=deaths, memory=memory),
        ({"home": 3}, {"home": 3}, {}),
        0.1,
        0.1,
    )


def test_the_results_table_records_the_deaths():
    report = _report(deaths=2)
    assert "| no worker died (SIGSEGV, timeout, error exit) | 2 died | FAIL |" in report
    assert "2 budget(s) failed." in report  # and the heaviest form's 61.5 KB


def test_a_page_is_compared_with_the_hello_world_measured_beside_it():
    report = _report(deaths=0)
    # 30 req/s beside a hello-world of 50 is 60 %, not the 30 % of /healthz's 100.
    assert "| home | 20% | 30 | 60.0% |" in report
    assert "50 / 100 / 100 (low / median / high) req/s at scale 10" in report


def test_each_page_has_its_size_on_the_wire_and_the_heaviest_form_its_budget():
    report = _report(deaths=0)
    assert "| 0 bad, 0 wraps | 0 | 3.3 (3.8) | PASS |" in report  # home: … KB sent, result
    heaviest = "heaviest form page (officer: edit form) ≤ 60 KB compressed"
    assert f"| {heaviest} | largest 61.5 KB | FAIL |" in report


def test_the_memory_budget_is_the_resident_memory_after_the_run_with_the_peak_beside():
    # A login's argon2 buffer (64 MiB) lifts the peak; it is freed after each login.
    memory = "worker memory < 150 MB after the run (cache off and on)"
    passed = _report(deaths=0, memory={"peak": 245.0, "resident": 140.0})
    assert f"| {memory} | resident at the end 140 MB (peak 245 MB) | PASS |" in passed
    failed = _report(deaths=0, memory={"peak": 230.0, "resident": 151.0})
    assert f"| {memory} | resident at the end 151 MB (peak 230 MB) | FAIL |" in failed
