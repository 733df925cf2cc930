"""Assessment.timings: the per-step seconds benchmarks/assess.py reports (where a plan's time goes)."""
from __future__ import annotations

import time

from engine.assess import default_assessor
from engine.plan import load_plan

STEPS = {"prepare", "engine", "findings", "verdict", "seal"}


def test_each_step_is_timed_once_and_the_steps_fit_inside_the_call():
    assessor = default_assessor()
    loaded = load_plan("examples/plans/noord-veluwe-compleet.yaml")
    assessor.assess(loaded)  # compiled on first use: not part of what is measured below
    t0 = time.perf_counter()
    timings = assessor.assess(loaded).timings
    wall = time.perf_counter() - t0
    assert set(timings) == STEPS
    assert all(v > 0 for v in timings.values())
    # consecutive, not overlapping or cumulative: together no longer than the call itself
    assert sum(timings.values()) <= wall
