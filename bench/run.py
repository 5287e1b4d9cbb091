"""The benchmark: synthetic data at scale 1 and 10, gunicorn on loopback, wrk as the load.

    .venv/bin/python bench/run.py --backend sqlite      (or: make bench BACKEND=postgresql)

Real traffic. Each page is driven by `wrk -t2 -c8 --timeout 30s` with bench/traffic.lua, which
asks for a distinct address on every request: the page's address set (below) is written to
bench/.data/addresses/scale<N>/<page>.txt in a random order (seed 2026), and wrk's thread k
of 2 takes addresses k, k+2, k+4...; only a thread that has walked its whole share starts
again (counted as "wraps"). Every answer that is not 2xx, every socket error and (logged in)
a session that no longer opens the page after the run fails the page. Sets, over the data
being measured (bench/addresses.py):

- home: `/` (one address). directory: `/societies/` with any of federation, region,
  country and group (each present with p = 0.3), every distinct combination.
- society: `/societies/<code>` and iCal: `/societies/<code>/events.ics`, every society.
- events (filtered): `/events/` with each filter present or not — fiscal_year (p 0.5, the
  data's 25), kind (0.3), format (0.2), federation (0.2), region (0.15), country (0.15, countries
  with a society), society (0.2), theme (0.2), when (0.1, past/upcoming) — and page 2–10 (0.3);
  30,000 distinct combinations.
- event: `/events/<id>`, 30,000 of the visible events' ids. series: `/series/<code>`, every
  series. WNF: `/wnf/` and `/wnf/?fiscal_year=<FY>`. summary: `/summaries/<FY>` for
  every published summary (the bench publishes every year that is over).
- CSV export: `/events/export.csv` with the list's filters, at least one, 30,000 distinct.
- Logged in (wrk sends the session cookie of a login done once before the run, through the
  login form): the officer (of the first society by id) — `/societies/<own>`, `/events/` with
  society=<own> and the other filters as above (pages 2–5), `/events/<id>/edit` for every
  event the society hosts; the committee member — `/wnf/queue`; staff — `/staff/fund/`,
  `/staff/users/` and `/staff/users/?q=bench<n>` (n < 200).

Each page is measured next to a bare Flask hello-world (bench/hello.py, the site's gunicorn
settings, 2 workers), served beside the site and driven for 2 s right after each page: a
page's share is its req/s over that hello-world's, so that whatever else the machine does
during a run moves both figures alike (one hello-world measured before the run made a
share of a page minutes later mostly a measure of the machine's other load). /healthz too.
At the large scale the pages run with the page cache off (PAGE_CACHE_MB=0: the budgets) and on
(anonymous pages, for information, with the 304 check), then the write part: four officers
(bench-writer<n>@example.org, one society each) open the report forms of 60 of their events,
then file them all at once; reports saved per second, 5xx answers and "database is
locked/busy" (in the answers and gunicorn's log) are counted. At scale 1 the same sets with
the cache off give each page's cost growth (its share of hello-world at scale 1 over its
share at scale 10). Also: the SQL queries of one fixed address per page (PAGES) at both
scales; a yearly summary's compile time next to one hand-written SQL aggregate over the same
rows; the final (VmRSS) and peak (VmHWM) memory of the busiest worker; how many workers died
(from gunicorn's log, bench/.data/gunicorn.log); and PASS/FAIL for each budget (issue 14):
every page >= 20 % of hello-world, logged-in pages >= 15 %, feeds and exports >= 5 %; p99 <
250 ms; worker memory < 150 MB after the run (resident, VmRSS; the peak, shown beside it,
holds argon2's 64 MiB buffer of a login, freed after each); a page's cost at scale 10 within
1.3 × of scale 1; the heaviest form page (the officer's edit form) at most 60 KB on the wire.
Each page's size on the wire is the first 20 addresses of its set asked once more, after its
run, with `Accept-Encoding: br, gzip` (traffic.sent_kb). With --record the figures are added
to bench/RESULTS.md with the machine and the date.

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
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import requests
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import addresses, traffic  # noqa: E402
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
        people_and_summaries(f"sqlite:///{path}")
        return f"sqlite:///{path}"
    name = f"bench_scale{scale}"
    server.execute(f'CREATE DATABASE "{name}"')
    url = server.url(name)
    prepare(url, scale)
    people_and_summaries(url)
    return url


def people_and_summaries(url: str) -> None:
    """The people wrk logs in as (bench/addresses.py) and a published summary for every
    fiscal year of the data; what is there already is kept."""
    from alumni import create_app
    from alumni.extensions import db
    from alumni.reports.models import Summary, SummaryVersion
    from alumni.reports.services import open_summary, publish

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        addresses.ensure_people(addresses.societies_in_order())
        published = set(db.session.scalars(select(Summary.fiscal_year).join(SummaryVersion)))
        for year in addresses.fiscal_years()[:-1]:  # every year that is over
            if year not in published:
                publish(None, open_summary(None, year))
                db.session.commit()
        db.engine.dispose()


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
    measured = {}
    for scale, url in ((args.scale, large), (1, small)):
        anonymous, logged_in, writers = address_sets(url)
        folder = DATA / "addresses" / f"scale{scale}"
        files = traffic.write_sets(folder, anonymous)
        logged_files = traffic.write_sets(folder, {k: v for k, (_, v) in logged_in.items()})
        people = {name: role for name, (role, _) in logged_in.items()}
        off = drive(url, args.seconds, files, logged_files, people, cache=False)
        measured[scale] = {"off": off}
        if scale == args.scale:
            measured[scale]["on"] = drive(url, args.seconds, files, {}, {}, cache=True)
            measured[scale]["writes"] = write_throughput(url, writers)
    resets = reset_timing(small, PORT)
    exported = export_memory(large, PORT)
    return format_report(
        args, measured, (counts_small, counts_large, render_ms), compiled, handwritten
    ) + "\n".join(format_reset(resets) + format_export(args, exported, compiled))


# Each page's hello-world, measured right after it (see traffic.HelloWorld).
HELLO_SECONDS = 2
SEED = 2026  # the address sets' order: the same sets on every run over the same data


def address_sets(url: str):
    """Each page's addresses over URL's data, each logged-in page's with who asks it, and the
    events each writing officer files reports for."""
    from alumni import create_app
    from alumni.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        space = addresses.Space()
        rng = random.Random(SEED)  # noqa: S311 (a repeatable order, not a secret)
        anonymous = addresses.anonymous_sets(space, rng)
        logged_in = addresses.logged_in_sets(space, rng)
        writers = {
            f"writer{n}": addresses.led_events(addresses.society_of(f"writer{n}"))
            for n in range(addresses.WRITERS)
        }
        db.engine.dispose()
    return anonymous, logged_in, writers


def drive(url, seconds, files, logged_files, people, *, cache: bool) -> dict:
    """One gunicorn of the site: /healthz, each page over its addresses, each logged-in page
    with its person's session cookie, each followed by the hello-world (its "hello"); the
    workers' memory after it all."""
    extra = {} if cache else {"PAGE_CACHE_MB": "0"}
    master = serve(url, PORT, extra)
    base = f"http://127.0.0.1:{PORT}"
    try:
        with traffic.HelloWorld(PORT + 1, DATA / "hello.log") as hello:

            def beside(result: dict) -> dict:
                traffic.wait_until_idle(master)
                return result | {"hello": hello.measure(HELLO_SECONDS)["rps"]}

            results = {"healthz": beside(traffic.wrk(base + "/healthz", seconds))}
            for name, path in files.items():
                results[name] = beside(traffic.wrk(base, seconds, path))
                results[name]["peak_mb"] = traffic.peak_memory_mb(master)
                if not cache:
                    results[name]["sent_kb"] = traffic.sent_kb(base, path)
            browsers = {
                role: traffic.log_in(base, addresses.email(role), addresses.PASSWORD)
                for role in sorted(set(people.values()))
            }
            for name, path in logged_files.items():
                browser = browsers[people[name]]
                cookie = traffic.cookie_header(browser)
                results[name] = beside(traffic.wrk(base, seconds, path, cookie))
                results[name]["peak_mb"] = traffic.peak_memory_mb(master)
                first = path.read_text().split("\n", 1)[0]
                results[name]["still_logged_in"] = traffic.still_logged_in(base, browser, first)
                if not cache:
                    results[name]["sent_kb"] = traffic.sent_kb(base, path, browser)
            results["memory"] = {
                "peak": traffic.peak_memory_mb(master),
                "resident": traffic.resident_mb(master),
            }
            if cache:
                results["conditional"] = beside(conditional(base, seconds))
    finally:
        master.terminate()
        master.wait(timeout=20)
    results["deaths"] = worker_deaths(SERVER_LOG.read_text(errors="replace"))
    return results


