"""The site's fixed cost per request: its /healthz against a bare Flask hello-world.

    DATABASE_URL=sqlite:///… SECRET_KEY=… python scripts/fixed_cost.py [--http] [ROUNDS]

In-process (default): Werkzeug's test client, 2,000 requests per round, the rounds of the two
apps alternated; the best round's CPU time per request. --http: each app under gunicorn (one
sync worker) driven by `wrk -t1 -c8 -d5s`, alternated; the median requests per second and the
worker's CPU time per request (from /proc, so that other work on a shared machine counts less).
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

# The baseline: a bare Flask app answering what the site's /healthz answers.
bare = Flask(__name__)


@bare.get("/healthz")
def health():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


def in_process(rounds: int, count: int = 2000) -> None:
    sys.path.insert(0, str(ROOT))
    from alumni import create_app

    clients = {"bare": bare.test_client(), "site": create_app().test_client()}
    best = dict.fromkeys(clients, float("inf"))
    for client in clients.values():
        for _ in range(200):
            assert client.get("/healthz").status_code == 200
    for _ in range(rounds):
        for name, client in clients.items():
            start = time.process_time()
            for _ in range(count):
                client.get("/healthz")
            best[name] = min(best[name], (time.process_time() - start) / count)
    print(
        f"in-process: bare {best['bare'] * 1e6:.0f} µs, site {best['site'] * 1e6:.0f} µs "
        f"per request: {best['site'] / best['bare']:.2f} ×"
    )


def _worker_cpu(master: int) -> float:
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def over_http(rounds: int) -> None:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    wrk = shutil.which("wrk") or sys.exit("wrk is missing: scripts/ensure-test-system.sh --bench")
    apps = {"bare": ("scripts.fixed_cost:bare", 8301), "site": ("wsgi:app", 8302)}
    servers = {
        name: subprocess.Popen(  # noqa: S603 (our own gunicorn on loopback)
            [gunicorn, "-w", "1", "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]
            + [target],
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        for name, (target, port) in apps.items()
    }
    rates: dict = {name: [] for name in apps}
    cpu: dict = {name: [] for name in apps}
    try:
        time.sleep(4)
        for _ in range(rounds):
            for name, (_, port) in apps.items():
                before = _worker_cpu(servers[name].pid)
                out = subprocess.run(  # noqa: S603
                    [wrk, "-t1", "-c8", "-d5s", f"http://127.0.0.1:{port}/healthz"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                used = _worker_cpu(servers[name].pid) - before
                rates[name].append(float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]))
                cpu[name].append(used / int(re.search(r"(\d+) requests in", out)[1]))
    finally:
        for server in servers.values():
            server.terminate()
            server.wait()
    rate = {name: statistics.median(values) for name, values in rates.items()}
    per_request = {name: statistics.median(values) for name, values in cpu.items()}
    print(
        f"http: bare {rate['bare']:.0f}/s, site {rate['site']:.0f}/s "
        f"({rate['bare'] / rate['site']:.2f} ×); worker CPU per request: bare "
        f"{per_request['bare'] * 1e6:.0f} µs, site {per_request['site'] * 1e6:.0f} µs "
        f"({per_request['site'] / per_request['bare']:.2f} ×)"
    )


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--http"]
    rounds = int(arguments[0]) if arguments else 5
    (over_http if "--http" in sys.argv else in_process)(rounds)
