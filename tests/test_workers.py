"""The evaluation worker pool: a worker that dies mid-job costs that job a clear error, never the
pool; the pool replaces the worker and the next jobs succeed. Also through the HTTP API: the
request gets a 500-class JSON error in Dutch and English and the server keeps serving."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from engine.assess import Assessor
from engine.errors import StoError
from engine.plan import load_plan_text
from engine.service.settings import ServiceSettings
from engine.service.workers import JobFailed, PoolClosed, WorkerCrashed, WorkerPool, WorkerTimeout

ROOT = Path(__file__).resolve().parents[1]
FAILING = (ROOT / "examples" / "plans" / "cofinanciering-net-onder-10.yaml").read_bytes()


def assess_job(raw: bytes = FAILING, source: str = "plan.yaml") -> dict:
    return {"plan_bytes": raw, "source": source}


def wait_until(predicate, seconds: float = 60.0, step: float = 0.002) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(2) as p:
        yield p


@pytest.fixture(scope="module")
def verdict(pool):
    return pool.call("assess", assess_job())


def test_worker_verdict_equals_in_process_verdict(verdict):
    local = Assessor().assess(load_plan_text(FAILING, "plan.yaml")).verdict.to_json()
    assert verdict["outcome"] == local["outcome"] == "negative_advice"
    assert [(f["rule_id"], f["status"]) for f in verdict["findings"]] == \
           [(f["rule_id"], f["status"]) for f in local["findings"]]
    assert verdict["receipt"]["verdict_sha256"] == local["receipt"]["verdict_sha256"]


def test_input_error_comes_back_located_and_the_worker_lives_on(pool):
    pids = pool.pids()
    with pytest.raises(JobFailed) as info:
        pool.call("assess", assess_job(b"region:\n  name: X\n  kind: [\n", "kapot.yaml"))
    assert info.value.category == "input_error"
    problem = info.value.detail["problems"][0]
    assert problem["line"] >= 3 and "YAML" in problem["message"]
    assert pool.pids() == pids  # a bad plan is an answer, not a crash


def test_unknown_rulebook_version_is_a_user_error(pool):
    with pytest.raises(JobFailed) as info:
        pool.call("assess", {**assess_job(), "rulebook": "sto-2020-2023@1999-01-01"})
    assert info.value.category == "user_error" and info.value.detail["type"] == "VersionSelectionError"


def test_worker_killed_mid_job_fails_only_that_job_and_is_replaced(pool, verdict):
    before = pool.status()
    # a PDF letter keeps a worker busy long enough to kill it while it works
    doomed = pool.submit("letter", {"verdict": verdict, "kind": "zelfcheck", "format": "pdf"})
    assert wait_until(lambda: "letter" in pool.busy().values()), "the letter job never started"
    victim = next(pid for pid, kind in pool.busy().items() if kind == "letter")
    os.kill(victim, signal.SIGKILL)
    with pytest.raises(WorkerCrashed) as info:
        doomed.result(timeout=60)
    assert info.value.pid == victim and info.value.exitcode == -signal.SIGKILL
    assert "SIGKILL" in str(info.value)
    # the next jobs succeed, and the pool is back at full strength with a new process
    results = [pool.submit("assess", assess_job()) for _ in range(6)]
    assert {f.result(timeout=60)["outcome"] for f in results} == {"negative_advice"}
    assert wait_until(lambda: pool.status()["replacements"] == before["replacements"] + 1)
    after = pool.status()
    assert after["crashes"] == before["crashes"] + 1
    assert after["alive"] == 2 and victim not in pool.pids()


def test_jobs_queued_behind_a_crash_are_not_lost(pool, verdict):
    doomed = pool.submit("letter", {"verdict": verdict, "kind": "zelfcheck", "format": "pdf"})
    queued = [pool.submit("assess", assess_job()) for _ in range(10)]
    assert wait_until(lambda: "letter" in pool.busy().values())
    os.kill(next(pid for pid, kind in pool.busy().items() if kind == "letter"), signal.SIGKILL)
    with pytest.raises(WorkerCrashed):
        doomed.result(timeout=60)
    # only the job on the killed worker failed; every job waiting behind it got its answer
    assert [f.result(timeout=60)["outcome"] for f in queued] == ["negative_advice"] * 10


def test_a_job_over_the_time_limit_is_stopped_and_the_worker_replaced(verdict):
    with WorkerPool(1, job_timeout=0.05) as slow:
        first_pid = slow.pids()[0]
        with pytest.raises(WorkerTimeout) as info:
            slow.call("letter", {"verdict": verdict, "kind": "zelfcheck", "format": "pdf"}, timeout=60)
        assert info.value.pid == first_pid
        assert wait_until(lambda: slow.status()["replacements"] == 1)
        assert slow.pids()[0] != first_pid
        assert slow.status()["timeouts"] == 1


def test_closed_pool_refuses_jobs():
    p = WorkerPool(1)
    with pytest.raises(PoolClosed):
        p.submit("assess", assess_job())  # not started
    with pytest.raises(ValueError):
        WorkerPool(0)


def test_settings_from_environment_and_clear_errors():
    s = ServiceSettings.from_env({"STO_WORKERS": "3", "STO_MAX_BODY_BYTES": "5000"}, workers=None)
    assert s.workers == 3 and s.max_body_bytes == 5000
    assert ServiceSettings.from_env({"STO_WORKERS": "3"}, workers=1).workers == 1
    with pytest.raises(StoError, match="STO_MAX_BODY_BYTES"):
        ServiceSettings.from_env({"STO_MAX_BODY_BYTES": "twee megabyte"})


# ---------------------------------------------------------------- through the HTTP API


def test_worker_dying_mid_request_gives_a_500_json_error_and_the_server_serves_on(tmp_path):
    from fastapi.testclient import TestClient

    from engine.service.app import create_app
    from engine.service.auth import TokenEntry, TokenRegistry, hash_token

    tokens = TokenRegistry([TokenEntry("commissie", "committee", hash_token("geheim-c"))])
    settings = ServiceSettings.from_env({}, workers=1, database_url=f"sqlite:///{tmp_path}/audit.sqlite")
    auth = {"Authorization": "Bearer geheim-c"}
    with TestClient(create_app(settings, tokens=tokens)) as client:
        pool = client.app.state.service.pool
        created = client.post("/v1/assessments", content=FAILING, headers={**auth, "Content-Type": "application/yaml"})
        assert created.status_code == 201
        letter_url = f"/v1/assessments/{created.json()['id']}/letter?format=pdf"
        answers = {}
        request = threading.Thread(target=lambda: answers.setdefault("r", client.get(letter_url, headers=auth)))
        request.start()
        assert wait_until(lambda: "letter" in pool.busy().values())
        victim = next(pid for pid, kind in pool.busy().items() if kind == "letter")
        os.kill(victim, signal.SIGKILL)
        request.join(60)
        r = answers["r"]
        assert r.status_code == 500 and r.headers["content-type"].startswith("application/json")
        error = r.json()["error"]
        assert error["code"] == "worker_crashed"
        assert "probeer het opnieuw" in error["message"]["nl"] and "retry" in error["message"]["en"]
        assert str(victim) in error["message"]["en"]
        # the server lives on: the next request is served by the replacement worker
        again = client.post("/v1/assessments", content=FAILING, headers={**auth, "Content-Type": "application/yaml"})
        assert again.status_code == 201 and again.json()["outcome"] == "negative_advice"
        health = client.get("/health").json()
        assert health["status"] == "ok" and health["workers"]["crashes"] == 1
        assert health["workers"]["replacements"] == 1 and health["workers"]["alive"] == 1
        assert victim not in pool.pids()


def test_a_worker_whose_server_is_gone_exits_quietly(capfd):
    """A server killed with SIGKILL (benchmarks/kill_retry.py) leaves its workers mid-job: the answer
    has nowhere to go. The worker just ends; a traceback in the log would read as a failure."""
    import multiprocessing

    from engine.service.workers import worker_main

    ctx = multiprocessing.get_context("spawn")
    server_end, worker_end = ctx.Pipe()
    worker = ctx.Process(target=worker_main, args=(worker_end, None))
    worker.start()
    worker_end.close()
    try:
        assert server_end.poll(120) and server_end.recv()[0] == "ready"
        server_end.send(("assess", assess_job()))
        server_end.close()  # the server dies before the answer
        worker.join(120)
        assert worker.exitcode == 0
        assert "Traceback" not in capfd.readouterr().err
    finally:
        if worker.is_alive():
            worker.kill()
