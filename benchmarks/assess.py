"""Benchmark of the assessment pipeline: throughput, latency, engine share, engine vs oracle, memory.

    python benchmarks/assess.py                 # 1,000 plans timed, 10,000 for memory
    python benchmarks/assess.py --plans 200 --memory-plans 2000   # quicker

Prints figures and ratios; asserts nothing. Run on one core (the pipeline is single-threaded;
`taskset -c 0` pins it). Targets from the issue: >= 500 plans/s end to end, engine step within
5x of the oracle on the same facts, RSS flat after warm-up.
"""
from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml  # noqa: E402

from engine.assess import Assessor, settle_heap  # noqa: E402
from engine.plan import load_plan_text  # noqa: E402
from engine.rules import ruleset_for  # noqa: E402
from tests.oracle import Oracle  # noqa: E402
from tests.synthetic import generate_plans  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def texts(n: int, seed: int, fmt: str = "yaml") -> list[bytes]:
    plans = generate_plans(n, seed=seed)
    if fmt == "json":
        return [json.dumps(p, ensure_ascii=False, default=str).encode() for p in plans]
    return [yaml.safe_dump(p, allow_unicode=True, sort_keys=False).encode() for p in plans]


def end_to_end(assessor, ref: str, docs: list[bytes], suffix: str, passes: int) -> dict:
    """`passes` runs over the same documents; latencies pooled, throughput per pass (the machine's
    speed drifts from second to second, so one pass alone can mislead by 20% either way)."""
    total, engine, parse, rates, steps = [], [], [], [], []
    for _ in range(passes):
        gc.collect()
        t_start = time.perf_counter()
        for i, d in enumerate(docs):
            t0 = time.perf_counter()
            lp = load_plan_text(d, f"bench-{i}.{suffix}")
            t1 = time.perf_counter()
            result = assessor.assess(lp, rulebook=ref)
            t2 = time.perf_counter()
            total.append(t2 - t0)
            parse.append(t1 - t0)
            engine.append(result.timings["engine"])
            steps.append(result.timings)
        rates.append(len(docs) / (time.perf_counter() - t_start))
    return {"rates": rates, "total": total, "parse": parse, "engine": engine, "steps": steps}


def report(title: str, r: dict) -> None:
    n, total, rates = len(r["total"]), r["total"], r["rates"]
    print(f"\n{title}")
    print(f"  throughput        {statistics.median(rates):8.0f} plans/s   (target >= 500; median of {len(rates)} passes: "
          + ", ".join(f"{x:.0f}" for x in rates) + ")")
    print(f"  latency p50       {pct(total, 50) * 1000:8.3f} ms")
    print(f"  latency p99       {pct(total, 99) * 1000:8.3f} ms")
    print(f"  parse+validate    {statistics.median(r['parse']) * 1000:8.3f} ms median "
          f"({sum(r['parse']) / sum(total):.0%} of time)")
    print(f"  engine step       {statistics.median(r['engine']) * 1000:8.3f} ms median "
          f"({sum(r['engine']) / sum(total):.0%} of time)")
    print(f"  everything else   {(sum(total) - sum(r['parse']) - sum(r['engine'])) / n * 1000:8.3f} ms mean "
          f"(facts, verdict, receipt)")


STEPS = (("parse", "parse + validate (text -> strict plan model)"),
         ("prepare", "facts with provenance (and version selection)"),
         ("engine", "durable-rules session (assert, drain, delete)"),
         ("findings", "findings: evidence, messages nl + en"),
         ("verdict", "outcome, family summaries, funding, receipt"),
         ("seal", "seal: canonical JSON + SHA-256"))


def breakdown(r: dict) -> dict[str, float]:
    """Median milliseconds per step over all plans of all passes."""
    out = {"parse": statistics.median(r["parse"]) * 1000}
    for key, _ in STEPS[1:]:
        out[key] = statistics.median(s[key] for s in r["steps"]) * 1000
    return out


def report_steps(title: str, steps: dict[str, float], budget_ms: float) -> None:
    total = sum(steps.values())
    print(f"\n{title}")
    for key, label in STEPS:
        print(f"  {label:50s} {steps[key]:6.3f} ms  {steps[key] / total:4.0%}")
    print(f"  {'sum of the medians':50s} {total:6.3f} ms  -> {1000 / total:.0f} plans/s; "
          f"the target needs <= {budget_ms:.1f} ms ({total / budget_ms:.1f}x less)")


