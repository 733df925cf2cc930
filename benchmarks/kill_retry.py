"""`kill -9` of `sto serve` in the middle of a load, with clients that retry under their
`Idempotency-Key`: after the restarts, is every acknowledged submission stored exactly once?

    python benchmarks/kill_retry.py                              # a temporary SQLite store
    python benchmarks/kill_retry.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/kill_retry.py --submissions 1000 --kills 10 --concurrency 32

Starts `sto serve` on a free loopback port with a fresh audit store (a temporary SQLite file, or a
new schema in the PostgreSQL database given, dropped afterwards). `--concurrency` clients submit
`--submissions` different plans (POST /v1/assessments, a committee token), each with a UUID of its
own as `Idempotency-Key` (`--without-key`: none, the control that shows what the key prevents).
Meanwhile the server process gets SIGKILL `--kills` times, spread over the run (no shutdown code
runs: requests in flight are cut, a store transaction may be cut half-way), and is started again
on the same port. A client whose connection fails, or that gets a
5xx, retries the same request with the same key (backing off up to a second) until it gets its
record: 201 (stored now) or 200 with `Idempotent-Replayed: true` (stored by an earlier try whose
answer was lost).

Prints the kills, the attempts and retries, the answers, and then what the store holds:
`sto audit verify` on the chain, records per submission, doubles (one plan stored twice: must be
0), lost (acknowledged but not stored: must be 0), and worker processes a killed server left
behind. Exit code 0 when every submission was acknowledged and stored exactly once and the chain
is intact.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from benchmarks.serving import Server, audit_verify, pct, plan_bodies, scratch_store  # noqa: E402
from engine.service.auth import add_token  # noqa: E402
from engine.store import open_store  # noqa: E402


class Tally:
    def __init__(self, n: int):
        self.acked: dict[int, tuple[str, bool]] = {}  # submission -> (record id, replayed)
        self.attempts = 0
        self.retries = 0
        self.transport_errors: Counter = Counter()
        self.statuses: Counter = Counter()
        self.refused: dict[int, str] = {}  # submission -> an answer no retry can fix (4xx)
        self.latencies: list[float] = []  # first try to acknowledgement, seconds
        self.n = n


async def submit(client: httpx.AsyncClient, i: int, body: bytes, tally: Tally, deadline: float,
                 with_key: bool = True) -> None:
    headers = {"Content-Type": "application/yaml"}
    if with_key:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    t0 = time.perf_counter()
    backoff = 0.05
    while time.perf_counter() < deadline:
        tally.attempts += 1
        try:
            r = await client.post("/v1/assessments", content=body, params={"mode": "pre-screen"},
                                  headers=headers)
        except httpx.TransportError as exc:  # cut by the kill, or refused while the server is down
            tally.transport_errors[type(exc).__name__] += 1
        else:
            tally.statuses[r.status_code] += 1
            if r.status_code in (200, 201):
                tally.acked[i] = (r.json()["id"], r.headers.get("idempotent-replayed") == "true")
                tally.latencies.append(time.perf_counter() - t0)
                return
            if r.status_code < 500:
                tally.refused[i] = f"{r.status_code} {r.text[:200]}"
                return
        tally.retries += 1
        await asyncio.sleep(backoff * (0.5 + random.random()))
        backoff = min(1.0, backoff * 2)


async def killer(server: Server, tally: Tally, kills: int, log: list[dict]) -> None:
    """Kill when the acknowledgements pass evenly spaced marks, so every kill lands under load."""
    for k in range(1, kills + 1):
        mark = tally.n * k // (kills + 1)
        while len(tally.acked) < mark:
            await asyncio.sleep(0.005)
        await asyncio.sleep(random.random() * 0.05)  # somewhere inside a request, not on its edge
        in_flight = tally.attempts - sum(tally.statuses.values()) - sum(tally.transport_errors.values())
        t0 = time.perf_counter()
        await asyncio.to_thread(server.kill9)
        await asyncio.sleep(1.0)  # what a killed server leaves running, once its workers had time to notice
        left = server.leftovers()
        await asyncio.to_thread(server.stop)  # reap them, so the restart starts clean
        await asyncio.to_thread(server.start)
        log.append({"acked": len(tally.acked), "in_flight": in_flight, "left": len(left),
                    "down": time.perf_counter() - t0})


async def run(server: Server, token: str, bodies: list[bytes], args) -> tuple[Tally, list[dict], float]:
    tally = Tally(len(bodies))
    kills: list[dict] = []
    queue: asyncio.Queue = asyncio.Queue()
    for item in enumerate(bodies):
        queue.put_nowait(item)
    deadline = time.perf_counter() + args.time_limit

    async def client_loop(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            i, body = queue.get_nowait()
            await submit(client, i, body, tally, deadline, not args.without_key)

    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    t0 = time.perf_counter()
    async with httpx.AsyncClient(base_url=server.base, headers={"Authorization": f"Bearer {token}"},
                                 limits=limits, timeout=60) as client:
        kill_task = asyncio.create_task(killer(server, tally, args.kills, kills))
        await asyncio.gather(*(client_loop(client) for _ in range(args.concurrency)))
        if not kill_task.done():  # the load ended first (every submission refused?): no more kills
            kill_task.cancel()
    return tally, kills, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--submissions", type=int, default=500, help="different plans to submit (default 500)")
    ap.add_argument("--kills", type=int, default=5, help="times the server is killed with SIGKILL (default 5)")
    ap.add_argument("--concurrency", type=int, default=16, help="clients submitting at once (default 16)")
    ap.add_argument("--workers", type=int, default=1, help="worker processes of sto serve (default 1)")
    ap.add_argument("--time-limit", type=float, default=600.0, help="seconds the whole load may take")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--without-key", action="store_true",
                    help="the control: retry WITHOUT Idempotency-Key, to see the doubles a key prevents")
    ap.add_argument("--database", metavar="URL", default=None,
                    help="a PostgreSQL database to make a scratch schema in (default: a temporary SQLite file)")
    args = ap.parse_args()
    random.seed(args.seed)
    n = max(1, args.submissions)

    with tempfile.TemporaryDirectory(prefix="sto-kill-") as tmp_name, scratch_store(args.database) as database:
        tmp = Path(tmp_name)
        token = add_token(tmp / "tokens.yaml", "kill", "committee")
        bodies = plan_bodies(n, "yaml", args.seed, unique=True)
        server = Server(database, tmp / "tokens.yaml", tmp / "serve.log", workers=args.workers)
        try:
            server.start()
            tally, kills, wall = asyncio.run(run(server, token, bodies, args))
        finally:
            server.stop()
        output = server.tail(100_000).splitlines()
        tracebacks = [n for n, ln in enumerate(output) if "Traceback" in ln or "Exception in ASGI" in ln]

        store = open_store(database)
        try:
            count = store.count()
            by_id = {rec.id: rec for rec in store.list(limit=count + 1)}
        finally:
            store.close()
        intact, said = audit_verify(database)

    dialect = "postgresql" if database.startswith("postgresql") else "sqlite"
    acked_ids = [rid for rid, _ in tally.acked.values()]
    replayed = sum(1 for _, rep in tally.acked.values() if rep)
    plan_hashes = Counter(rec.plan_sha256 for rec in by_id.values())
    doubles = sum(k - 1 for k in plan_hashes.values() if k > 1)
    lost = [rid for rid in acked_ids if rid not in by_id]
    unacknowledged = n - len(tally.acked)
    stored_unasked = len(set(by_id) - set(acked_ids))
    lat = [s * 1000 for s in tally.latencies]

    print(f"sto serve on {dialect}, {args.workers} worker(s); {n} submissions by {args.concurrency} clients "
          f"{'WITHOUT' if args.without_key else 'with'} Idempotency-Key, in {wall:.1f} s")
    print(f"kills: {len(kills)} (SIGKILL to the server process); down and back healthy: "
          + ", ".join(f"{k['down']:.1f} s" for k in kills))
    print(f"  requests in flight at each kill: {[k['in_flight'] for k in kills]}; worker processes still running "
          f"1 s after each kill: {[k['left'] for k in kills]}")
    print(f"attempts: {tally.attempts}, retries: {tally.retries} (connection errors "
          f"{dict(tally.transport_errors)}), answers {dict(sorted(tally.statuses.items()))}")
    print(f"acknowledged: {len(tally.acked)}/{n} ({replayed} by a replay of an earlier try's record); "
          f"not acknowledged: {unacknowledged}; refused: {len(tally.refused)}")
    if lat:
        print(f"submission to acknowledgement: p50 {pct(lat, 50):.0f} ms, p95 {pct(lat, 95):.0f} ms, "
              f"max {max(lat):.0f} ms")
    print(f"store: {len(by_id)} records; doubles: {doubles}; lost: {len(lost)}; stored but never acknowledged: "
          f"{stored_unasked}")
    print(f"sto audit verify: {'intact' if intact else 'NOT INTACT'}: {said}")
    for i, why in list(tally.refused.items())[:3]:
        print(f"  refused submission {i}: {why}")
    if tracebacks:
        print(f"tracebacks in the server's output: {len(tracebacks)}; the first:")
        print("\n".join(output[max(0, tracebacks[0] - 3):tracebacks[0] + 40]))
    good = (intact and not doubles and not lost and not unacknowledged and not tally.refused and not stored_unasked
            and len(by_id) == n and not tracebacks)
    print("every submission stored exactly once" if good else "NOT every submission stored exactly once")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
