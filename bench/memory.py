"""A worker's memory: after create_app, and after a mix of the benchmark's pages.

    cp bench/.data/scale10.sqlite3 /tmp/m10.sqlite3
    .venv/bin/python bench/memory.py /tmp/m10.sqlite3
    .venv/bin/python bench/memory.py /tmp/m10.sqlite3 -n 50 --pages iCal "CSV export"

One process plays one gunicorn worker (page cache off, as the budget's run): it makes the
app, then asks each page's first N addresses of the benchmark's distinct-address sets
(bench/profile_pages.py builds them next to the database, same seed), anonymous or logged in
as the benchmark's people, in the benchmark's order. Like a worker it imports only the site
(the sets, 30,000 addresses a page, are read by a child process, which hands over the N
asked), and it reads each answer piece by piece as gunicorn sends it (a streamed export is
never joined into one body). Printed: VmRSS (resident now) and VmHWM
(the peak so far) and RssFile (of it, pages of files such as the database's) from
/proc/self/status after create_app and after each page, then what each
per-worker cache in app.extensions holds (entries and an estimate of its bytes, following
containers; strings and bytes counted whole). The budget is VmRSS < 150 MB after the run
(the resident memory; VmHWM is shown beside it: each login's argon2 buffer, 64 MiB, is freed
after it).

`--modules K` also prints the K largest packages create_app imports, by tracemalloc (slow).
"""

import argparse
import gc
import json
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADERS = {"Accept-Language": "en"}  # as wrk asks


def status() -> str:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    names = ("VmRSS", "VmHWM", "RssFile")
    mb = {name: int(fields[name].split()[0]) / 1024 for name in names}
    return "  ".join(f"{name} {mb[name]:6.1f} MB" for name in names)


def deep_size(value, seen: set[int] | None = None) -> int:
    """VALUE's bytes with what it holds (dicts, lists, tuples, sets, objects' attributes)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, str | bytes | int | float | bool) or value is None:
        return size
    if isinstance(value, dict):
        return size + sum(deep_size(k, seen) + deep_size(v, seen) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return size + sum(deep_size(item, seen) for item in value)
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return size + deep_size(vars(value), seen)
    if hasattr(value, "__slots__"):
        slots = (getattr(value, name, None) for name in value.__slots__)
        return size + sum(deep_size(item, seen) for item in slots)
    return size


CACHES = ("per_version", "calendar", "event_filters", "society_names", "page_cache")


def caches(app) -> list[tuple[str, int, int]]:
    """(name, entries, bytes) of each per-worker cache kept in APP.extensions."""
    found = []
    for name, value in app.extensions.items():
        if any(word in name for word in CACHES):
            found.append((name, entries(value), deep_size(value)))
    return found


def entries(value) -> int:
    """What a cache holds, whatever its shape: a Bounded store (per_version_store), a dict of
    a version and its values (per_version), or dicts per (version, language)."""
    if isinstance(value, tuple):  # (version, store)
        return entries(value[-1])
    if isinstance(value, dict):
        if "values" in value:
            return len(value["values"])
        if value and all(isinstance(inner, dict) for inner in value.values()):
            return sum(map(len, value.values()))
    return len(value) if hasattr(value, "__len__") else 0


def largest_modules(make_app, count: int) -> None:
    tracemalloc.start()
    make_app()
    snapshot = tracemalloc.take_snapshot()
    by_package: dict[str, int] = {}
    for stat in snapshot.statistics("filename"):
        path = stat.traceback[0].filename
        parts = path.split("site-packages/")
        package = parts[1].split("/")[0] if len(parts) > 1 else Path(path).parent.name
        by_package[package] = by_package.get(package, 0) + stat.size
    tracemalloc.stop()
    for package, size in sorted(by_package.items(), key=lambda item: -item[1])[:count]:
        print(f"  {package:30} {size / 2**20:6.1f} MB")


def make_app(database: str):
    """The site as bench/profile_pages.make_app makes it (page cache off), without importing
    the bench's modules (requests, the profilers): a worker holds none of them."""
    os.environ["PAGE_CACHE_MB"] = "0"
    from alumni import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "profile"}
        | {"PAGE_CACHE_MB": 0}
    )


def print_sets(database: str, n: int) -> None:
    """The child's part: each page's (who asks, first N addresses), and the people's logins."""
    from bench import addresses, profile_pages

    app = profile_pages.make_app(database)
    sets = {
        name: (role, (found * (n // len(found) + 1))[:n])
        for name, (role, found) in profile_pages.page_sets(app, database).items()
    }
    logins = {role: addresses.email(role) for role, _paths in sets.values() if role}
    print(json.dumps({"sets": sets, "logins": logins, "password": addresses.PASSWORD}))


def asked_sets(database: str, n: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, database, "-n", str(n), "--print-sets"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def log_in(app, email: str, password: str):
    """A test client logged in through the login form, as bench/profile_pages.log_in."""
    client = app.test_client()
    form = client.get("/login", headers=HEADERS).get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    answer = client.post("/login", data=fields | {"email": email, "password": password})
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
        raise SystemExit(f"could not log in as {email}: {answer.status_code}")
    return client


def ask(client, path: str) -> None:
    """PATH's answer read piece by piece and dropped, as gunicorn sends it."""
    answer = client.get(path, headers=HEADERS, buffered=False)
    try:
        for _piece in answer.response:
            pass
    finally:
        answer.close()
    if answer.status_code != 200:
        raise SystemExit(f"{path}: {answer.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", help="a copy of bench/.data/scale<N>.sqlite3")
    parser.add_argument("--pages", nargs="*", help="page names (default: all)")
    parser.add_argument("-n", type=int, default=30, help="distinct addresses per page")
    parser.add_argument("--modules", type=int, default=0, metavar="K")
    parser.add_argument("--print-sets", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.print_sets:
        print_sets(args.database, args.n)
        return

    asked = asked_sets(args.database, args.n)
    print(f"{'start':24} {status()}")
    if args.modules:
        largest_modules(lambda: make_app(args.database), args.modules)
        return
    from alumni.worker_memory import fix_malloc_thresholds

    fix_malloc_thresholds()  # as gunicorn.conf.py's post_fork does in each worker
    app = make_app(args.database)
    gc.collect()
    print(f"{'after create_app':24} {status()}")
    clients = {}
    for name, (role, paths) in asked["sets"].items():
        if args.pages and name not in args.pages:
            continue
        if role not in clients:
            login = (asked["logins"][role], asked["password"]) if role else None
            clients[role] = log_in(app, *login) if login else app.test_client()
        for path in paths:
            ask(clients[role], path)
        print(f"{'after ' + name:24} {status()}", flush=True)
    for name, entries, size in caches(app):
        print(f"  {name:36} {entries:7} entries {size / 2**20:7.1f} MB")


if __name__ == "__main__":
    main()
