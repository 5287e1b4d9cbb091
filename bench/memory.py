"""A worker's memory: after create_app, and after a mix of the benchmark's pages.

    cp bench/.data/scale10.sqlite3 /tmp/m10.sqlite3
    .venv/bin/python bench/memory.py /tmp/m10.sqlite3
    .venv/bin/python bench/memory.py /tmp/m10.sqlite3 -n 50 --pages iCal "CSV export"

One process plays one gunicorn worker (page cache off, as the budget's run): it makes the
app, then asks each page's first N addresses of the benchmark's distinct-address sets
(bench/profile_pages.py builds them next to the database, same seed), anonymous or logged in
as the benchmark's people, in the benchmark's order. Printed: VmRSS (resident now) and VmHWM
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
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import profile_pages  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", help="a copy of bench/.data/scale<N>.sqlite3")
    parser.add_argument("--pages", nargs="*", help="page names (default: all)")
    parser.add_argument("-n", type=int, default=30, help="distinct addresses per page")
    parser.add_argument("--modules", type=int, default=0, metavar="K")
    args = parser.parse_args()

    print(f"{'start':24} {status()}")
    if args.modules:
        largest_modules(lambda: profile_pages.make_app(args.database), args.modules)
        return
    app = profile_pages.make_app(args.database)
    gc.collect()
    print(f"{'after create_app':24} {status()}")
    sets = profile_pages.page_sets(app, args.database)
    clients = {}
    for name, (role, found) in sets.items():
        if args.pages and name not in args.pages:
            continue
        if role not in clients:
            clients[role] = profile_pages.log_in(app, role) if role else app.test_client()
        for path in (found * (args.n // len(found) + 1))[: args.n]:
            answer = clients[role].get(path, headers={"Accept-Language": "en"})
            answer.get_data()
            if answer.status_code != 200:
                raise SystemExit(f"{path}: {answer.status_code}")
        print(f"{'after ' + name:24} {status()}", flush=True)
    for name, entries, size in caches(app):
        print(f"  {name:36} {entries:7} entries {size / 2**20:7.1f} MB")


if __name__ == "__main__":
    main()
