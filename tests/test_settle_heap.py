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


def test_a_command_start_pauses_the_collector_and_freezes_what_it_made_once():
    from engine.cli_helpers import starting

    gc.unfreeze()  # as a fresh process: an in-process `sto` test before this one froze its start
    try:
        with starting():
            assert not gc.isenabled()
            made = [[n] for n in range(10_000)]  # objects a start makes and keeps
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        assert frozen >= len(made)
        with starting():  # a second command in the same process: paused, but nothing more frozen
            assert not gc.isenabled()
            more = [[n] for n in range(10_000)]
        assert gc.isenabled() and gc.get_freeze_count() == frozen and more
    finally:
        gc.unfreeze()


def test_a_command_start_leaves_a_collector_that_was_off_off():
    from engine.cli_helpers import starting

    gc.disable()
    try:
        with starting():
            pass
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
