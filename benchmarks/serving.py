"""What the service benchmarks share: a scratch audit store (SQLite, or a throwaway schema in a
PostgreSQL database), `sto serve` processes on free loopback ports, generated plan bodies, and
`sto audit verify`'s word on the chain. Not a benchmark itself."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from tests.synthetic import generate_plans  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def plan_bodies(n: int, fmt: str = "yaml", seed: int = 6, *, unique: bool = False) -> list[bytes]:
    """`n` generated plans as request bodies. `unique` (YAML only): a numbered comment line makes
    every body's bytes, and so its plan hash, differ, so a plan stored twice shows as two records with
    one plan hash."""
    plans = list(generate_plans(n, seed=seed))
    if fmt == "json":
        out = [json.dumps(p, ensure_ascii=False, default=str).encode() for p in plans]
    else:
        out = [yaml.safe_dump(p, allow_unicode=True, sort_keys=False).encode() for p in plans]
        if unique:
            out = [b + f"# benchmark submission {i}\n".encode() for i, b in enumerate(out)]
    if unique and len(set(out)) != len(out):
        raise SystemExit("the generated plan bodies are not all different; use --format yaml")
    return out


@contextmanager
def scratch_store(url: str | None, *, keep: bool = False) -> Iterator[str]:
    """An empty audit store for one run, as a database URL: a SQLite file in a temporary folder when
    `url` is None, or a new schema in the PostgreSQL database `url` names (its search_path set in the
    URL, so every process that opens it lands there), dropped afterwards unless `keep`. A SQLite URL
    is used as given."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="sto-bench-") as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite"
        return
    if not url.startswith("postgresql"):
        yield url
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    schema = f"sto_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        raise SystemExit(f"PostgreSQL is not reachable at {make_url(url).render_as_string()}: "
                         f"{str(exc.orig).strip().splitlines()[0]}\n"
                         f"Start PostgreSQL, or give another database with --database, or leave --database out "
                         f"to use a temporary SQLite file.") from None
    try:
        yield make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        if keep:
            print(f"(kept PostgreSQL schema {schema})")
        else:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Server:
    """One `sto serve` process on loopback; its output goes to `log` (appended over restarts)."""

    def __init__(self, database: str, token_file: Path, log: Path, *, port: int | None = None, workers: int = 1,
                 log_level: str = "warning", env: dict[str, str] | None = None):
        self.database, self.token_file, self.log = database, token_file, log
        self.port = port or free_port()
        self.workers, self.log_level, self.env = workers, log_level, env or {}
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, seconds: float = 120.0) -> float:
        """Start and wait until /health answers 200; returns the seconds that took."""
        env = {**os.environ, "STO_DATABASE_URL": self.database, "STO_TOKEN_FILE": str(self.token_file), **self.env}
        with open(self.log, "ab") as out:
            # its own session: the server's worker processes can be found (and cleaned up) as its group
            self.proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port",
                                          str(self.port), "--workers", str(self.workers), "--log-level",
                                          self.log_level], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        return self.wait_healthy(seconds)

    def wait_healthy(self, seconds: float) -> float:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            if self.proc.poll() is not None:
                raise SystemExit(f"sto serve stopped (exit {self.proc.returncode}); its output:\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f"sto serve did not become healthy in {seconds:.0f} s; its output:\n{self.tail()}")

    def kill9(self) -> None:
        """SIGKILL to the server process alone, as a crash or an OOM killer would: no shutdown code runs."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def leftovers(self) -> list[int]:
        """Processes still in the server's group (its workers) after the server itself is gone."""
        pgid = self.proc.pid
        out = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[2]) == pgid and fields[0] != "Z":
                    out.append(int(entry.name))
        return out

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        try:  # anything of its group still running (workers of a killed server)
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def audit_verify(database: str) -> tuple[bool, str]:
    """`sto audit verify` on this store, as an operator would run it: (chain intact, its summary line)."""
    env = {**os.environ, "STO_DATABASE_URL": database}
    out = subprocess.run([sys.executable, "-m", "cli", "audit", "verify"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    text = (out.stdout + out.stderr).strip()
    return out.returncode == 0, " ".join(text.splitlines()[:2])
