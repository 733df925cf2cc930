"""The API speaks its own contract.

- /v1/openapi.json declares what the API does: the bearer scheme, the one error body for every
  error status an operation can answer, the success bodies, the letter's media types and the plan's
  JSON Schema as request body; /docs shows it with Swagger UI served from this server (no CDN).
- The behaviour matches docs/api.md: 415 for bodies that are not YAML, JSON or a multipart form
  (curl's url-encoded default included, with the fix in the message), errors located where the value
  was sent, HEAD wherever GET is.
- A property-based run of every operation from the served document (schemathesis), for each role
  (committee, auditor, a region): no answer is a 5xx, and every answer has a declared status, media
  type and body schema. Bounded: a fixed number of examples per operation and role, no shrinking,
  no example database. Generated requests alone would nearly always miss (random ids are 404, random
  rulebook versions 422), so half of the draws put in known values: stored assessments, their rules,
  real rulebook versions, the example plans. The run so reaches the real answers (records, traces,
  letters, diffs, impact runs) as well as the errors.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import schemathesis
import yaml
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from engine.plan import plan_json_schema
from engine.service.app import create_app
from engine.service.auth import TokenEntry, TokenRegistry, hash_token
from engine.service.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "plans").glob("*.yaml"))
OWN = "Techniekregio IJsselvliet"  # examples/plans/cofinanciering-net-onder-10.yaml
TOKENS = {"committee": "tok-contract-commissie", "auditor": "tok-contract-auditor",
          f"region:{OWN}": "tok-contract-ijsselvliet"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# per operation and role; STO_CONTRACT_EXAMPLES=200 for a deeper run by hand (a few minutes)
EXAMPLES_PER_CASE = int(os.environ.get("STO_CONTRACT_EXAMPLES", "12"))


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


@pytest.fixture(scope="module")
def client(contract_app):
    with TestClient(contract_app) as c:
        yield c


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/v1/openapi.json").json()


def error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["status"] == status and body["code"] == code
    return body


def paths_of(body: dict) -> list[str]:
    return [p["path"] for p in body.get("problems", [])]


def each_operation(spec: dict):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            yield f"{method.upper()} {path}", op


def ref(content: dict, media: str = "application/json") -> str:
    return content[media]["schema"]["$ref"].rsplit("/", 1)[-1]


# ---------------------------------------------------------------- the OpenAPI document


def test_every_operation_but_health_declares_the_bearer_scheme(spec):
    scheme = spec["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"  # what Swagger's "Authorize" offers
    for name, op in each_operation(spec):
        expected = None if name.endswith("/health") else [{"bearer": []}]
        assert op.get("security") == expected, name


def test_the_document_states_which_idempotency_keys_the_server_takes(spec, client):
    """A client (or a generator of requests) reads the key's rule from the document; the server takes
    exactly the keys the declared pattern matches."""
    params = {p["name"]: p for p in spec["paths"]["/v1/assessments"]["post"]["parameters"]}
    pattern = re.compile(params["Idempotency-Key"]["schema"]["pattern"])
    for key in ["k", "x" * 200, "x" * 201, "", "a b", "sleutel-é", "3f2b0c1e-9a4d-4e2b-8f51-0c7d2a9e6b10", "~!"]:
        # an empty body: refused at /body after the key was taken, at the header if it was not
        r = client.post("/v1/assessments", content=b"", headers={**bearer("committee"), "Content-Type": "application/yaml",
                                                                  "Idempotency-Key": key.encode()})
        refused_key = r.status_code == 422 and paths_of(r.json()["error"]) == ["/header/Idempotency-Key"]
        assert refused_key != bool(pattern.search(key)), (key, r.text)


# the error statuses each operation can answer (docs/api.md); all with the one error body
ERRORS = {
    "POST /v1/assessments": {400, 401, 403, 408, 409, 413, 415, 422, 500, 503, 504},
    "GET /v1/assessments": {401, 422, 500},
    "GET /v1/assessments/{assessment_id}": {401, 404, 422, 500},
    "GET /v1/assessments/{assessment_id}/plan": {401, 404, 422, 500},
    "GET /v1/assessments/{assessment_id}/trace": {401, 404, 422, 500, 503, 504},
    "GET /v1/assessments/{assessment_id}/letter": {401, 404, 409, 422, 500, 503, 504},
    "GET /v1/rulebooks": {401, 500},
    "GET /v1/rulebooks/diff": {401, 404, 422, 500},
    "GET /v1/rulebooks/{rulebook_id}/{version}": {401, 404, 422, 500},
    "POST /v1/impact": {400, 401, 404, 408, 413, 415, 422, 500, 503, 504},
    "GET /v1/health": {500},
    "GET /health": {500},
}


def test_error_answers_are_declared_with_the_real_error_body(spec):
    assert "HTTPValidationError" not in json.dumps(spec)  # FastAPI's default, which the API never sends
    assert ERRORS.keys() <= dict(each_operation(spec)).keys()
    for name, op in each_operation(spec):
        declared = {int(s) for s in op["responses"] if int(s) >= 400 and not (name.endswith("/health") and s == "503")}
        # an endpoint added later declares its errors too (engine/service/openapi.py: errors(...))
        assert declared == ERRORS[name] if name in ERRORS else ({401, 500} <= declared or not op.get("security")), name
        for status in declared:
            assert ref(op["responses"][str(status)]["content"]) == "ErrorBody", (name, status)
    detail = spec["components"]["schemas"]["ErrorDetail"]
    assert set(detail["required"]) == {"status", "code", "message"} and "problems" in detail["properties"]
    assert spec["components"]["schemas"]["ErrorBody"]["required"] == ["error"]


def test_successes_declare_their_bodies_and_the_letter_its_media_types(spec):
    ops = dict(each_operation(spec))
    success = {"POST /v1/assessments": ("201", "AssessmentRecord"), "GET /v1/assessments": ("200", "AssessmentList"),
               "GET /v1/assessments/{assessment_id}": ("200", "AssessmentRecord"),
               "GET /v1/assessments/{assessment_id}/trace": ("200", "Trace"),
               "GET /v1/rulebooks": ("200", "RulebookList"), "GET /v1/rulebooks/diff": ("200", "RulebookDiff"),
               "GET /v1/rulebooks/{rulebook_id}/{version}": ("200", "Rulebook"), "POST /v1/impact": ("200", "Impact"),
               "GET /v1/health": ("200", "Health")}
    for name, (status, model) in success.items():
        assert ref(ops[name]["responses"][status]["content"]) == model, name
    record = spec["components"]["schemas"]["AssessmentRecord"]["properties"]
    assert record["verdict"]["$ref"].endswith("/Verdict")  # the published verdict schema (sto schema verdict)
    letter = ops["GET /v1/assessments/{assessment_id}/letter"]["responses"]["200"]["content"]
    assert set(letter) == {"text/html", "application/pdf", "text/markdown"}
    plan = ops["GET /v1/assessments/{assessment_id}/plan"]["responses"]["200"]["content"]
    assert set(plan) == {"application/yaml", "application/json"}


def test_the_plan_body_is_the_plans_json_schema(spec):
    body = spec["paths"]["/v1/assessments"]["post"]["requestBody"]["content"]
    assert ref(body, "application/yaml") == ref(body, "application/json") == "Plan"
    assert set(body["multipart/form-data"]["schema"]["properties"]) == {"file", "plan", "mode", "rulebook", "as_of"}
    published = plan_json_schema()
    components = spec["components"]["schemas"]
    assert components["Plan"]["properties"].keys() == published["properties"].keys()
    assert components["Plan"]["required"] == published["required"]
    for name in published["$defs"]:
        assert components[f"Plan{name}"].get("properties", {}).keys() == published["$defs"][name].get(
            "properties", {}).keys(), name
    assert "#/$defs/" not in json.dumps(components)  # every reference resolves inside the document


# ---------------------------------------------------------------- /docs without a network


def test_docs_load_swagger_ui_from_this_server_only(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert not re.search(r"(https?:)?//[a-z]", html, re.I), "an asset from another host: blank page offline"
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    kinds = {}
    for url in assets:
        assert url.startswith("/"), url
        r = client.get(url)
        assert r.status_code == 200 and r.content, url
        kinds[url.rsplit(".", 1)[-1]] = r.headers["content-type"]
    assert "javascript" in kinds["js"] and kinds["css"].startswith("text/css") and kinds["png"] == "image/png"
    assert "url: '/v1/openapi.json'" in html


def test_openapi_json_at_the_root_leads_to_the_versioned_document(client, spec):
    r = client.get("/openapi.json", follow_redirects=False)
    assert r.status_code in (301, 307, 308) and r.headers["location"] == "/v1/openapi.json"
    assert client.get("/openapi.json").json() == spec


# ---------------------------------------------------------------- what the contract says is what it does


PLAN = (ROOT / "examples" / "plans" / "cofinanciering-net-onder-10.yaml").read_bytes()


def test_text_plain_is_415_as_documented_and_nothing_is_stored(client, app_store):
    before = app_store.count()
    body = error(client.post("/v1/assessments", content=PLAN, headers={**bearer("committee"),
                                                                       "Content-Type": "text/plain"}),
                 415, "unsupported_media_type")
    assert "Content-Type: application/yaml" in body["message"]["nl"]
    assert "Content-Type: application/yaml" in body["message"]["en"]
    assert app_store.count() == before


def test_curls_default_form_encoding_is_415_saying_which_header_to_set(client, app_store):
    """`curl --data-binary @plan.yaml URL` sends application/x-www-form-urlencoded; read as a form, the
    plan would be an empty form: "no plan sent", which hides the cause."""
    before = app_store.count()
    body = error(client.post("/v1/assessments", content=PLAN, headers={
        **bearer("committee"), "Content-Type": "application/x-www-form-urlencoded"}), 415, "unsupported_media_type")
    for lang in ("nl", "en"):
        assert "--data-binary" in body["message"][lang]
        assert "-H 'Content-Type: application/yaml'" in body["message"][lang]
    assert app_store.count() == before


@pytest.mark.parametrize("params, form, path", [({"as_of": "gisteren"}, {}, "/query/as_of"),
                                                ({}, {"as_of": "gisteren"}, "/form/as_of"),
                                                ({"rulebook": "geen versie"}, {}, "/query/rulebook"),
                                                ({}, {"mode": "bindend"}, "/form/mode")])
def test_a_form_submissions_errors_name_where_the_value_was_sent(client, params, form, path):
    r = client.post("/v1/assessments", params=params, data=form, headers=bearer("committee"),
                    files={"file": ("plan.yaml", PLAN, "application/yaml")})
    assert paths_of(error(r, 422, "invalid_request")) == [path]


@pytest.mark.parametrize("path", ["/", "/inloggen", "/v1/health", "/docs", "/v1/openapi.json"])
def test_head_answers_like_get_without_a_body(client, path):
    get = client.get(path, follow_redirects=False)
    head = client.head(path, follow_redirects=False)
    assert head.status_code == get.status_code != 405
    assert head.content == b"" and head.headers.get("content-type") == get.headers.get("content-type")


# ---------------------------------------------------------------- 4xx, not 500 (inputs that once gave 500, and the run below)


@pytest.mark.parametrize("query, path", [({"from": "", "to": ""}, "/query/from"),
                                         ({"from": "sto-2020-2023@2018-09-13", "to": ""}, "/query/to"),
                                         ({"to": ""}, "/query/from"),
                                         ({"from": " ", "to": "sto-2020-2023@2018-09-13"}, "/query/from")])
def test_rulebook_diff_with_an_empty_version_is_422_at_that_parameter(client, query, path):
    r = client.get("/v1/rulebooks/diff", params=query, headers=bearer("auditor"))
    assert path in paths_of(error(r, 422, "invalid_request"))


@pytest.mark.parametrize("side", ["from", "to"])
def test_impact_with_an_empty_version_is_422_at_that_field(client, side):
    body = {"from": "sto-2020-2023@2018-09-13", "to": "sto-2020-2023@2022-07-07",
            "plans": [{"source": "p.yaml", "content": PLAN.decode()}], side: ""}
    r = client.post("/v1/impact", json=body, headers=bearer("committee"))
    assert paths_of(error(r, 422, "invalid_request")) == [f"/body/{side}"]


def test_a_listing_offset_beyond_what_a_store_takes_is_422(client):
    assert client.get("/v1/assessments", params={"offset": 2**63 - 1}, headers=bearer("auditor")).json()["items"] == []
    for offset in (2**63, 2**64, 10**30):
        r = client.get("/v1/assessments", params={"offset": offset}, headers=bearer("auditor"))
        assert paths_of(error(r, 422, "invalid_request")) == ["/query/offset"]


def test_refused_parameters_are_located_and_dutch_first(client):
    """FastAPI's own checks (types, bounds, choices, JSON syntax) answer in our error body, Dutch first:
    not the English of the validation library inside the Dutch message."""
    cases = [(client.get("/v1/assessments", params={"offset": 2**64, "limit": "veel"}, headers=bearer("auditor")),
              {"/query/offset", "/query/limit"}),
             (client.get("/v1/assessments/x/letter", params={"format": "docx"}, headers=bearer("auditor")),
              {"/query/format"}),
             (client.post("/v1/impact", json={"from": 1}, headers=bearer("auditor")), {"/body/from", "/body/to"}),
             (client.post("/v1/impact", content=b"{from", headers={**bearer("auditor"),
                                                                  "Content-Type": "application/json"}), {"/body"})]
    for r, paths in cases:
        body = error(r, 422, "invalid_request")
        assert set(paths_of(body)) == paths
        for problem in body["problems"]:
            nl, en = problem["message"]["nl"], problem["message"]["en"]
            assert nl.startswith(problem["path"]) and en.startswith(problem["path"])
            assert "Engels" not in nl and en.split(": ", 1)[1] not in nl, nl  # a Dutch sentence, not the English


# ---------------------------------------------------------------- the property-based run


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
