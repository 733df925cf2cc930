"""How long `sto` takes to start, against the time to import the libraries it cannot do without.

    python benchmarks/startup.py                  # 15 rounds
    python benchmarks/startup.py --rounds 30
    python benchmarks/startup.py --before 4f430e3  # and an earlier revision's `sto`, in the same rounds

Each round runs, one after the other and each as a fresh process: the baseline
`python -c 'import pydantic, yaml, durable.lang, jinja2'`; the floor, what any `sto assess` has to
load besides (FLOOR: `import pydantic` alone loads almost nothing, the first model loads pydantic's
model machinery and, through its plugin loader, importlib.metadata; Babel's number and date data
for Dutch and English, as every verdict shows each value in both); `sto --help`, `sto assess PLAN` with the
cache (engine/cache.py: the rulebook library, the catalogues' texts) warm, and `sto assess PLAN`
with the cache off (STO_RULEBOOK_CACHE=off: every rulebook read, resolved and checked, the
catalogues read with Babel); with --before REV also
`--help` and `assess PLAN` of that revision (exported with `git archive` into a temporary folder).
`sto` is run as `python cli.py` of the checkout, the same way for both revisions. Running them side by side
in every round is what makes the ratios fair on a machine whose speed drifts. Prints the median
wall time of each and its ratio to the baseline's median. Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "plans" / "noord-veluwe-compleet.yaml"


# The libraries `sto assess` cannot do without, used as it uses them: one strict, constrained
# pydantic model (the plan is read into such models) and Babel's locale data for both languages.
FLOOR = """
import pydantic, yaml, durable.lang, jinja2
from typing import Annotated
from pydantic import BaseModel, ConfigDict, Field
class Floor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Annotated[str, Field(strict=True, max_length=9)]
from babel import Locale
from babel.numbers import format_currency
for name in ("nl_NL", "en_GB"):
    format_currency(1, "EUR", locale=Locale.parse(name))
"""


def sto(root: Path = ROOT) -> list[str]:
    return [sys.executable, str(root / "cli.py")]


def export(rev: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="sto-startup-before-"))
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--before", metavar="REV", help="also time this revision's `sto` (a commit, a branch)")
    args = ap.parse_args()
    cache = tempfile.mkdtemp(prefix="sto-startup-cache-")
    # An installed `sto` has its bytecode (pip compiles it); without it, every run compiles the
    # engine's modules from source again, ~0.1 s that no user waits for.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    warm = {**env, "STO_RULEBOOK_CACHE": cache}
    cold = {**env, "STO_RULEBOOK_CACHE": "off"}
    cases = {
        "baseline (import pydantic, yaml, durable.lang, jinja2)":
            ([sys.executable, "-c", "import pydantic, yaml, durable.lang, jinja2"], warm),
        "floor (pydantic models, Babel nl+en)": ([sys.executable, "-c", FLOOR], warm),
        "sto --help": ([*sto(), "--help"], warm),
        "sto assess PLAN (cache warm)": ([*sto(), "assess", str(PLAN)], warm),
        "sto assess PLAN (cache off)": ([*sto(), "assess", str(PLAN)], cold),
    }
    before = export(args.before) if args.before else None
    if before:
        cases[f"{args.before}: sto --help"] = ([*sto(before), "--help"], warm)
        cases[f"{args.before}: sto assess PLAN"] = ([*sto(before), "assess", str(PLAN)], warm)
    try:
        for argv, case_env in cases.values():  # once each first: cache and bytecode written, files in memory
            timed(argv, case_env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, (argv, case_env) in cases.items():
                times[name].append(timed(argv, case_env))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if before:
            shutil.rmtree(before, ignore_errors=True)
    base = statistics.median(next(iter(times.values())))
    print(f"{args.rounds} rounds, {os.cpu_count()} cores, Python {sys.version.split()[0]}; median wall time:")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {median * 1000:6.0f} ms  {median / base:4.1f}x  {name}")


if __name__ == "__main__":
    main()
