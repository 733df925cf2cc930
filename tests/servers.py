"""A real `sto serve` in a subprocess on a free loopback port, for the tests that need a server
(browser pages, read deadlines, the access log), stopped when the block ends."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    base: str
    port: int
    output: str = ""  # what the server printed (stdout and stderr), once it has stopped


@contextmanager
def sto_serve(env: dict[str, str], *, port: int | None = None, log_level: str = "warning",
              seconds: float = 90.0) -> Iterator[Served]:
    """`sto serve` with these environment variables (STO_DATABASE_URL, STO_TOKEN_FILE, ...) added."""
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port), "--workers", "1",
                             "--log-level", log_level], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    served = Served(f"http://127.0.0.1:{port}", port)
    try:
        _wait_for_health(served.base, proc, seconds)
        yield served
    finally:
        proc.terminate()
        try:
            served.output = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            served.output = proc.communicate()[0]


def _wait_for_health(base: str, proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"sto serve stopped with exit code {proc.returncode}:\n{proc.communicate()[0]}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("sto serve did not become healthy in time")
