"""Folders in memory (tmpfs) for the tests' throwaway databases, when the machine has room.

Both databases flush to disk on every commit, as they should in production: SQLite fsyncs its
WAL (about 5 ms a commit on the 2-core test machine's disk) and PostgreSQL creates and unlinks a
folder of files for each test's database (0.2–0.5 s on that disk). On a tmpfs both cost almost
nothing. The databases behave the same; only what would survive a power cut differs, and
nothing here needs to survive the run.
"""

import os
import shutil
import tempfile
from pathlib import Path

# /dev/shm is a tmpfs on Linux. A container may give it only 64 MB, too little for PostgreSQL's
# data folder (about 40 MB, plus WAL and a 10 MB database per test), so then the disk is used.
MEMORY_DIR = Path("/dev/shm")
MIN_FREE_BYTES = 1 << 30


def memory_parent() -> str | None:
    """/dev/shm when it is a writable folder with room to spare, else None (the usual temp)."""
    try:
        usage = shutil.disk_usage(MEMORY_DIR)
    except OSError:
        return None
    if usage.free < MIN_FREE_BYTES or not os.access(MEMORY_DIR, os.W_OK | os.X_OK):
        return None
    return str(MEMORY_DIR)


def make_temp_dir(prefix: str) -> Path:
    """A new private folder, in memory when possible; the caller removes it."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=memory_parent()))
