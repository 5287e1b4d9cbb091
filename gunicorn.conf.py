"""Gunicorn settings of the site (gunicorn reads ./gunicorn.conf.py by itself, or `-c` it).

Where the logs go is the deployment's choice (`--access-logfile -`, `--error-logfile …`);
what goes into them is the site's: one line per record, no link tokens in the addresses.
"""

from gunicorn.glogging import Logger

from alumni.common.logs import install


class SafeLogger(Logger):
    """Gunicorn's logger with control characters escaped and link tokens redacted."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            install(log)


logger_class = SafeLogger
