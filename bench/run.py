"""The benchmark: synthetic data at scale 1 and 10, gunicorn on loopback, wrk as the load.

    .venv/bin/python bench/run.py --backend sqlite      (or: make bench BACKEND=postgresql)

Prints, for each key page, requests per second, p50 and p99 latency and the ratio to the
/healthz hello-world page served by the same app and server in the same run; the SQL queries
of each page at both scales; a yearly summary's compile time next to one hand-written SQL
aggregate over the same rows; the peak memory of a worker; how many workers died (from
gunicorn's log, bench/.data/gunicorn.log); and PASS/FAIL for each budget.
With --record the figures are added to bench/RESULTS.md with the machine and the date.

A password reset request (`reset_timing`, at scale 1; `--part reset` runs only it): POST
/password/reset for each of the benchmark's 200 known, active accounts (bench<n>@example.org)
and for 200 unknown addresses made up for the run, in a random order, one after the other,
each by a new logged-out browser that first GETs the form for its session, CSRF token and
one-time form key. Only the POST is timed. The throttle's limits are not raised: each request
comes from an address of its own in 127.0.0.0/8 (the client binds its socket there; all of
it is loopback), each address is asked for once, and the run starts with no throttle counts.
The site runs with MAIL_DELIVERY=worker and no worker, so what is timed is the request alone.

The largest Excel export (`export_memory`, at the large scale; `--part export` runs only it
and the summary compile): /events/export.xlsx with no filter (the first EXPORT_LIMIT events)
asked three times of a fresh gunicorn with one worker, whose peak memory (VmHWM) is read
before and after; the budget is 150 MB.
"""

import argparse
import http.client
import os
import platform
import random
import re
import secrets
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.postgres import PostgresServer  # noqa: E402
from tests.support.queries import count_queries  # noqa: E402

PAGES = {
    "home": "/",
    "directory": "/societies/",
    "society": "/societies/PE-PERU",
    "events (filtered)": "/events/?fiscal_year=2020&kind=seminar&federation=FELAAS",
    "event": "/events/1",
    "series": "/series/PE-5S",
    "WNF": "/wnf/",
    "summary": "/summaries/2020",
    "iCal": "/societies/PE-PERU/events.ics",
    "CSV export": "/events/export.csv?fiscal_year=2020&society=PE-PERU",
}
DATA = ROOT / "bench" / ".data"
SERVER_LOG = DATA / "gunicorn.log"
# A worker that died while serving: killed by a signal (SIGSEGV...; SIGTERM is a graceful
# stop), stopped for hanging, or exited with an error. A timeout also logs the code the
# worker then exits with, so deaths are counted by pid.
WORKER_DEATH = re.compile(
    r"Worker \(pid:(\d+)\) was sent (?!SIGTERM\b)"
    r"|WORKER TIMEOUT \(pid:(\d+)\)"
    r"|Worker \(pid:(\d+)\) exited with code"
)
PORT = 5599
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]


def prepare(url: str, scale: int) -> None:
    for command in (
        ["db", "upgrade"],
        ["seed", "--examples"],
        ["bench", "generate", "--scale", str(scale)],
    ):
        flask(url, command)
    from sqlalchemy import text

    from alumni import create_app
    from alumni.extensions import db
    from alumni.reports.services import open_summary, publish

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        publish(None, open_summary(None, 2020))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does shortly after a bulk load in production.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("ANALYZE"))
        db.engine.dispose()


def flask(url: str, command: list[str]) -> None:
    env = dict(os.environ, DATABASE_URL=url)
    subprocess.run(FLASK + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def query_counts(url: str) -> tuple[dict[str, int], dict[str, float]]:
    """Each page's SQL statements, and its render time in ms (median of 3) with no page cache."""
    from alumni import create_app
    from alumni.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "PAGE_CACHE_MB": 0})
    client = app.test_client()
    client.get("/")
    counts, render_ms = {}, {}
    with app.app_context():
        engine = db.engine
    for name, path in PAGES.items():
        with count_queries(engine) as statements:
            _read(client, path)
        counts[name] = len(statements)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            _read(client, path)
            times.append(time.perf_counter() - start)
        render_ms[name] = sorted(times)[1] * 1000
    with app.app_context():
        db.engine.dispose()
    return counts, render_ms


def _read(client, path: str) -> bytes:
    # The whole body: a streamed export is written while it is read.
    return client.get(path, headers={"Accept-Language": "en"}).get_data()


