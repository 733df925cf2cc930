"""settle_heap: a ready process's startup objects leave the collector's sight, and assessing
afterwards still works and frees what each plan made."""
from __future__ import annotations

import gc

from engine.assess import default_assessor, settle_heap
from engine.plan import load_plan


def test_settle_heap_freezes_what_is_alive_and_assessing_goes_on():
    assessor = default_assessor()
    loaded = load_plan("examples/plans/noord-veluwe-compleet.yaml")
    first = assessor.assess(loaded).verdict.to_json()["receipt"]["verdict_sha256"]
    try:
        settle_heap()
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # modules, rulebooks, compiled rulesets: thousands of objects
        tracked_before = len(gc.get_objects())
        for _ in range(20):
            assert assessor.assess(loaded).verdict.to_json()["receipt"]["verdict_sha256"] == first
        gc.collect()
        # what the 20 assessments made was collected as usual, not frozen with the startup state
        assert gc.get_freeze_count() == frozen
        assert len(gc.get_objects()) < tracked_before + 500
    finally:
        gc.unfreeze()  # leave the test process as it was
