"""A committee's round: `sto prescreen DIR --round 1 -o REPORT` over many plans, timed.

    python benchmarks/round.py                    # 300 YAML plans, 2 runs
    python benchmarks/round.py --plans 1000 --runs 3

Writes seeded plans (tests/synthetic.py, all of round 1) into a temporary folder and runs the
pre-screen as a user does, a fresh process each run, into a fresh report folder and SQLite audit
store: every plan assessed in the worker pool, stored, its verdict and draft letters written, the
overview made. Prints each run's wall time and the median per plan. Asserts nothing.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plans", type=int, default=300)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    times = []
    with tempfile.TemporaryDirectory(prefix="sto-round-bench-") as tmp:
        plans = Path(tmp, "ronde-1")
        plans.mkdir()
        for i, plan in enumerate(generate_plans(args.plans, seed=5)):
            plan["submission"]["round"] = 1
            (plans / f"plan-{i:05d}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                                      encoding="utf-8")
        for run in range(args.runs):
            report, database = Path(tmp, f"rapport-{run}"), f"sqlite:///{tmp}/audit-{run}.sqlite"
            started = time.perf_counter()
            r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "prescreen", str(plans), "--round", "1",
                                "-o", str(report), "--database", database], cwd=ROOT, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if r.returncode not in (0, 2):
                sys.exit(f"sto prescreen failed ({r.returncode}):\n{r.stderr}")
            times.append(seconds)
            print(f"run {run + 1}: {seconds:.1f} s (exit {r.returncode})", flush=True)
    median = statistics.median(times)
    print(f"{args.plans} plans, {os.cpu_count()} cores: median {median:.1f} s, {median / args.plans * 1000:.0f} ms a plan")


if __name__ == "__main__":
    main()
