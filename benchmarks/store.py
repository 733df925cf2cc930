"""Audit store figures: append latency and throughput, verify speed, replay time; each without and
with signed checkpoints (a checkpoint per append: Ed25519 signature, a row in the append's
transaction, a line appended and fsynced to the checkpoint file after the commit).

    python benchmarks/store.py [--records 1000] [--rounds 2] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]

Writes into temporary SQLite files and temporary PostgreSQL schemas (dropped afterwards); pass
--pg '' to skip PostgreSQL. Unsigned and signed runs alternate, --rounds times, so that other work on
the machine weighs on both alike. Prints figures only; nothing here asserts a speed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from engine.assess import Assessor  # noqa: E402
from engine.plan import load_plan  # noqa: E402
from engine.store import open_store  # noqa: E402
from engine.store.checkpoint import generate  # noqa: E402

PLAN = Path(__file__).resolve().parents[1] / "examples" / "plans" / "cofinanciering-net-onder-10.yaml"


def measure(url: str, records: int, loaded, verdict, assessor, key: str = "") -> None:
    t0 = time.perf_counter()
    store = open_store(url, checkpoint_key=key)
    opened = time.perf_counter() - t0
    latencies = []
    start = time.perf_counter()
    for _ in range(records):
        t = time.perf_counter()
        rec = store.record(plan_bytes=loaded.raw, plan_source=loaded.source, verdict=verdict, actor="bench",
                           role="committee", mode="pre-screen")
        latencies.append(time.perf_counter() - t)
    wall = time.perf_counter() - start
    t = time.perf_counter()
    report = store.verify()
    verify_s = time.perf_counter() - t
    t = time.perf_counter()
    replay = store.replay(rec.id, assessor)
    replay_s = time.perf_counter() - t
    store.close()
    q = statistics.quantiles(latencies, n=100)
    print(f"{store.dialect:<10} {'signed' if key else 'unsigned':<8} open+migrate {opened * 1000:6.0f} ms | "
          f"{records} appends: {records / wall:7.0f}/s, "
          f"p50 {q[49] * 1000:5.2f} ms, p99 {q[98] * 1000:5.2f} ms | verify {report.checked} records "
          f"{verify_s:5.2f} s ({report.checked / verify_s:6.0f}/s, ok={report.ok}) | replay {replay_s * 1000:4.0f} ms "
          f"(identical={replay.identical})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()
    assessor = Assessor()
    loaded = load_plan(PLAN)
    verdict = assessor.assess(loaded).verdict
    print(f"one record: plan {len(loaded.raw)} bytes, verdict {len(json.dumps(verdict.to_json()))} characters")
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for signed in (False, True):
                key = ""
                if signed:
                    key = str(generate(Path(tmp) / f"{uuid.uuid4().hex}.key")[0])
                measure(f"sqlite:///{tmp}/{uuid.uuid4().hex}.sqlite", args.records, loaded, verdict, assessor, key)
        if args.pg:
            for _ in range(args.rounds):
                for signed in (False, True):
                    key = str(generate(Path(tmp) / f"{uuid.uuid4().hex}.key")[0]) if signed else ""
                    schema = f"sto_bench_{uuid.uuid4().hex[:8]}"
                    admin = create_engine(args.pg)
                    with admin.begin() as conn:
                        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
                    try:
                        url = make_url(args.pg).update_query_dict({"options": f"-csearch_path={schema}"})
                        measure(url.render_as_string(hide_password=False), args.records, loaded, verdict, assessor,
                                key)
                    finally:
                        with admin.begin() as conn:
                            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                        admin.dispose()


if __name__ == "__main__":
    main()