def conditional(base: str, seconds: int) -> dict:
    """An unchanged society page asked again with its ETag: answered 304."""
    browser = requests.Session()
    browser.get(base + "/")
    first = browser.get(base + "/societies/PE-PERU")
    headers = {
        "Cookie": f"session={browser.cookies.get('session')}",
        "If-None-Match": first.headers.get("ETag", "none"),
    }
    return wrk(base + "/societies/PE-PERU", seconds, headers)


WRITES_PER_OFFICER = 60


def write_throughput(url: str, writers: dict[str, list[int]]) -> dict:
    """Reports filed per second by the writing officers at once, and what went wrong."""
    master = serve(url, PORT)
    try:
        found = traffic.file_reports(
            f"http://127.0.0.1:{PORT}", writers, addresses.PASSWORD, WRITES_PER_OFFICER
        )
    finally:
        master.terminate()
        master.wait(timeout=20)
    log = SERVER_LOG.read_text(errors="replace")
    found["locked"] += len(traffic.LOCKED.findall(log))
    return found


def format_report(args, measured, queries, compiled, handwritten) -> str:
    counts_small, counts_large, render_ms = queries
    large, small = measured[args.scale], measured[1]
    lines = [
        _title(args),
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{_memory_gb():.0f} GiB, Python {platform.python_version()}; gunicorn 2 sync workers; "
        f"wrk -t2 -c8 with bench/traffic.lua (a distinct address per request, see bench/run.py). "
        f"Command: `.venv/bin/python bench/run.py --backend {args.backend} "
        f"--scale {args.scale} --seconds {args.seconds} --record`",
        "",
        f"Bare Flask hello-world, served next to the site and driven for {HELLO_SECONDS} s "
        f"right after each page: {_hellos(large)} req/s at scale {args.scale}, "
        f"{_hellos(small)} at scale 1. *vs hello* is the page's req/s over the hello-world's "
        f"right after it; p50 and p99 are at scale "
        f"{args.scale} with the page cache off (PAGE_CACHE_MB=0); *× cost* is the page's share "
        "of hello-world at scale 1 over its share at the large scale; *cache on* is the same "
        "addresses through the page cache; *answers* counts non-2xx answers, socket errors and "
        "how often a thread walked its whole set (wraps); *peak MB* is the busiest worker's "
        "peak memory (VmHWM) after the page's run, cache off (pages run in this order); *KB sent* "
        f"is the mean (largest) size on the wire of the set's first {traffic.SIZE_SAMPLE} "
        "addresses, compressed as a browser accepts (brotli or gzip), cache off.",
        "",
        "| page | budget | req/s | vs hello | p50 ms | p99 ms | scale 1 req/s | × cost "
        "| cache on req/s | queries (1 → large) | answers | peak MB | KB sent | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|",
    ]
    failures = 0
    healthz = large["off"]["healthz"]
    lines.append(
        f"| /healthz | — | {healthz['rps']:.0f} | {healthz['rps'] / healthz['hello']:.0%} | "
        f"{healthz['p50']:.1f} | {healthz['p99']:.1f} | "
        f"{small['off']['healthz']['rps']:.0f} | — | {large['on']['healthz']['rps']:.0f} "
        "| — | — | — | — | — |"
    )
    for name in large["off"]:
        if name in {"healthz", "memory", "deaths", "conditional"}:
            continue
        row, ok = _page_row(name, large, small, (counts_small, counts_large))
        failures += not ok
        lines.append(row)
    failures += _checks(lines, large, compiled, handwritten)
    lines += ["", f"{failures} budget(s) failed.", ""]
    return "\n".join(lines)


