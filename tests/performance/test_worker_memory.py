"""A web worker's large transient buffers are given back to the system when freed."""

import json
import platform
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.performance.test_bench_worker_deaths import _wait_until_listening
from tests.performance.test_two_processes import free_port

ROOT = Path(__file__).resolve().parents[2]
# A 4 MB buffer freed (glibc then raised its threshold to 4 MB), then ten 300 KB ones kept:
# how many of them glibc mapped on their own, which a free gives back to the system.
COUNT = """
import ctypes, json
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks",
        "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info

def mapped():
    del_me = bytearray(4 << 20)
    del del_me
    before = libc.mallinfo2().hblks
    kept = [bytearray(300 << 10) for _ in range(10)]
    return libc.mallinfo2().hblks - before
"""
ALLOCATE = (
    COUNT
    + """
import sys
from alumni.worker_memory import fix_malloc_thresholds
if sys.argv[1] == "fixed":
    assert fix_malloc_thresholds()
print(json.dumps(mapped()))
"""
)
# The same, asked of a gunicorn worker started with the site's settings.
APP = (
    COUNT
    + """
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(mapped()).encode()]
"""
)


def _mapped(setting: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", ALLOCATE, setting],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator")
def test_large_buffers_stay_out_of_the_heap_after_a_larger_one_was_freed():
    assert _mapped("fixed") == 10
    assert _mapped("default") == 0  # glibc's own rule, which the worker's setting changes


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator")
def test_each_gunicorn_worker_has_the_setting(tmp_path):
    (tmp_path / "counting.py").write_text(APP)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")]
        + ["--chdir", str(tmp_path), "--bind", f"127.0.0.1:{port}", "counting:app"],
        cwd=ROOT,
    )
    try:
        _wait_until_listening(port)
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=10).json() == 10
    finally:
        server.terminate()
        server.wait(timeout=20)
