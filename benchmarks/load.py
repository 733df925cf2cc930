"""Load test of the HTTP service on loopback: concurrent submissions against one or more real
`sto serve` processes sharing one audit store.

    python benchmarks/load.py                       # 100 concurrent self-checks, YAML bodies
    python benchmarks/load.py --format json         # the same plans as JSON bodies (faster to parse)
    python benchmarks/load.py --requests 300 --concurrency 50 --workers 2
    python benchmarks/load.py --servers 2 --requests 1000 \
        --database postgresql+psycopg://postgres@127.0.0.1:5432/test   # two servers, one PostgreSQL store

Starts `sto serve` on 127.0.0.1 (free ports; `--servers N` starts N of them on the same store, the
requests taking turns) with a fresh audit store: a temporary SQLite file, or with `--database` a new
schema in that PostgreSQL database (dropped afterwards; a SQLite URL is used as it is). It warms
them up, then fires the submissions (bounded in count and in time) and prints throughput, latency
percentiles and errors, plus the latency of single requests one at a time (no queueing).

Afterwards it checks the store: `sto audit verify` must find the chain intact, every acknowledged
(2xx) answer's id must be stored, the number of new records must equal the number of
acknowledgements (no request lost, none stored twice: every body is a different plan, so two
records with one plan hash are a double). Exit code 0 when all of that holds; the latency goal
(p99 < 50 ms, one server) is reported, not asserted. Only loopback; nothing leaves the machine.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from benchmarks.serving import Server, audit_verify, pct, plan_bodies, scratch_store  # noqa: E402
from engine.service.auth import add_token  # noqa: E402
from engine.store import open_store  # noqa: E402

GOAL_P99_MS = 50.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (Linux /proc), or NaN elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


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


async def run(bases: list[str], token: str, plans: list[bytes], warm: list[bytes], single: list[bytes],
              ctype: str, concurrency: int, time_limit: float, server_pids: list[int]) -> dict:
    """Warm-up and single requests go to every server in turn; then the burst, the i-th body to
    server i mod N, `concurrency` connections in all."""
    per_server = max(1, concurrency // len(bases))
    limits = httpx.Limits(max_connections=per_server, max_keepalive_connections=per_server)
    clients = [httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=time_limit) for base in bases]
    try:
        warm_results = [await one(clients[i % len(clients)], b, ctype) for i, b in enumerate(warm)]
        single_results = [await one(clients[i % len(clients)], b, ctype) for i, b in enumerate(single)]
        cpu0, t0 = sum(cpu_seconds(p) for p in server_pids), time.perf_counter()
        results = await asyncio.wait_for(asyncio.gather(*(one(clients[i % len(clients)], b, ctype)
                                                          for i, b in enumerate(plans)),
                                                        return_exceptions=True), time_limit)
        wall = time.perf_counter() - t0
        server_cpu = sum(cpu_seconds(p) for p in server_pids) - cpu0
    finally:
        for c in clients:
            await c.aclose()
    return {"warm": warm_results, "single": single_results, "burst": results, "wall": wall, "server_cpu": server_cpu}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=100, help="submissions fired at once (default 100, at most 2000)")
    ap.add_argument("--concurrency", type=int, default=100, help="open connections, over all servers (default 100)")
    ap.add_argument("--servers", type=int, default=1, help="sto serve processes on the one store (default 1)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="worker processes per server (default: cores)")
    ap.add_argument("--format", choices=["yaml", "json"], default="yaml", help="plan body format (default yaml)")
    ap.add_argument("--time-limit", type=float, default=300.0, help="seconds the burst may take at most")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--database", metavar="URL", default=None,
                    help="a PostgreSQL database to make a scratch schema in, or a SQLite URL "
                         "(default: a temporary SQLite file)")
    args = ap.parse_args()
    n = max(1, min(args.requests, 2000))
    servers_n = max(1, args.servers)

    with tempfile.TemporaryDirectory(prefix="sto-load-") as tmp_name, scratch_store(args.database) as database:
        tmp = Path(tmp_name)
        token = add_token(tmp / "tokens.yaml", "load", "committee")
        plans = plan_bodies(n + 30, args.format, args.seed, unique=True)
        warm, single, burst = plans[:10], plans[10:30], plans[30:]
        ctype = "application/json" if args.format == "json" else "application/yaml"
        with open_store(database) as before:
            count_before = before.count()
        servers = [Server(database, tmp / "tokens.yaml", tmp / f"serve-{i}.log", workers=args.workers)
                   for i in range(servers_n)]
        try:
            startup = max(s.start() for s in servers)
            out = asyncio.run(run([s.base for s in servers], token, burst, warm, single, ctype, args.concurrency,
                                  args.time_limit, [s.proc.pid for s in servers]))
        finally:
            for s in servers:
                s.stop()
        server_errors = [line for s in servers for line in s.tail(10_000).splitlines()
                         if "Traceback" in line or "Exception in ASGI" in line]

        results = out["burst"]
        failures = [r for r in results if isinstance(r, BaseException)]
        answered = [r for r in results if not isinstance(r, BaseException)]
        ok = [r for r in answered if 200 <= r[0] < 300]
        statuses = Counter(r[0] for r in answered)
        latencies = [r[1] * 1000 for r in ok]
        single_ms = [r[1] * 1000 for r in out["single"]]
        size = sum(len(b) for b in burst) / len(burst)

        dialect = "postgresql" if database.startswith("postgresql") else "sqlite"
        print(f"{servers_n} sto serve process(es) on one {dialect} store, {args.workers} worker(s) each, started and "
              f"healthy in {startup:.1f} s; {os.cpu_count()} core(s); plan bodies {args.format}, "
              f"{size / 1000:.1f} kB on average")
        print(f"single requests, one at a time ({len(single_ms)}): p50 {pct(single_ms, 50):.1f} ms, "
              f"p99 {pct(single_ms, 99):.1f} ms, max {max(single_ms):.1f} ms")
        print(f"burst: {n} self-checks, {args.concurrency} connections: {len(ok)} acknowledged, statuses "
              f"{dict(sorted(statuses.items()))}, {len(failures)} client error(s), in {out['wall']:.2f} s -> "
              f"{len(ok) / out['wall']:.1f} requests/s")
        if latencies:
            p99 = pct(latencies, 99)
            goal = f" (goal p99 < {GOAL_P99_MS:.0f} ms: {'met' if p99 < GOAL_P99_MS else 'NOT met'})" if servers_n == 1 else ""
            print(f"burst latency: p50 {pct(latencies, 50):.1f} ms, p90 {pct(latencies, 90):.1f} ms, p95 "
                  f"{pct(latencies, 95):.1f} ms, p99 {p99:.1f} ms, max {max(latencies):.1f} ms{goal}")
        print(f"  server processes (HTTP, auth, store; not the workers): {out['server_cpu'] / n * 1000:.1f} ms CPU "
              f"per request during the burst")
        for label, rows in (("single", out["single"]), ("burst", ok)):
            parts = {k: [r[3][k] for r in rows if k in r[3]] for k in ("compute", "evaluate", "store")}
            if all(parts.values()):
                print(f"  {label}: server side p50: worker computing {pct(parts['compute'], 50):.1f} ms, from "
                      f"submitting to the pool to its answer {pct(parts['evaluate'], 50):.1f} ms, store append "
                      f"(with waiting for the write lock) {pct(parts['store'], 50):.1f} ms")
        for exc in failures[:3]:
            print(f"  client error: {type(exc).__name__}: {exc}")

        acknowledged = [r[2] for r in out["warm"] + out["single"] + ok if r[2]]
        store = open_store(database)
        try:
            count = store.count() - count_before
            missing = [i for i in acknowledged if store.get(i) is None]
            hashes = Counter(rec.plan_sha256 for rec in store.list(limit=count)) if count else Counter()
        finally:
            store.close()
        doubled = sum(k - 1 for k in hashes.values() if k > 1)
        intact, said = audit_verify(database)
        print(f"audit store: {count} new record(s) for {len(acknowledged)} acknowledged submission(s) "
              f"({len(set(acknowledged))} distinct ids); lost {len(missing)}, doubled {doubled}")
        print(f"sto audit verify: {'intact' if intact else 'NOT INTACT'}: {said}")
        if server_errors:
            print(f"tracebacks in the servers' output: {len(server_errors)}")
        lost = bool(missing) or count != len(acknowledged) or len(set(acknowledged)) != len(acknowledged)
        if lost or doubled or len(ok) != n:
            print("LOST, DOUBLED OR FAILED REQUESTS: not every submission was acknowledged and stored exactly once")
        return 0 if intact and not lost and not doubled and len(ok) == n and not server_errors else 1


if __name__ == "__main__":
    sys.exit(main())
