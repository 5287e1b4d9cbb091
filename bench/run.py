"""The benchmark: synthetic data at scale 1 and 10, gunicorn on loopback, wrk as the load.

    .venv/bin/python bench/run.py --backend sqlite      (or: make bench BACKEND=postgresql)

Prints, for each key page, requests per second, p50 and p99 latency and the ratio to the
/healthz hello-world page served by the same app and server in the same run; the SQL queries
of each page at both scales; a yearly summary's compile time next to one hand-written SQL
aggregate over the same rows; the peak memory of a worker; how many workers died (from
gunicorn's log, bench/.data/gunicorn.log); and PASS/FAIL for each budget.
With --record the figures are added to bench/RESULTS.md with the machine and the date.
"""

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

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


def serve(url: str, port: int) -> subprocess.Popen:
    SERVER_LOG.unlink(missing_ok=True)
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench", TRUSTED_HOSTS="127.0.0.1")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
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
    small, large = (database(args.backend, s, server) for s in (1, args.scale))
    counts_small, _ = query_counts(small)
    counts_large, render_ms = query_counts(large)
    compiled, handwritten = compile_timing(large)
    port = 5599
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
    return format_report(
        args,
        hello,
        pages,
        conditional,
        (counts_small, counts_large, render_ms),
        compiled,
        handwritten,
        (memory, deaths),
    )


def format_report(args, hello, pages, conditional, queries, compiled, handwritten, workers) -> str:
    counts_small, counts_large, render_ms = queries
    memory, deaths = workers
    lines = [
        f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {args.backend}, scale 1 and "
        f"{args.scale}, {args.seconds} s per page",
        "",
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


def _memory_gb() -> float:
    text = Path("/proc/meminfo").read_text()
    return int(re.search(r"MemTotal:\s+(\d+)", text).group(1)) / 1024 / 1024


if __name__ == "__main__":
    main()
