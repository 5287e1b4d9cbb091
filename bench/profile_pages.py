"""CPU time per request of the benchmark's pages, in-process, for a shared (noisy) machine.

    cp bench/.data/scale10.sqlite3 /tmp/p10.sqlite3
    .venv/bin/python bench/profile_pages.py /tmp/p10.sqlite3 --pages "iCal" "staff: users"
    .venv/bin/python bench/profile_pages.py /tmp/p10.sqlite3 --pages event --profile 25
    .venv/bin/python bench/profile_pages.py /tmp/p10.sqlite3 -n 50 --dump /tmp/before
    .venv/bin/python bench/profile_pages.py /tmp/p10.sqlite3 --pages healthz --conditional

Wall time lies when other processes share the cores, so each page is measured as the
process CPU time (`time.process_time()`), with that of the machine's PostgreSQL processes
when DATABASE is a PostgreSQL URL, of N requests through the Werkzeug test client, over
the first N addresses (repeated when fewer) of the distinct-address sets the benchmark uses
(bench/addresses.py, same seed), with the page cache off (PAGE_CACHE_MB=0), asked with
Accept-Language: en as wrk asks. The logged-in pages are asked by the benchmark's people,
logged in once through the login form. Printed per page: CPU ms per request (median of
--repeat rounds over the same addresses; a first round warms the caches and is not counted),
the SQL statements of the first address, the response size. The sets are saved next to the
database (<database>.addresses.json) the first time; /healthz is measured as "healthz", the
fixed cost every page pays. The budget is about 3 ms of worker CPU for a public page (20 % of
a bare Flask hello-world at ≈3,500 req/s on 2 workers) and 4 ms for a logged-in one.

`--profile K` prints cProfile's K most expensive functions (cumulative) per page. `--sql`
prints the first address's statements. `--dump DIR` writes each page's N answers to DIR with
CSRF tokens, form keys and nonces blanked, so that two runs, before and after a change, can be
compared with `diff -r`. `--conditional` measures the answer to an unchanged society page
asked again with its ETag (If-None-Match), page cache on: the bench's 304 check.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import addresses, run  # noqa: E402
from tests.support.queries import count_queries  # noqa: E402

SEED = 2026  # as bench/run.py
HEADERS = {"Accept-Language": "en"}
# What changes between two renders of the same page for the same visitor.
VOLATILE = re.compile(r'(name="(?:csrf_token|form_key)"[^>]*value=")[^"]*|(nonce=")[^"]*')


def database_url(database: str) -> str:
    """DATABASE as a URL: a PostgreSQL URL as it is, a path as SQLite's."""
    return database if "://" in database else f"sqlite:///{database}"


def make_app(path: str, cache_mb: int = 0):
    os.environ["PAGE_CACHE_MB"] = str(cache_mb)
    from alumni import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url(path),
            "SECRET_KEY": "profile",
            "PAGE_CACHE_MB": cache_mb,
        }
    )


def conditional_cpu(path: str, n: int) -> float:
    """CPU ms of a 304 for an unchanged society page, page cache on, with a visitor's cookie."""
    app = make_app(path, cache_mb=16)
    client = app.test_client()
    client.get("/", headers=HEADERS)
    etag = client.get("/societies/PE-PERU", headers=HEADERS).headers["ETag"]
    headers = HEADERS | {"If-None-Match": etag}
    start = time.process_time()
    for _ in range(n):
        if client.get("/societies/PE-PERU", headers=headers).status_code != 304:
            raise SystemExit("conditional: the unchanged page was not answered 304")
    return (time.process_time() - start) * 1000 / n