def _page_row(name, large, small, counts) -> tuple[str, bool]:
    result = large["off"][name]
    share = result["rps"] / result["hello"]
    share_small = small["off"][name]["rps"] / small["off"][name]["hello"]
    cost = share_small / share
    wanted = addresses.budget(name)
    bad = result.get("server_errors", 0) + result.get("client_errors", 0) + result["errors"]
    bad += result.get("redirects", 0) + (not result.get("still_logged_in", True))
    queries = "—"
    ok = share >= wanted and result["p99"] < 250 and cost <= 1.3 and not bad
    if name in PAGES:
        small_count, large_count = counts[0][name], counts[1][name]
        queries = f"{small_count} → {large_count}"
        ok = ok and small_count == large_count and large_count <= 8
    cached = large.get("on", {}).get(name)
    answers = f"{bad} bad, {result.get('wraps', 0)} wraps"
    row = (
        f"| {name} | {wanted:.0%} | {result['rps']:.0f} | {share:.1%} | {result['p50']:.1f} | "
        f"{result['p99']:.1f} | {small['off'][name]['rps']:.0f} | {cost:.2f} | "
        f"{format(cached['rps'], '.0f') if cached else '—'} | {queries} | {answers} | "
        f"{result.get('peak_mb', 0):.0f} | {_sent(result)} | "
        f"{'PASS' if ok else 'FAIL'} |"
    )
    return row, ok


