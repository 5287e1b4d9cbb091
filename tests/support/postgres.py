"""A throwaway PostgreSQL server on loopback, started from Debian's binaries for the tests.

Nothing on it outlives the run, so it trades durability for speed: no fsync, minimal WAL and,
where the machine has room, its data folder in memory (tests/support/memory.py). Each test's
database is a CREATE DATABASE … TEMPLATE copy, and creating and removing files is most of what
that costs: 0.2–0.5 s per test on the disk, about 15 ms in memory. Every statement a test sends
behaves as on any PostgreSQL 15; only what would survive a crash differs.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

import psycopg

from tests.support.memory import make_temp_dir


class PostgresUnavailable(Exception):
    """PostgreSQL cannot be run on this machine; the message says why."""


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(os.path.realpath(pg_ctl)).parent
    raise PostgresUnavailable("PostgreSQL is not installed (Debian package postgresql)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self):
        self.bin = _binaries()
        self.dir = make_temp_dir("alumni-pg-")
        self.port = _free_port()
        self._as_user: list[str] = []
        self._admin: psycopg.Connection | None = None
        if os.geteuid() == 0:  # initdb refuses to run as root: use Debian's postgres account
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable("running as root and there is no postgres user") from None
            os.chown(self.dir, account.pw_uid, account.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        command = [*self._as_user, str(self.bin / args[0]), *args[1:]]
        subprocess.run(command, check=True, capture_output=True, cwd=self.dir)

    def start(self) -> "PostgresServer":
        data = self.dir / "data"
        self._run(
            "initdb",
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        # wal_level=minimal (which needs max_wal_senders=0) writes no WAL for the copies of
        # the template; max_wal_size bounds the WAL kept in memory between checkpoints.
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off "
            f"-c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=256MB "
            f"-c unix_socket_directories={self.dir} -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        self._wait()
        return self

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        """Run SQL on the postgres database, over one connection kept for the whole run."""
        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.dsn("postgres"), autocommit=True)
        self._admin.execute(sql)

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
