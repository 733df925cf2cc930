"""The API keeps its own contract: a property-based run of every operation in /v1/openapi.json
(schemathesis), for each role (committee, auditor, a region): no answer is a 5xx, and every answer
has a declared status, media type and body schema. Bounded: a fixed number of examples per
operation and role, no shrinking, no example database.

Generated requests alone would nearly always miss (random ids are 404, random rulebook versions
422), so half of the draws put in known values: stored assessments, their rules, real rulebook
versions, the example plans. The run then reaches the real answers (records, traces, letters in
all formats, diffs, impact runs) as well as the errors.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra: pip install -e '.[test]'")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402
from schemathesis.python.asgi import shutdown_lifespans  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from engine.service.app import create_app  # noqa: E402
from engine.service.auth import TokenEntry, TokenRegistry, hash_token  # noqa: E402
from engine.service.settings import ServiceSettings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "plans").glob("*.yaml"))
OWN = "Techniekregio IJsselvliet"  # examples/plans/cofinanciering-net-onder-10.yaml
TOKENS = {"committee": "tok-contract-commissie", "auditor": "tok-contract-auditor",
          f"region:{OWN}": "tok-contract-ijsselvliet"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_CASE = 12  # per operation and role, half positive, half negative data


def bearer(role: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[role]}"}


def operations() -> list[str]:
    """The operations of the served document, read without starting the app."""
    spec = create_app(ServiceSettings.from_env({}, workers=1)).openapi()
    return [f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item]


@pytest.fixture(scope="module")
def contract_app(app_store, app_pool):
    registry = TokenRegistry([TokenEntry(role.replace(":", "-").replace(" ", "_"), role, hash_token(tok))
                              for role, tok in TOKENS.items()])
    app = create_app(ServiceSettings.from_env({}, workers=1), pool=app_pool, store=app_store, tokens=registry)
    yield app
    shutdown_lifespans()  # schemathesis keeps an app it started running until told


@pytest.fixture(scope="module")
def known(contract_app) -> dict:
    """Values that exist: an assessment of each kind and region, its rules, every rulebook version."""
    plans = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLES}
    with TestClient(contract_app) as client:
        ids = []
        for name, role, mode in (("cofinanciering-net-onder-10.yaml", f"region:{OWN}", "self-check"),
                                 ("cofinanciering-net-onder-10.yaml", "committee", "pre-screen"),
                                 ("noord-veluwe-compleet.yaml", "committee", "self-check")):
            r = client.post("/v1/assessments", content=plans[name].encode(), params={"mode": mode},
                            headers={**bearer(role), "Content-Type": "application/yaml"})
            assert r.status_code == 201, r.text
            ids.append(r.json()["id"])
        rules = sorted({f["rule_id"] for f in r.json()["verdict"]["findings"]})
        refs = [b["ref"] for b in client.get("/v1/rulebooks", headers=bearer("auditor")).json()["rulebooks"]]
    return {"ids": ids, "rules": rules, "refs": refs, "plans": plans,
            # as data, the way a client builds a JSON body (dates as text)
            "plan_data": {name: json.loads(json.dumps(yaml.safe_load(text), default=str)) for name, text in plans.items()}}


@pytest.fixture(scope="module")
def api_schema(contract_app, known):
    return schemathesis.openapi.from_asgi("/v1/openapi.json", contract_app)


def put_in_known_values(case, data, known: dict) -> None:
    """Half of the time, replace a generated value by one that exists."""
    def maybe(values: list):
        return data.draw(st.one_of(st.none(), st.sampled_from(values)))

    path = case.path_parameters or {}
    if "assessment_id" in path and (aid := maybe(known["ids"])):
        path["assessment_id"] = aid
    if "rulebook_id" in path and (ref := maybe(known["refs"])):
        path["rulebook_id"], path["version"] = ref.split("@")
    query = dict(case.query or {})
    label = case.operation.label
    names = {"GET /v1/rulebooks/diff": ("from", "to"), "POST /v1/assessments": ("rulebook",)}.get(label, ())
    for name in names:
        if ref := maybe(known["refs"]):
            query[name] = ref
    if label.endswith("/trace") and (rule := maybe(known["rules"])):
        query["rule"] = rule
    if query:
        case.query = query
    if label == "POST /v1/assessments" and (name := maybe(sorted(known["plans"]))):
        case.body = known["plan_data"][name]
        case.media_type = data.draw(st.sampled_from(["application/yaml", "application/json"]))
    if label == "POST /v1/impact" and (name := maybe(sorted(known["plans"]))):
        case.body = {"from": data.draw(st.sampled_from(known["refs"])), "to": data.draw(st.sampled_from(known["refs"])),
                     "plans": [{"source": name, "content": known["plans"][name]}],
                     "assessment_ids": data.draw(st.lists(st.sampled_from(known["ids"]), max_size=2))}
        case.media_type = "application/json"


@pytest.mark.parametrize("role", list(TOKENS))
@pytest.mark.parametrize("operation", operations())
def test_every_answer_keeps_the_contract(api_schema, known, operation, role):
    method, path = operation.split(" ", 1)
    op = api_schema[path][method]
    cases = op.as_strategy(GenerationMode.POSITIVE) | op.as_strategy(GenerationMode.NEGATIVE)

    @given(case=cases, data=st.data())
    @settings(max_examples=EXAMPLES_PER_CASE, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def answer_keeps_the_contract(case, data):
        put_in_known_values(case, data, known)
        case.call_and_validate(headers=bearer(role), checks=CHECKS)

    answer_keeps_the_contract()