def _sent(result: dict) -> str:
    sent = result.get("sent_kb")
    return f"{sent['mean']:.1f} ({sent['max']:.1f})" if sent else "—"


# The heaviest form page the benchmark asks for (issue 14, item 4: at most 60 KB compressed).
HEAVIEST_FORM = "officer: edit form"


def _checks(lines, large, compiled, handwritten) -> int:
    memory = max(large["off"]["memory"]["peak"], large["on"]["memory"]["peak"])
    resident = max(large["off"]["memory"]["resident"], large["on"]["memory"]["resident"])
    deaths = large["off"]["deaths"] + large["on"]["deaths"]
    healthz = large["off"]["healthz"]
    cond = large["on"]["conditional"]
    writes = large["writes"]
    checks = [
        (
            "/healthz within 1.5 × of hello-world (issue 14, item 3)",
            healthz["hello"] / healthz["rps"] <= 1.5,
            f"hello-world {healthz['hello'] / healthz['rps']:.2f} × /healthz",
        ),
        (
            "unchanged page answered 304 at ≥ 70 % of hello-world (cache on)",
            cond["rps"] / cond["hello"] >= 0.70,
            f"{cond['rps']:.0f} req/s, {cond['rps'] / cond['hello']:.0%}",
        ),
        (
            "summary compile ≤ 2 × one SQL aggregate",
            compiled <= 2 * handwritten,
            f"{compiled * 1000:.0f} ms vs {handwritten * 1000:.0f} ms",
        ),
        (
            "worker memory < 150 MB after the run (cache off and on)",
            resident < 150,
            f"resident at the end {resident:.0f} MB (peak {memory:.0f} MB)",
        ),
        ("no worker died (SIGSEGV, timeout, error exit)", deaths == 0, f"{deaths} died"),
        (
            f"heaviest form page ({HEAVIEST_FORM}) ≤ 60 KB compressed",
            large["off"][HEAVIEST_FORM]["sent_kb"]["max"] <= 60,
            f"largest {large['off'][HEAVIEST_FORM]['sent_kb']['max']:.1f} KB",
        ),
        (
            f"reports filed by {writes['writers']} officers at once: no 5xx, no database busy",
            writes["server_errors"] == 0 and writes["locked"] == 0 and not writes["other"],
            f"{writes['saved']} of {writes['posted']} saved, {writes['per_second']:.1f} "
            f"reports/s, {writes['server_errors']} 5xx, {writes['locked']} busy/locked, "
            f"other answers {writes['other'] or 'none'}",
        ),
    ]
    lines += ["", "| budget | figure | result |", "|---|---|---|"]
    failures = 0
    for label, ok, figure in checks:
        failures += not ok
        lines.append(f"| {label} | {figure} | {'PASS' if ok else 'FAIL'} |")
    return failures


def _hellos(measured: dict) -> str:
    """The lowest, median and highest of the hello-worlds measured beside the pages."""
    found = sorted(
        r["hello"] for r in measured["off"].values() if isinstance(r, dict) and "hello" in r
    )
    low, median, high = found[0], statistics.median(found), found[-1]
    return f"{low:.0f} / {median:.0f} / {high:.0f} (low / median / high)"


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