def floor(assessor, book, docs: list[bytes]) -> dict[str, float]:
    """The steps the issue's design asks for, each alone and as lean as the libraries allow:
    pydantic-core parsing and validating the strict plan model in one call, the durable-rules
    session on the plan's facts, and sealing the finished verdict. No facts with provenance,
    findings or messages: what is left for those is the target's budget minus this floor."""
    from engine.plan.model import Plan
    from engine.verdict.build import canonical_sha256

    compiled = assessor.compiled(book)
    ruleset = ruleset_for(compiled)
    validator = Plan.__pydantic_validator__
    texts_ = [d.decode() for d in docs]
    done = [assessor.assess(load_plan_text(d, "x.json"), rulebook=book.ref) for d in docs]
    engine_inputs = [a.facts.engine_facts(compiled.item_types) for a in done]
    verdicts = [a.verdict.to_json() for a in done]

    def per_plan(run, items) -> float:
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for x in items:
                run(x)
            best = min(best, (time.perf_counter() - t0) / len(items))
        return best * 1000

    return {"validate": per_plan(validator.validate_json, texts_),
            "engine": per_plan(ruleset.evaluate, engine_inputs),
            "seal": per_plan(canonical_sha256, verdicts)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--memory-plans", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--passes", type=int, default=3, help="timed passes over the plans (default 3)")
    args = ap.parse_args()

    assessor = Assessor()
    book = assessor.library.books[0]
    print(f"rulebook {book.ref}: {len(book.rules)} rules -> {len(assessor.compiled(book).ruleset)} engine rules")
    docs = texts(args.plans, args.seed)
    loaded = [load_plan_text(d, f"bench-{i}") for i, d in enumerate(docs[:50])]
    for lp in loaded:  # warm-up: compile, caches
        assessor.assess(lp, rulebook=book.ref)
    settle_heap()  # as each service worker does once it is ready (see engine.assess.settle_heap)

    # ---- end to end: parse text -> verdict, for YAML and for JSON input
    facts_per_plan = statistics.median(
        len(assessor.assess(load_plan_text(d, "x"), rulebook=book.ref).facts.engine_facts(
            assessor.compiled(book).item_types)) for d in docs[:200])
    print(f"\n{len(docs)} generated plans, median {facts_per_plan:.0f} engine facts per plan, "
          f"median {statistics.median(len(d) for d in docs) / 1000:.1f} kB of YAML")
    report("end to end, YAML input (parse -> verdict)", end_to_end(assessor, book.ref, docs, "yaml", args.passes))
    json_docs = texts(args.plans, args.seed, "json")
    json_run = end_to_end(assessor, book.ref, json_docs, "json", args.passes)
    report("end to end, JSON input (parse -> verdict)", json_run)
    report_steps("where a JSON plan's time goes (median per step)", breakdown(json_run), 2.0)
    low = floor(assessor, book, json_docs[:300])
    low_total = sum(low.values())
    print("\nthe floor: only what the design cannot do without, each step alone (best of 3)")
    print(f"  {'strict plan model: pydantic-core parse + validate':50s} {low['validate']:6.3f} ms")
    print(f"  {'durable-rules session on the same facts':50s} {low['engine']:6.3f} ms")
    print(f"  {'seal of the finished verdict':50s} {low['seal']:6.3f} ms")
    print(f"  {'floor':50s} {low_total:6.3f} ms  -> at most {1000 / low_total:.0f} plans/s with facts, "
          f"findings and messages free; the 2 ms target leaves them {max(0.0, 2.0 - low_total):.2f} ms")
    n = len(docs)

    # ---- engine step vs oracle on the same facts, side by side
    compiled = assessor.compiled(book)
    ruleset = ruleset_for(compiled)
    oracle = Oracle(book)
    fact_sets = [assessor.assess(load_plan_text(d, "x"), rulebook=book.ref).facts for d in docs]
    engine_inputs = [fs.engine_facts(compiled.item_types) for fs in fact_sets]
    t0 = time.perf_counter()
    for facts in engine_inputs:
        ruleset.evaluate(facts)
    t_engine = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for fs in fact_sets:
        oracle.evaluate(fs)
    t_oracle = (time.perf_counter() - t0) / n
    print("\nengine step vs oracle, same facts")
    print(f"  durable-rules     {t_engine * 1000:8.3f} ms/plan")
    print(f"  python oracle     {t_oracle * 1000:8.3f} ms/plan")
    print(f"  ratio             {t_engine / t_oracle:8.1f} x   (target <= 5x; the study's prototype: 14x)")

    # ---- memory over many plans
    m = args.memory_plans
    pool = docs if len(docs) >= 200 else texts(200, args.seed + 1)
    gc.collect()
    before = rss_mb()
    marks = []
    for i in range(m):
        assessor.assess(load_plan_text(pool[i % len(pool)], f"mem-{i}"), rulebook=book.ref)
        if (i + 1) % max(1, m // 5) == 0:
            gc.collect()
            marks.append(rss_mb())
    after = rss_mb()
    print(f"\nmemory over {m} plans")
    print(f"  RSS before        {before:8.1f} MB")
    print("  RSS at each 1/5   " + " ".join(f"{x:.1f}" for x in marks))
    print(f"  RSS after         {after:8.1f} MB   (growth {after - before:+.1f} MB)")


if __name__ == "__main__":
    main()
