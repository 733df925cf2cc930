"""Idempotency-Key on POST /v1/assessments: a client that retries a request whose answer it never
got (the server died between commit and reply) gets the record stored the first time; nothing is
stored twice, and a key used for another request is refused."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.assess import default_assessor
from engine.plan import load_plan_text
from engine.service.app import ServiceSettings, create_app
from engine.service.auth import TokenEntry, TokenRegistry, hash_token
from engine.store import open_store
from engine.store.store import IdempotencyConflict

ROOT = Path(__file__).resolve().parents[1]
PLAN = (ROOT / "examples" / "plans" / "cofinanciering-net-onder-10.yaml").read_bytes()
OTHER_PLAN = (ROOT / "examples" / "plans" / "noord-veluwe-compleet.yaml").read_bytes()


@pytest.fixture(scope="module")
def client(app_store, app_pool):
    tokens = TokenRegistry([TokenEntry("commissie", "committee", hash_token("tok-c")),
                            TokenEntry("tweede", "committee", hash_token("tok-2"))])
    with TestClient(create_app(ServiceSettings.from_env({}, workers=1), store=app_store, pool=app_pool,
                               tokens=tokens)) as c:
        yield c


def _post(client, body: bytes, key: str | None, token: str = "tok-c", **params):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/yaml"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post("/v1/assessments", content=body, headers=headers, params=params)


def test_a_retry_gets_the_first_record_and_stores_nothing(client, app_store):
    first = _post(client, PLAN, "sleutel-1")
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    count = app_store.count()
    again = _post(client, PLAN, "sleutel-1")
    assert again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"] and again.headers["location"] == first.headers["location"]
    assert app_store.count() == count and app_store.verify().ok


def test_the_same_key_for_another_request_is_409_and_stores_nothing(client, app_store):
    assert _post(client, PLAN, "sleutel-2").status_code == 201
    count = app_store.count()
    for other in (_post(client, OTHER_PLAN, "sleutel-2"), _post(client, PLAN, "sleutel-2", mode="pre-screen")):
        assert other.status_code == 409
        assert other.json()["error"]["code"] == "idempotency_key_reused"
        assert other.json()["error"]["problems"][0]["path"] == "/header/Idempotency-Key"
    assert app_store.count() == count


def test_keys_belong_to_one_token_and_requests_without_a_key_are_stored_each_time(client, app_store):
    a = _post(client, PLAN, "gedeeld")
    b = _post(client, PLAN, "gedeeld", token="tok-2")
    assert a.status_code == b.status_code == 201 and a.json()["id"] != b.json()["id"]
    count = app_store.count()
    assert _post(client, PLAN, None).status_code == _post(client, PLAN, None).status_code == 201
    assert app_store.count() == count + 2


@pytest.mark.parametrize("key", ["", "met spatie", "x" * 201])
def test_a_malformed_key_is_422_at_the_header(client, key):
    r = _post(client, PLAN, key)
    assert r.status_code == 422 and r.json()["error"]["problems"][0]["path"] == "/header/Idempotency-Key"


def test_two_tries_racing_store_one_record(tmp_path):
    verdict = default_assessor().assess(load_plan_text(PLAN, "plan.yaml")).verdict
    with open_store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store:
        ids, errors = [], []

        def one():
            try:
                ids.append(store.record(plan_bytes=PLAN, plan_source="p.yaml", verdict=verdict, actor="c",
                                        role="committee", mode="pre-screen", idempotency=("k", "h")).id)
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=one) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and len(set(ids)) == 1 and store.count() == 1
        with pytest.raises(IdempotencyConflict):
            store.record(plan_bytes=PLAN, plan_source="p.yaml", verdict=verdict, actor="c", role="committee",
                         mode="pre-screen", idempotency=("k", "another request"))
        assert store.count() == 1 and store.verify().ok
