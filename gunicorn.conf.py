"""Gunicorn settings of the site (gunicorn reads ./gunicorn.conf.py by itself, or `-c` it).

Where the logs go is the deployment's choice (`--access-logfile -`, `--error-logfile …`);
what goes into them is the site's: one line per record, no link tokens in the addresses.
"""

import os
import shutil
import tempfile

from gunicorn.glogging import Logger

from alumni.common.logs import install
from alumni.worker_memory import fix_malloc_thresholds


class SafeLogger(Logger):
    """Gunicorn's logger with control characters escaped and link tokens redacted."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            install(log)


logger_class = SafeLogger


def post_fork(server, worker):
    # Large transient buffers back to the system when freed (alumni/worker_memory.py).
    fix_malloc_thresholds()


def on_starting(server):
    # A folder the workers share for as long as this server runs (common/shared_files.py),
    # named to them in their environment (they are forked after this, and load the app then).
    os.environ["SHARED_DIR"] = tempfile.mkdtemp(prefix="alumni-shared-")


def on_exit(server):
    shutil.rmtree(os.environ.pop("SHARED_DIR", ""), ignore_errors=True)