def compile_timing(url: str) -> tuple[float, float]:
    """Best of three: compiling FY2020, and one SQL aggregate over the same events."""
    from sqlalchemy import text

    from alumni import create_app
    from alumni.extensions import db
    from alumni.reports.compile import compile_year

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    aggregate = text(
        "SELECT e.kind, count(*), sum(r.attendance_total) FROM event e "
        "LEFT JOIN participation_report r ON r.event_id = e.id "
        "WHERE e.status = 'published' AND e.start_date BETWEEN '2020-04-01' AND '2021-03-31' "
        "GROUP BY e.kind"
    )
    with app.app_context():
        compiled = _best(lambda: (compile_year(2020), db.session.rollback()))
        handwritten = _best(lambda: db.session.execute(aggregate).all())
        db.engine.dispose()
    return compiled, handwritten


def _best(action, runs=3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def serve(url: str, port: int, extra: dict | None = None, workers: int = 2) -> subprocess.Popen:
    SERVER_LOG.unlink(missing_ok=True)
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench", TRUSTED_HOSTS="127.0.0.1")
    # The task queue of the bench's own (no worker takes from it).
    env |= {"HUEY_SQLITE_PATH": str(DATA / "huey.sqlite3")} | (extra or {})
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--error-logfile",
            str(SERVER_LOG),
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start (see {SERVER_LOG})")


RESET_ADDRESSES = 200  # of each kind: the benchmark data has 200 accounts


def reset_timing(url: str, port: int) -> dict[str, list[float]]:
    """Seconds each POST /password/reset took, for known and for unknown addresses."""
    plan = [("known", a) for a in _known_addresses(url)] + [
        ("unknown", f"nobody-{secrets.token_hex(6)}@example.org") for _ in range(RESET_ADDRESSES)
    ]
    random.shuffle(plan)
    warm_up = [("warm-up", f"warm-{secrets.token_hex(6)}@example.org") for _ in range(20)]
    (DATA / "huey.sqlite3").unlink(missing_ok=True)
    master = serve(url, port)
    times: dict[str, list[float]] = {"warm-up": [], "known": [], "unknown": []}
    try:
        for n, (kind, address) in enumerate(warm_up + plan):
            times[kind].append(_reset_once(port, _source_address(n), address))
    finally:
        master.terminate()
        master.wait(timeout=20)
        (DATA / "huey.sqlite3").unlink(missing_ok=True)
    del times["warm-up"]
    return times


def _known_addresses(url: str) -> list[str]:
    """The benchmark's active accounts; and no throttle counts left from an earlier run."""
    from sqlalchemy import delete, select

    from alumni import create_app
    from alumni.auth.models import ThrottleHit, User
    from alumni.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        query = select(User.email).where(User.email.like("bench%"), User.disabled_at.is_(None))
        addresses = list(db.session.scalars(query.order_by(User.id).limit(RESET_ADDRESSES)))
        db.session.execute(delete(ThrottleHit))
        db.session.commit()
        db.engine.dispose()
    if len(addresses) < RESET_ADDRESSES:
        raise SystemExit(f"only {len(addresses)} benchmark accounts in {url}")
    return addresses


def _source_address(n: int) -> str:
    """The Nth client's own address in 127.0.0.0/8 (loopback: no set-up needed)."""
    return f"127.{10 + n // 62_500}.{n // 250 % 250 + 1}.{n % 250 + 1}"


def _reset_once(port: int, source: str, address: str) -> float:
    """A new browser at SOURCE asks for the form, then sends it for ADDRESS: the POST's time."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request("GET", "/password/reset", headers={"Accept-Language": "en"})
        form = connection.getresponse()
        page = form.read().decode()
        cookies = "; ".join(c.split(";", 1)[0] for c in form.headers.get_all("Set-Cookie") or [])
        fields = dict(re.findall(r'name="(csrf_token|form_key)"[^>]*value="([^"]*)"', page))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookies,
            "Accept-Language": "en",
        }
        body = urlencode(fields | {"email": address})
        start = time.perf_counter()
        connection.request("POST", "/password/reset", body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        elapsed = time.perf_counter() - start
    finally:
        connection.close()
    if answer.status != 302 or answer.headers["Location"] != "/login":
        raise SystemExit(f"POST /password/reset for {address} from {source}: {answer.status}")
    return elapsed


def export_memory(url: str, port: int) -> dict:
    """A worker's peak memory before and after the largest XLSX export, asked three times."""
    master = serve(url, port, workers=1)
    try:
        base = f"http://127.0.0.1:{port}"
        requests.get(base + "/events/", timeout=60)  # the code paths loaded, as in use
        before = peak_memory_mb(master)
        sizes, seconds = [], []
        for _ in range(3):
            start = time.perf_counter()
            with requests.get(base + "/events/export.xlsx", stream=True, timeout=300) as answer:
                answer.raise_for_status()
                sizes.append(sum(len(piece) for piece in answer.iter_content(64 * 1024)))
            seconds.append(time.perf_counter() - start)
        after = peak_memory_mb(master)
    finally:
        master.terminate()
        master.wait(timeout=20)
    return {"before": before, "after": after, "bytes": sizes[-1], "seconds": seconds}


def format_export(args, exported: dict, compiled: float) -> list[str]:
    ok = exported["after"] < 150
    return [
        "",
        f"Largest XLSX export at scale {args.scale} (/events/export.xlsx, no filter, "
        f"{exported['bytes'] / 1e6:.1f} MB, in "
        f"{', '.join(f'{s:.1f}' for s in exported['seconds'])} s), "
        "one gunicorn worker:",
        "",
        "| budget | figure | result |",
        "|---|---|---|",
        f"| worker peak memory < 150 MB | {exported['before']:.0f} MB before, "
        f"{exported['after']:.0f} MB after | {'PASS' if ok else 'FAIL'} |",
        f"| summary compile at scale {args.scale} | {compiled * 1000:.0f} ms | "
        f"{'under 1 s: stays on the request' if compiled < 1 else 'over 1 s: make it a job'} |",
        "",
    ]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def format_reset(times: dict[str, list[float]]) -> list[str]:
    p50 = {kind: _percentile(values, 0.50) for kind, values in times.items()}
    ratio = p50["known"] / p50["unknown"]
    lines = [
        "",
        f"Password reset requests at scale 1: {RESET_ADDRESSES} known and {RESET_ADDRESSES} "
        "unknown addresses, each once, in a random order, each from a new logged-out browser "
        "(fresh CSRF token) at its own loopback address; the POST alone is timed.",
        "",
        "| addresses | requests | p50 ms | p99 ms |",
        "|---|---:|---:|---:|",
    ]
    for kind, values in times.items():
        lines.append(
            f"| {kind} | {len(values)} | {p50[kind]:.1f} | {_percentile(values, 0.99):.1f} |"
        )
    verdict = "PASS" if abs(ratio - 1) <= 0.10 else "FAIL"
    lines += ["", f"Median known / unknown: {ratio:.2f} — {verdict} (within 10 %)", ""]
    return lines


def wrk(url: str, seconds: int, headers: dict | None = None) -> dict:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", url]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "non2xx": "Non-2xx" in output,
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def worker_deaths(log: str) -> int:
    """How many workers died, from gunicorn's log (see WORKER_DEATH)."""
    return len({next(filter(None, m.groups())) for m in WORKER_DEATH.finditer(log)})


def peak_memory_mb(master: subprocess.Popen) -> float:
    peaks = []
    for child in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
    return max(peaks)


def database(backend: str, scale: int, server: PostgresServer | None) -> str:
    if backend == "sqlite":
        path = DATA / f"scale{scale}.sqlite3"
        if path.exists():
            flask(f"sqlite:///{path}", ["db", "upgrade"])  # data kept from an earlier run
        else:
            prepare(f"sqlite:///{path}", scale)
        return f"sqlite:///{path}"
    name = f"bench_scale{scale}"
    server.execute(f'CREATE DATABASE "{name}"')
    url = server.url(name)
    prepare(url, scale)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--scale", type=int, default=10, help="the large scale (default 10)")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument(
        "--part", choices=["all", "reset", "export"], default="all", help="run only one part"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    DATA.mkdir(parents=True, exist_ok=True)
    server = PostgresServer().start() if args.backend == "postgresql" else None
    try:
        report = run(args, server)
    finally:
        if server:
            server.stop()
    print(report)
    if args.record:
        with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as results:
            results.write(report + "\n")


def run(args, server) -> str:
    if args.part == "reset":
        return "\n".join(
            [_title(args), *format_reset(reset_timing(database(args.backend, 1, server), PORT))]
        )
    if args.part == "export":
        large = database(args.backend, args.scale, server)
        exported, compiled = export_memory(large, PORT), compile_timing(large)[0]
        return "\n".join([_title(args), *format_export(args, exported, compiled)])
    small, large = (database(args.backend, s, server) for s in (1, args.scale))
    counts_small, _ = query_counts(small)
    counts_large, render_ms = query_counts(large)
    compiled, handwritten = compile_timing(large)
    port = PORT
    master = serve(large, port)
    try:
        base = f"http://127.0.0.1:{port}"
        hello = wrk(base + "/healthz", args.seconds)
        pages = {name: wrk(base + path, args.seconds) for name, path in PAGES.items()}
        browser = requests.Session()
        browser.get(base + "/")
        first = browser.get(base + "/societies/PE-PERU")
        conditional = wrk(
            base + "/societies/PE-PERU",
            args.seconds,
            {
                "Cookie": f"session={browser.cookies.get('session')}",
                "If-None-Match": first.headers.get("ETag", "none"),
            },
        )
        memory = peak_memory_mb(master)
    finally:
        master.terminate()
        master.wait(timeout=20)
    deaths = worker_deaths(SERVER_LOG.read_text(errors="replace"))
    resets = reset_timing(small, port)
    exported = export_memory(large, port)
    return format_report(
        args,
        hello,
        pages,
        conditional,
        (counts_small, counts_large, render_ms),
        compiled,
        handwritten,
        (memory, deaths),
    ) + "\n".join(format_reset(resets) + format_export(args, exported, compiled))


def format_report(args, hello, pages, conditional, queries, compiled, handwritten, workers) -> str:
    counts_small, counts_large, render_ms = queries
    memory, deaths = workers
    lines = [
        _title(args),
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{_memory_gb():.0f} GiB, Python {platform.python_version()}; gunicorn 2 workers; "
        f"wrk -t2 -c8. Command: `.venv/bin/python bench/run.py --backend {args.backend} "
        f"--scale {args.scale} --seconds {args.seconds} --record`",
        "",
        "Pages are served as a visitor gets them, through the page cache; *render ms* is the "
        "same page rendered with the cache off (median of 3, in-process), for information.",
        "",
        "| page | req/s | p50 ms | p99 ms | vs hello | queries (1 → large) | render ms | budget |",
        "|---|---:|---:|---:|---:|---|---:|---|",
    ]
    lines.append(
        f"| hello-world (/healthz) | {hello['rps']:.0f} | {hello['p50']:.1f} | "
        f"{hello['p99']:.1f} | 100 % | — | — | — |"
    )
    failures = 0
    for name, result in pages.items():
        ratio = result["rps"] / hello["rps"]
        same = counts_small[name] == counts_large[name] and counts_large[name] <= 8
        ok = ratio >= 0.30 and same and not result["non2xx"]
        failures += not ok
        lines.append(
            f"| {name} | {result['rps']:.0f} | {result['p50']:.1f} | "
            f"{result['p99']:.1f} | {ratio:.0%} | {counts_small[name]} → "
            f"{counts_large[name]} | {render_ms[name]:.0f} | {'PASS' if ok else 'FAIL'} |"
        )
    ratio = conditional["rps"] / hello["rps"]
    checks = [
        (
            "unchanged page answered 304 at ≥ 70 % of hello-world",
            ratio >= 0.70,
            f"{conditional['rps']:.0f} req/s, {ratio:.0%}",
        ),
        (
            "summary compile ≤ 2 × one SQL aggregate",
            compiled <= 2 * handwritten,
            f"{compiled * 1000:.0f} ms vs {handwritten * 1000:.0f} ms",
        ),
        ("worker peak memory < 150 MB", memory < 150, f"{memory:.0f} MB"),
        ("no worker died (SIGSEGV, timeout, error exit)", deaths == 0, f"{deaths} died"),
    ]
    lines += ["", "| budget | figure | result |", "|---|---|---|"]
    for label, ok, figure in checks:
        failures += not ok
        lines.append(f"| {label} | {figure} | {'PASS' if ok else 'FAIL'} |")
    lines += ["", f"{failures} budget(s) failed.", ""]
    return "\n".join(lines)


def _title(args) -> str:
    if args.part != "all":
        return (
            f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {args.backend}, only `--part "
            f"{args.part}` (`.venv/bin/python bench/run.py --backend {args.backend} --part "
            f"{args.part} --record`); {platform.machine()}, {os.cpu_count()} cores\n"
        )
    return (
        f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {args.backend}, scale 1 and "
        f"{args.scale}, {args.seconds} s per page\n"
    )


def _memory_gb() -> float:
    text = Path("/proc/meminfo").read_text()
    return int(re.search(r"MemTotal:\s+(\d+)", text).group(1)) / 1024 / 1024


if __name__ == "__main__":
    main()
