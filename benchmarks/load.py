"""Load test of the HTTP service on loopback: concurrent self-checks against a real `sto serve`.

    python benchmarks/load.py                       # 100 concurrent self-checks, YAML bodies
    python benchmarks/load.py --format json         # the same plans as JSON bodies (faster to parse)
    python benchmarks/load.py --requests 300 --concurrency 50 --workers 2

Starts `sto serve` on 127.0.0.1 (a random free port) with a fresh SQLite audit store and a
temporary token, warms it up, then fires the self-checks (bounded in count and in time), and
prints throughput and latency percentiles, plus the latency of single requests one at a time
(no queueing). Afterwards it opens the store: the chain must verify, and every 2xx answer's id
must be in it (no request lost). Exit code 0 when nothing was lost and the chain holds; the
latency goal (p99 < 50 ms) is reported, not asserted. Only loopback; nothing leaves the machine.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import yaml  # noqa: E402

from engine.service.auth import add_token  # noqa: E402
from engine.store import open_store  # noqa: E402
from tests.synthetic import generate_plans  # noqa: E402

GOAL_P99_MS = 50.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (Linux /proc), or NaN elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bodies(n: int, fmt: str, seed: int) -> list[bytes]:
    plans = list(generate_plans(n, seed=seed))
    if fmt == "json":
        return [json.dumps(p, ensure_ascii=False).encode() for p in plans]
    return [yaml.safe_dump(p, allow_unicode=True, sort_keys=False).encode() for p in plans]


def start_server(database: str, workers: int, port: int, token_file: Path) -> subprocess.Popen:
    env = {**os.environ, "STO_DATABASE_URL": database, "STO_TOKEN_FILE": str(token_file)}
    return subprocess.Popen([sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(workers), "--log-level", "warning"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_healthy(base: str, server: subprocess.Popen, seconds: float = 120) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        if server.poll() is not None:
            raise SystemExit(f"sto serve stopped (exit {server.returncode}):\n{server.stderr.read()}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(0.1)
    raise SystemExit("sto serve did not become healthy in time")


def server_timing(header: str) -> dict[str, float]:
    out = {}
    for part in header.split(","):
        name, _, dur = part.strip().partition(";dur=")
        if dur:
            out[name] = float(dur)
    return out


async def one(client: httpx.AsyncClient, body: bytes, ctype: str) -> tuple[int, float, str | None, dict]:
    t0 = time.perf_counter()
    r = await client.post("/v1/assessments", content=body, headers={"Content-Type": ctype},
                          params={"mode": "self-check"})
    elapsed = time.perf_counter() - t0
    return (r.status_code, elapsed, (r.json().get("id") if r.status_code == 201 else None),
            server_timing(r.headers.get("server-timing", "")))


async def run(base: str, token: str, plans: list[bytes], warm: list[bytes], single: list[bytes], ctype: str,
              concurrency: int, time_limit: float, server_pid: int) -> dict:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=time_limit) as client:
        warm_results = [await one(client, b, ctype) for b in warm]
        single_results = [await one(client, b, ctype) for b in single]
        cpu0, t0 = cpu_seconds(server_pid), time.perf_counter()
        results = await asyncio.wait_for(asyncio.gather(*(one(client, b, ctype) for b in plans),
                                                        return_exceptions=True), time_limit)
        wall = time.perf_counter() - t0
        server_cpu = cpu_seconds(server_pid) - cpu0
    return {"warm": warm_results, "single": single_results, "burst": results, "wall": wall, "server_cpu": server_cpu}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=100, help="self-checks fired at once (default 100, at most 2000)")
    ap.add_argument("--concurrency", type=int, default=100, help="open connections (default 100)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server worker processes (default: cores)")
    ap.add_argument("--format", choices=["yaml", "json"], default="yaml", help="plan body format (default yaml)")
    ap.add_argument("--time-limit", type=float, default=120.0, help="seconds the burst may take at most")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--database", metavar="URL", default=None,
                    help="audit store to use (default: a fresh SQLite file); e.g. a scratch PostgreSQL database")
    args = ap.parse_args()
    n = max(1, min(args.requests, 2000))

    with tempfile.TemporaryDirectory(prefix="sto-load-") as tmp_name:
        tmp = Path(tmp_name)
        token = add_token(tmp / "tokens.yaml", "load", "committee")
        plans = bodies(n + 30, args.format, args.seed)
        warm, single, burst = plans[:10], plans[10:30], plans[30:]
        ctype = "application/json" if args.format == "json" else "application/yaml"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        database = args.database or f"sqlite:///{tmp}/load.sqlite"
        with open_store(database) as before:
            count_before = before.count()
        server = start_server(database, args.workers, port, tmp / "tokens.yaml")
        try:
            startup = wait_healthy(base, server)
            out = asyncio.run(run(base, token, burst, warm, single, ctype, args.concurrency, args.time_limit,
                                  server.pid))
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()

        results = out["burst"]
        failures = [r for r in results if isinstance(r, BaseException)]
        answered = [r for r in results if not isinstance(r, BaseException)]
        ok = [r for r in answered if 200 <= r[0] < 300]
        statuses: dict[int, int] = {}
        for status, *_ in answered:
            statuses[status] = statuses.get(status, 0) + 1
        latencies = [r[1] * 1000 for r in ok]
        single_ms = [r[1] * 1000 for r in out["single"]]
        size = sum(len(b) for b in burst) / len(burst)

        print(f"sto serve: {args.workers} worker(s), started and healthy in {startup:.1f} s; "
              f"{os.cpu_count()} core(s); plan bodies {args.format}, {size / 1000:.1f} kB on average")
        print(f"single requests, one at a time ({len(single_ms)}): p50 {pct(single_ms, 50):.1f} ms, "
              f"p99 {pct(single_ms, 99):.1f} ms, max {max(single_ms):.1f} ms")
        print(f"burst: {n} self-checks, {args.concurrency} connections: {len(ok)} ok, statuses {statuses}, "
              f"{len(failures)} client error(s) in {out['wall']:.2f} s -> {len(ok) / out['wall']:.1f} requests/s")
        if latencies:
            p99 = pct(latencies, 99)
            print(f"burst latency: p50 {pct(latencies, 50):.1f} ms, p90 {pct(latencies, 90):.1f} ms, "
                  f"p99 {p99:.1f} ms, max {max(latencies):.1f} ms "
                  f"(goal p99 < {GOAL_P99_MS:.0f} ms: {'met' if p99 < GOAL_P99_MS else 'NOT met'})")
        print(f"  server process (HTTP, auth, store; not the workers): {out['server_cpu'] / n * 1000:.1f} ms CPU "
              f"per request during the burst")
        for label, rows in (("single", out["single"]), ("burst", ok)):
            parts = {k: [r[3][k] for r in rows if k in r[3]] for k in ("compute", "evaluate", "store")}
            if all(parts.values()):
                print(f"  {label}: server side p50: worker computing {pct(parts['compute'], 50):.1f} ms, from "
                      f"submitting to the pool to its answer {pct(parts['evaluate'], 50):.1f} ms, store append "
                      f"(with waiting for the write lock) {pct(parts['store'], 50):.1f} ms")
        for exc in failures[:3]:
            print(f"  client error: {type(exc).__name__}: {exc}")

        store = open_store(database)
        try:
            report = store.verify()
            ids = [r[2] for r in out["warm"] + out["single"] + ok if r[2]]
            missing = [i for i in ids if store.get(i) is None]
            count = store.count() - count_before
        finally:
            store.close()
        chain = "intact" if report.ok else f"BROKEN: {report.reason}"
        print(f"audit store ({store.dialect}): {count} new record(s); chain {chain} "
              f"({report.checked} checked); {len(ids) - len(missing)}/{len(ids)} answered ids found"
              + (f"; MISSING {missing[:5]}" if missing else ""))
        lost = bool(missing) or count != len(ids) or len(ok) != n
        if lost:
            print("LOST OR FAILED REQUESTS: not every self-check was answered 2xx and stored exactly once")
        return 0 if report.ok and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
