"""`sto impact` on the worker pool: the same results, in the same order, as in one process; a plan
that stops its worker is that plan's error, not the run's."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

import cli
from engine.assess import Assessor
from engine.diff import impact, impact_in_pool
from engine.service.workers import WorkerPool
from tests.plans import good_plan
from tests.synthetic import generate_plans

ROOT = Path(__file__).resolve().parents[1]
A, B = "sto-2020-2023@2018-09-13", "sto-2020-2023@2022-07-07"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Synthetic plans (some with defects), the examples, an unreadable file and a 2025-2028 plan."""
    d = tmp_path_factory.mktemp("impact")
    for i, plan in enumerate(generate_plans(40, seed=3, defect_rate=0.3)):
        (d / f"plan-{i:03d}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    for f in (ROOT / "examples" / "plans").glob("*.yaml"):
        (d / f.name).write_bytes(f.read_bytes())
    (d / "kapot.yaml").write_text("region: [", encoding="utf-8")
    later = good_plan()
    later["submission"]["regulation"] = "sto-2025-2028"
    (d / "andere-regeling.json").write_text(json.dumps(later, default=str), encoding="utf-8")
    return d


def test_the_pool_gives_what_one_process_gives(folder):
    files = sorted(folder.iterdir())
    alone = impact(Assessor(), A, B, files)
    assert any(r.changed for r in alone) and any(r.error for r in alone)
    done = []
    with WorkerPool(2) as pool:
        spread = impact_in_pool(pool, A, B, files, chunk=3, on_done=done.append)
    assert spread == alone
    assert sum(done) == len(files)


def test_the_command_prints_the_same_report_with_and_without_workers(folder, capsys):
    reports = []
    for workers in ("1", "2"):
        assert cli.main(["impact", A, B, str(folder), "--format", "json", "--workers", workers]) == 0
        reports.append(capsys.readouterr().out)
    assert reports[0] == reports[1]
    assert json.loads(reports[0])["summary"]["plans"] == len(list(folder.iterdir()))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_plan_that_stops_its_worker_is_that_plans_error(folder, tmp_path):
    """A named pipe with no writer blocks the worker that opens it until the pool's time limit
    stops it: the plans that shared its job are assessed again, each alone."""
    stuck = tmp_path / "blijft-hangen.yaml"
    os.mkfifo(stuck)
    files = sorted(folder.iterdir())[:5] + [stuck]
    with WorkerPool(2, job_timeout=2.0) as pool:
        results = impact_in_pool(pool, A, B, files, chunk=3)
    assert [r.file for r in results] == [str(f) for f in files]
    assert results[:5] == impact(Assessor(), A, B, files[:5])
    assert results[5].error and "werkproces" in results[5].error and results[5].error.startswith(str(stuck))


def test_workers_below_one_are_refused(folder, capsys):
    assert cli.main(["impact", A, B, str(folder), "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_an_unknown_version_is_refused_and_the_started_workers_stop(folder, capsys):
    import multiprocessing

    before = {p.pid for p in multiprocessing.active_children()}
    assert cli.main(["impact", "sto-2020-2023@1999-01-01", B, str(folder), "--workers", "2"]) == 2
    assert "sto-2020-2023@1999-01-01" in capsys.readouterr().err
    assert {p.pid for p in multiprocessing.active_children()} <= before
