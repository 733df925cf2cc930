"""`sto impact A B DIR` over many plans: one process against the worker pool, back to back.

    python benchmarks/impact.py                       # 1,000 YAML plans, 3 rounds
    python benchmarks/impact.py --plans 300 --rounds 5

Writes seeded plans (tests/synthetic.py) into a temporary folder, then alternates
`sto impact A B DIR --workers 1` with `--workers N` (default: one per core), each a fresh
process, wall time from start to exit. Prints each run, the medians and their ratio, and checks
that both give the same report (JSON). Asserts nothing about the speed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from tests.synthetic import generate_plans  # noqa: E402

A, B = "sto-2020-2023@2021-05-27", "sto-2020-2023@2022-07-07"


def run(folder: str, workers: int) -> tuple[float, str]:
    started = time.perf_counter()
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "impact", A, B, folder, "--format", "json",
                        "--workers", str(workers)], capture_output=True, text=True, cwd=ROOT, check=True)
    return time.perf_counter() - started, r.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sto-impact-bench-") as folder:
        for i, plan in enumerate(generate_plans(args.plans, seed=11)):
            Path(folder, f"plan-{i:05d}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                                          encoding="utf-8")
        run(folder, 1)  # warm: the rulebook cache and the file system
        times: dict[int, list[float]] = {1: [], args.workers: []}
        reports = {}
        for n in range(args.rounds):
            for workers in (1, args.workers):
                seconds, reports[workers] = run(folder, workers)
                times[workers].append(seconds)
                print(f"round {n + 1}: --workers {workers}: {seconds:.2f} s", flush=True)
    one, many = statistics.median(times[1]), statistics.median(times[args.workers])
    print(f"{args.plans} plans, {os.cpu_count()} cores: one process {one:.2f} s, {args.workers} workers {many:.2f} s "
          f"(median of {args.rounds}); speed-up {one / many:.2f}x")
    print("same report from both:", "yes" if reports[1] == reports[args.workers] else "NO")


if __name__ == "__main__":
    main()
