"""Throughput of two revisions, back to back: the fair comparison on a machine whose speed drifts.

    python benchmarks/compare.py 484f766 HEAD            # JSON, 3 rounds
    python benchmarks/compare.py 484f766 HEAD --format yaml --rounds 2

Each revision is checked out into a temporary git worktree; the rounds alternate between them,
each round a fresh process pinned to core 0 timing 600 generated plans three times. Prints the
median and best pass per process and the ratio of the medians. Asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Runs inside the checked-out revision; only APIs that every revision since the first benchmark has.
PROBE = r"""
import gc, json, sys, time
sys.path.insert(0, sys.argv[1])
import yaml
import engine.assess as EA
from engine.plan import load_plan_text
try:
    from tests.synthetic import generate_plans
except ImportError:  # revisions from before the generator moved out of the engine package
    from engine.plan.synthetic import generate_plans
fmt, n = sys.argv[2], int(sys.argv[3])
a = EA.Assessor(); book = a.library.books[0]
plans = list(generate_plans(n, seed=7))
docs = [json.dumps(p, ensure_ascii=False, default=str).encode() if fmt == "json"
        else yaml.safe_dump(p, allow_unicode=True, sort_keys=False).encode() for p in plans]
for i, d in enumerate(docs[:50]):
    a.assess(load_plan_text(d, f"w{i}.{fmt}"), rulebook=book.ref)
if hasattr(EA, "settle_heap"):
    EA.settle_heap()
rates = []
for _ in range(3):
    gc.collect()
    t = time.perf_counter()
    for i, d in enumerate(docs):
        a.assess(load_plan_text(d, f"b{i}.{fmt}"), rulebook=book.ref)
    rates.append(len(docs) / (time.perf_counter() - t))
print(json.dumps(rates))
"""


def run(root: Path, fmt: str, plans: int) -> list[float]:
    pin = ["taskset", "-c", "0"] if sys.platform.startswith("linux") and _has("taskset") else []
    out = subprocess.run([*pin, sys.executable, "-c", PROBE, str(root), fmt, str(plans)], cwd=root,
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _has(tool: str) -> bool:
    return any((Path(p) / tool).exists() for p in os.environ.get("PATH", "").split(os.pathsep))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--format", choices=("json", "yaml"), default="json")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--plans", type=int, default=600)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sto-compare-") as tmp:
        roots = {}
        for rev in (args.before, args.after):
            root = Path(tmp) / rev.replace("/", "_")
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(root), rev], check=True,
                           capture_output=True)
            roots[rev] = root
        try:
            medians: dict[str, list[float]] = {rev: [] for rev in roots}
            for r in range(args.rounds):
                for rev, root in roots.items():
                    rates = run(root, args.format, args.plans)
                    medians[rev].append(statistics.median(rates))
                    print(f"round {r + 1}  {rev:>12}  {args.format}  median {statistics.median(rates):6.0f} plans/s"
                          f"  best {max(rates):6.0f}  passes " + ", ".join(f"{x:.0f}" for x in rates), flush=True)
            before, after = (statistics.median(medians[rev]) for rev in (args.before, args.after))
            print(f"\n{args.after} / {args.before}: {after / before:.2f}x  ({before:.0f} -> {after:.0f} plans/s, "
                  f"medians over {args.rounds} rounds)")
        finally:
            for root in roots.values():
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(root)], capture_output=True)


if __name__ == "__main__":
    main()
