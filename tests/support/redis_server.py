"""A throwaway Redis server on loopback, started from Debian's redis-server for the tests.

Nothing is kept: no snapshots, no append-only file, its folder removed when it stops.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis


class RedisUnavailable(Exception):
    """redis-server cannot be run on this machine; the message says why."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RedisUnavailable(
                "redis-server is not installed: run scripts/ensure-test-system.sh as root "
                "(Debian package redis-server)"
            )
        self.dir = Path(tempfile.mkdtemp(prefix="alumni-redis-"))
        self.port = _free_port()
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def start(self) -> "RedisServer":
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir)]
        self._process = subprocess.Popen(
            [self.binary, *options, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with self.client() as client:
                    client.ping()
                return self
            except redis.ConnectionError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RedisUnavailable("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