def dump(client, name: str, paths: list[str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"\W+", "-", name).strip("-")
    for k, path in enumerate(paths):
        text = client.get(path, headers=HEADERS).get_data(as_text=True)
        text = VOLATILE.sub(lambda m: (m.group(1) or m.group(2)) + "-", text)
        (folder / f"{slug}-{k}.html").write_text(f"<!-- {path} -->\n{text}")


def page_sets(app, database: str) -> dict[str, tuple[str | None, list[str]]]:
    """Each page's (who asks, addresses), kept next to DATABASE once built (they take a while)."""
    url = database_url(database)
    named = database if url != database else str(run.DATA / re.sub(r"\W+", "-", url))
    saved = Path(named + ".addresses.json")
    # What bench/run.py adds to a database it made: the people to log in as, the summaries.
    run.people_and_summaries(url)
    if saved.exists():
        return {name: tuple(value) for name, value in json.loads(saved.read_text()).items()}
    with app.app_context():
        space = addresses.Space()
        rng = random.Random(SEED)  # noqa: S311
        anonymous = addresses.anonymous_sets(space, rng)
        logged_in = addresses.logged_in_sets(space, rng)
    found = {"healthz": (None, ["/healthz"])}
    found |= {name: (None, paths) for name, paths in anonymous.items()} | logged_in
    saved.write_text(json.dumps(found))
    return found


def log_in(app, role: str):
    client = app.test_client()
    form = client.get("/login", headers=HEADERS).get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    fields |= {"email": addresses.email(role), "password": addresses.PASSWORD}
    answer = client.post("/login", data=fields)
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
        raise SystemExit(f"could not log in as {role}: {answer.status_code}")
    client.get(answer.headers["Location"], headers=HEADERS)  # shows the login's message
    return client


def server_cpu() -> float:
    """The CPU seconds the machine's PostgreSQL processes have used (0 without any): the
    database's share of a request's cost, which this process's own time does not show."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
        except OSError:
            continue  # gone meanwhile
        if fields[0].endswith("(postgres"):
            used += sum(int(v) for v in fields[1].split()[11:13])  # utime, stime
    return used / ticks


def measure(app, client, paths: list[str], repeat: int) -> list[float]:
    """CPU ms per request of each round over PATHS (after one warming round), with the
    database server's."""
    # The server's time is read outside this process's window: reading /proc costs too.
    on_server = server_cpu if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgres") else None
    rounds = []
    for _ in range(repeat + 1):
        server = on_server() if on_server else 0
        start = time.process_time()
        for path in paths:
            answer = client.get(path, headers=HEADERS)
            if answer.status_code != 200:
                raise SystemExit(f"{path}: {answer.status_code}")
            answer.get_data()
        used = time.process_time() - start
        used += on_server() - server if on_server else 0
        rounds.append(used * 1000 / len(paths))
    return rounds[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "database", help="a copy of bench/.data/scale<N>.sqlite3, or a PostgreSQL URL"
    )
    parser.add_argument("--pages", nargs="*", help="page names (default: all)")
    parser.add_argument("-n", type=int, default=100, help="distinct addresses per page")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="K")
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--sql", action="store_true", help="print the first address's SQL")
    parser.add_argument("--conditional", action="store_true", help="also time the 304")
    args = parser.parse_args()

    app = make_app(args.database)
    sets = page_sets(app, args.database)
    clients = {}
    from alumni.extensions import db

    for name, (role, found) in sets.items():
        if args.pages and name not in args.pages:
            continue
        if role not in clients:
            clients[role] = log_in(app, role) if role else app.test_client()
        client = clients[role]
        # A page of few addresses (home, the queue) is asked N times over them.
        paths = (found * (args.n // len(found) + 1))[: args.n]
        with app.app_context():
            engine = db.engine
        with count_queries(engine) as statements:
            first = client.get(paths[0], headers=HEADERS)
        size = len(first.get_data())
        if args.sql:
            print(f"{paths[0]}:", *statements, sep="\n---\n")
        if args.dump:
            dump(client, name, paths, args.dump)
            continue
        rounds = measure(app, client, paths, args.repeat)
        print(
            f"{name:22} {statistics.median(rounds):7.2f} ms CPU/request "
            f"({', '.join(f'{r:.1f}' for r in rounds)}; {len(paths)} addresses) "
            f"queries {len(statements)}, {size / 1024:.0f} KB",
            flush=True,
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            measure(app, client, paths, 0)
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(args.profile)
    if args.conditional:
        print(f"{'304 (cache on)':22} {conditional_cpu(args.database, args.n):7.2f} ms CPU/request")


if __name__ == "__main__":
    main()
