"""Process CPU time per request of the public pages, in-process, over distinct addresses.

    .venv/bin/python bench/profile_public.py DB [--pages home,event] [-n 200] [--profile PAGE]
    .venv/bin/python bench/profile_public.py /tmp/scale10.sqlite3 --html /tmp/before

DB is a copy of a bench database (`cp bench/.data/scale10.sqlite3 /tmp/...`: never the
bench's own file) or any DATABASE_URL. The app is `create_app` with the page cache off
(PAGE_CACHE_MB=0) and the Werkzeug test client, asked with Accept-Language: en as wrk asks.
Each page is asked for the first N addresses of its bench set (bench/addresses.py, the same
seed and order as bench/run.py), after a warm-up of a few other addresses of the same set;
what is printed is process CPU time per request (`time.process_time()`, so other work on a
shared machine does not count, unlike wall time) and the SQL statements of its first address.
A set with fewer than N addresses is walked again (the society pages: 72 at scale 10).

- `--profile PAGE` runs cProfile over that page's requests and prints the 40 costliest
  functions by cumulative and by own time (`--sort` to choose one).
- `--html DIR` writes each page's first N addresses' HTML (CSRF tokens and one-time form keys
  blanked) to DIR, so two runs, before and after a change, can be compared with `diff -r`.
- `--conditional` also measures the answer to an unchanged society page asked again with its
  ETag (If-None-Match), with the page cache on: the bench's 304 check.

One sample of the figures at scale 10 is in the commit that added this script; the budget
is about 3 ms of worker CPU for a page (20 % of a bare Flask hello-world at ≈3,400 req/s on
2 workers), of which /healthz alone takes ≈0.9 ms.
"""

import argparse
import cProfile
import pstats
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import addresses  # noqa: E402
from tests.support.queries import count_queries  # noqa: E402

SEED = 2026  # bench/run.py's: the same sets in the same order
PUBLIC = ["home", "directory", "society", "events (filtered)", "event", "series", "WNF", "summary"]
HEADERS = {"Accept-Language": "en"}
# What changes between two renders of the same page for the same visitor.
VOLATILE = re.compile(r'(name="(?:csrf_token|form_key)"[^>]*value=")[^"]*|(nonce=")[^"]*')


def make_app(url: str, cache_mb: int = 0):
    from alumni import create_app

    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "PAGE_CACHE_MB": cache_mb}
    )


def page_sets(app) -> dict[str, list[str]]:
    with app.app_context():
        space = addresses.Space()
        return addresses.anonymous_sets(space, random.Random(SEED))  # noqa: S311


def _walk(found: list[str], n: int, skip: int = 0) -> list[str]:
    return [found[(skip + i) % len(found)] for i in range(n)]


def cpu_per_request(client, paths: list[str]) -> float:
    """Process CPU ms per request over PATHS, each answer read whole and checked."""
    start = time.process_time()
    for path in paths:
        response = client.get(path, headers=HEADERS)
        response.get_data()
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
    return (time.process_time() - start) * 1000 / len(paths)


def queries_of(app, client, path: str) -> int:
    from alumni.extensions import db

    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        client.get(path, headers=HEADERS).get_data()
    return len(statements)


def conditional_cpu(url: str, n: int) -> float:
    """CPU ms of a 304 for an unchanged society page, page cache on, with the bench's cookie."""
    app = make_app(url, cache_mb=16)
    client = app.test_client()
    client.get("/", headers=HEADERS)
    etag = client.get("/societies/PE-PERU", headers=HEADERS).headers["ETag"]
    headers = HEADERS | {"If-None-Match": etag}
    start = time.process_time()
    for _ in range(n):
        response = client.get("/societies/PE-PERU", headers=headers)
        if response.status_code != 304:
            raise SystemExit(f"conditional: {response.status_code}")
    return (time.process_time() - start) * 1000 / n


def write_html(client, sets: dict[str, list[str]], pages: list[str], folder: Path, n: int):
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        for i, path in enumerate(sets[page][:n]):
            text = client.get(path, headers=HEADERS).get_data(as_text=True)
            text = VOLATILE.sub(lambda m: (m.group(1) or m.group(2)) + "-", text)
            name = re.sub(r"\W+", "-", page).strip("-")
            (folder / f"{name}-{i}.html").write_text(f"<!-- {path} -->\n{text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database")
    parser.add_argument("--pages", default=",".join(PUBLIC))
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--profile")
    parser.add_argument("--sort", default="both", choices=["both", "cumulative", "tottime"])
    parser.add_argument("--html", type=Path)
    parser.add_argument("--conditional", action="store_true")
    args = parser.parse_args()

    app = make_app(args.database)
    sets = page_sets(app)
    client = app.test_client()
    client.get("/", headers=HEADERS)
    pages = args.pages.split(",")
    if args.html:
        write_html(client, sets, pages, args.html, args.n)
        return
    if args.profile:
        found = sets[args.profile]
        cpu_per_request(client, _walk(found, 10, skip=args.n))
        profiler = cProfile.Profile()
        profiler.enable()
        ms = cpu_per_request(client, _walk(found, args.n))
        profiler.disable()
        print(f"{args.profile}: {ms:.2f} CPU ms per request (under cProfile)")
        stats = pstats.Stats(profiler)
        for key in ("cumulative", "tottime") if args.sort == "both" else (args.sort,):
            stats.sort_stats(key).print_stats(40)
        return
    print(f"{'page':<20} {'CPU ms/req':>10} {'queries':>8}")
    for page in pages:
        found = sets[page]
        cpu_per_request(client, _walk(found, 10, skip=args.n))  # warm the caches
        ms = cpu_per_request(client, _walk(found, args.n))
        print(f"{page:<20} {ms:>10.2f} {queries_of(app, client, found[0]):>8}")
    print(f"{'/healthz':<20} {cpu_per_request(client, ['/healthz'] * args.n):>10.2f}")
    if args.conditional:
        print(f"{'304 (cache on)':<20} {conditional_cpu(args.database, args.n):>10.2f}")


if __name__ == "__main__":
    main()
