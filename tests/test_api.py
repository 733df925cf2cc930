"""The HTTP API under /v1 and the web pages: every endpoint, errors as JSON with field path and a
Dutch and English message, 413 before parsing, and who may do what (a region cannot read, list
or guess another region's assessments: 404, not 403; an auditor cannot write: 403; no or a bad
token: 401). One app with one worker pool for the whole module."""
from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from engine.errors import StoError
from engine.service.app import BodyLimit, create_app
from engine.service.auth import TokenEntry, TokenRegistry, add_token, hash_token, parse_env_tokens, read_token_file, remove_token
from engine.service.settings import ServiceSettings
from tests.plans import good_plan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "plans"
FAILING = (EXAMPLES / "cofinanciering-net-onder-10.yaml").read_bytes()  # Techniekregio IJsselvliet, FIN-04 fails
COMPLETE = (EXAMPLES / "noord-veluwe-compleet.yaml").read_bytes()      # Techniekregio Noord-Veluwe, positive
OWN, OTHER = "Techniekregio IJsselvliet", "Techniekregio Noord-Veluwe"
LIMIT = 200_000

TOKENS = {"committee": "tok-commissie", "auditor": "tok-auditor", f"region:{OWN}": "tok-ijsselvliet",
          f"region:{OTHER}": "tok-noord-veluwe"}


def auth(role: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[role]}"}


COMMITTEE, AUDITOR, REGION, OTHER_REGION = (auth("committee"), auth("auditor"), auth(f"region:{OWN}"),
                                            auth(f"region:{OTHER}"))
YAML = {"Content-Type": "application/yaml"}


@pytest.fixture(scope="module")
def client(app_store):
    registry = TokenRegistry([TokenEntry(role.replace(":", "-").replace(" ", "_"), role, hash_token(tok))
                              for role, tok in TOKENS.items()])
    settings = ServiceSettings.from_env({}, workers=2, max_body_bytes=LIMIT)
    with TestClient(create_app(settings, store=app_store, tokens=registry), headers={"Origin": "http://testserver"}) as c:
        yield c


def post_plan(client, raw: bytes, headers: dict, **params):
    return client.post("/v1/assessments", content=raw, headers={**headers, **YAML}, params=params)


@pytest.fixture(scope="module")
def own_check(client) -> dict:
    """A self-check by the region IJsselvliet of its own plan."""
    r = post_plan(client, FAILING, REGION, filename="ijsselvliet.yaml")
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture(scope="module")
def other_check(client) -> dict:
    """A self-check by the region Noord-Veluwe."""
    r = post_plan(client, COMPLETE, OTHER_REGION)
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture(scope="module")
def pre_screen(client) -> dict:
    r = post_plan(client, FAILING, COMMITTEE, mode="pre-screen", filename="ijsselvliet.yaml")
    assert r.status_code == 201, r.text
    return r.json()


def assert_error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    error = r.json()["error"]
    assert error["status"] == status and error["code"] == code
    assert error["message"]["nl"] and error["message"]["en"] and error["message"]["nl"] != error["message"]["en"]
    return error


# ---------------------------------------------------------------- health and authentication


def test_health_needs_no_token_and_reports_workers_and_store(client):
    for path in ("/health", "/v1/health"):
        body = client.get(path).json()
        assert body["status"] == "ok"
        assert body["workers"]["size"] == 2 and body["workers"]["alive"] == 2
        assert body["store"] == {"reachable": True, "dialect": "sqlite", "records": body["store"]["records"]}


@pytest.mark.parametrize("path", ["/v1/assessments", "/v1/rulebooks", f"/v1/assessments/{uuid.uuid4().hex}"])
def test_missing_token_is_401(client, path):
    r = client.get(path)
    assert_error(r, 401, "unauthenticated")
    assert r.headers["www-authenticate"] == "Bearer"


def test_invalid_token_is_401(client):
    assert_error(client.get("/v1/rulebooks", headers={"Authorization": "Bearer nep"}), 401, "invalid_token")
    assert_error(client.get("/v1/rulebooks", headers={"Authorization": "Basic dG9rLWNvbW1pc3NpZQ=="}), 401,
                 "unauthenticated")


# ---------------------------------------------------------------- submitting


def test_yaml_body_is_assessed_stored_and_readable(client, app_store, pre_screen):
    assert pre_screen["mode"] == "pre-screen" and pre_screen["outcome"] == "negative_advice"
    assert pre_screen["failing_rules"] == ["FIN-04"] and pre_screen["region"] == OWN
    assert pre_screen["plan_source"] == "ijsselvliet.yaml" and pre_screen["actor"] == "committee"
    stored = app_store.get(pre_screen["id"])
    assert stored.plan_bytes == FAILING and stored.verdict.to_json() == pre_screen["verdict"]
    again = client.get(pre_screen["links"]["self"], headers=AUDITOR).json()
    assert again["verdict"]["receipt"]["verdict_sha256"] == pre_screen["verdict"]["receipt"]["verdict_sha256"]
    assert again["record_hash"] == stored.record_hash


def test_location_header_and_plan_returned_exactly_as_submitted(client):
    r = post_plan(client, FAILING, COMMITTEE)
    assert r.status_code == 201 and r.headers["location"] == f"/v1/assessments/{r.json()['id']}"
    timing = dict(part.strip().split(";dur=") for part in r.headers["server-timing"].split(","))
    assert set(timing) == {"compute", "evaluate", "store"}
    assert 0 < float(timing["compute"]) <= float(timing["evaluate"])
    plan = client.get(r.json()["links"]["plan"], headers=AUDITOR)
    assert plan.content == FAILING and plan.headers["x-plan-sha256"] == r.json()["plan_sha256"]


def test_json_body_and_explicit_rulebook(client):
    data = json.loads(json.dumps(good_plan(), default=str))
    r = client.post("/v1/assessments", json=data, headers=COMMITTEE,
                    params={"rulebook": "sto-2020-2023@2018-09-13"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["plan_source"].endswith(".json") and body["rulebook"] == "sto-2020-2023@2018-09-13"
    assert body["verdict"]["receipt"]["selected_by"] == "explicit"


def test_multipart_upload_with_form_fields(client):
    r = client.post("/v1/assessments", headers=COMMITTEE,
                    files={"file": ("mijn plan.yaml", FAILING, "application/yaml")},
                    data={"mode": "pre-screen", "as_of": "2022-08-01"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["mode"] == "pre-screen" and body["plan_source"] == "mijn_plan.yaml"
    # in force on 1 Aug 2022: the 7.5% letter is about the final accounting, so the 9.99% plan still fails FIN-04
    assert body["rulebook"] == "sto-2020-2023@2022-07-07" and body["outcome"] == "negative_advice"


def test_invalid_plan_gives_422_with_field_paths_lines_and_both_languages(client, app_store):
    data = good_plan()
    del data["region"]["kind"]
    data["budget"]["cost_lines"][0]["amount"] = "veel"
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    before = app_store.count()
    error = assert_error(post_plan(client, raw, COMMITTEE), 422, "invalid_plan")
    by_path = {p["path"]: p for p in error["problems"]}
    missing = by_path["/region/kind"]
    assert missing["message"]["en"] == "required field 'kind' is missing"
    assert "het verplichte veld 'kind' ontbreekt" in missing["message"]["nl"]
    assert isinstance(missing["line"], int) and missing["hint"]
    amount = by_path["/budget/cost_lines/0/amount"]
    assert "verwacht een bedrag" in amount["message"]["nl"] and amount["found"] == "'veel'"
    assert app_store.count() == before  # nothing stored


def test_unparseable_yaml_and_empty_body(client):
    error = assert_error(post_plan(client, b"region: [\n", COMMITTEE), 422, "invalid_plan")
    assert error["problems"][0]["message"]["nl"].startswith("Regel 2: geen geldige YAML")
    error = assert_error(post_plan(client, b"  \n", COMMITTEE), 422, "invalid_request")
    assert error["problems"][0]["path"] == "/body"


@pytest.mark.parametrize("params, path", [({"mode": "binding"}, "/query/mode"),
                                          ({"as_of": "gisteren"}, "/query/as_of"),
                                          ({"rulebook": "geen versie"}, "/query/rulebook")])
def test_bad_parameters_name_their_path(client, params, path):
    error = assert_error(post_plan(client, FAILING, COMMITTEE, **params), 422, "invalid_request")
    assert path in [p["path"] for p in error["problems"]]


def test_unknown_rulebook_version_is_422_with_path(client):
    error = assert_error(post_plan(client, FAILING, COMMITTEE, rulebook="sto-2020-2023@1999-01-01"), 422,
                         "unknown_rulebook_version")
    assert error["problems"][0]["path"] == "/query/rulebook"
    # the worker's error crosses to the server with its Dutch, not only its English
    assert error["message"]["en"].startswith("unknown rulebook version 'sto-2020-2023@1999-01-01'; known versions: ")
    assert error["message"]["nl"].startswith("Geen passende versie van het regelboek: onbekende versie van het "
                                             "regelboek: 'sto-2020-2023@1999-01-01'; bekende versies: ")


def test_unsupported_content_type_is_415(client):
    r = client.post("/v1/assessments", content=b"<plan/>", headers={**COMMITTEE, "Content-Type": "application/xml"})
    assert_error(r, 415, "unsupported_media_type")


# ---------------------------------------------------------------- request size


def test_body_over_the_limit_is_413_and_nothing_is_stored(client, app_store):
    before = app_store.count()
    r = post_plan(client, b"#" * (LIMIT + 1), COMMITTEE)
    error = assert_error(r, 413, "body_too_large")
    assert "200,000" in error["message"]["en"] and "200.000" in error["message"]["nl"]
    chunked = client.post("/v1/assessments", content=iter([b"# " * 60_000] * 2), headers={**COMMITTEE, **YAML})
    assert "content-length" not in chunked.request.headers  # streamed: only counting can catch it
    assert_error(chunked, 413, "body_too_large")
    assert app_store.count() == before


def test_limit_is_enforced_before_the_application_reads_anything():
    calls = []

    async def downstream(scope, receive, send):
        calls.append(scope["path"])

    sent, received = [], []

    async def receive():
        received.append(1)
        return {"type": "http.request", "body": b"x" * 600, "more_body": True}

    async def send(message):
        sent.append(message)

    limit = BodyLimit(downstream, limit=1000)
    scope = {"type": "http", "method": "POST", "path": "/v1/assessments",
             "headers": [(b"content-length", b"5000000")]}
    asyncio.run(limit(scope, receive, send))
    assert calls == [] and received == []  # refused on the declared length: not one byte read
    assert sent[0]["status"] == 413
    streamed = {**scope, "headers": []}
    asyncio.run(limit(streamed, receive, send))
    assert calls == [] and len(received) == 2  # counted while streaming: stopped after the second chunk
    assert sent[-2]["status"] == 413 and json.loads(sent[-1]["body"])["error"]["code"] == "body_too_large"


# ---------------------------------------------------------------- roles


def test_region_reads_its_own_assessment(client, own_check):
    r = client.get(own_check["links"]["self"], headers=REGION)
    assert r.status_code == 200 and r.json()["region"] == OWN and r.json()["role"] == f"region:{OWN}"


def test_region_cannot_read_another_regions_assessment_404_not_403(client, own_check, other_check):
    unknown = assert_error(client.get(f"/v1/assessments/{uuid.uuid4().hex}", headers=REGION), 404, "not_found")
    for link in ("self", "trace", "letter_html", "plan"):
        r = client.get(other_check["links"][link], headers=REGION)
        assert assert_error(r, 404, "not_found") == unknown  # exactly like an id that does not exist
    assert client.get(other_check["links"]["self"], headers=OTHER_REGION).status_code == 200


def test_region_lists_only_its_own_assessments(client, own_check, other_check, pre_screen):
    listed = client.get("/v1/assessments", headers=REGION).json()
    assert {item["region"] for item in listed["items"]} == {OWN}
    assert other_check["id"] not in {item["id"] for item in listed["items"]}
    assert listed["total"] == len(listed["items"])
    asked_other = client.get("/v1/assessments", params={"region": OTHER}, headers=REGION).json()
    assert asked_other == {"total": 0, "limit": 50, "offset": 0, "items": []}
    everything = client.get("/v1/assessments", headers=AUDITOR).json()
    assert {OWN, OTHER} <= {item["region"] for item in everything["items"]}


def test_region_does_not_see_the_committees_pre_screen_of_its_own_plan(client, pre_screen, own_check):
    assert pre_screen["region"] == OWN
    assert_error(client.get(pre_screen["links"]["self"], headers=REGION), 404, "not_found")
    listed = client.get("/v1/assessments", params={"mode": "pre-screen"}, headers=REGION).json()
    assert listed["items"] == [] and listed["total"] == 0
    assert {item["mode"] for item in client.get("/v1/assessments", headers=REGION).json()["items"]} == {"self-check"}


def test_region_guessing_ids_finds_nothing(client, other_check):
    real = other_check["id"]
    guesses = [real[:-1] + ("0" if real[-1] != "0" else "1"), real.upper(), real[:8], "../" + real, "1", "' or 1=1 --"]
    for guess in guesses:
        assert client.get(f"/v1/assessments/{guess}", headers=REGION).status_code == 404


def test_region_may_not_pre_screen_or_check_another_regions_plan(client, app_store):
    assert_error(post_plan(client, FAILING, REGION, mode="pre-screen"), 403, "forbidden")
    before = app_store.count()
    error = assert_error(post_plan(client, COMPLETE, REGION), 403, "wrong_region")
    assert OTHER in error["message"]["nl"] and error["problems"][0]["path"] == "/region/name"
    assert app_store.count() == before


def test_auditor_reads_everything_but_cannot_write(client, app_store, own_check, other_check):
    for check in (own_check, other_check):
        assert client.get(check["links"]["self"], headers=AUDITOR).status_code == 200
    before = app_store.count()
    assert_error(post_plan(client, FAILING, AUDITOR), 403, "forbidden")
    multipart = client.post("/v1/assessments", headers=AUDITOR, files={"file": ("p.yaml", FAILING, "application/yaml")})
    assert_error(multipart, 403, "forbidden")
    assert app_store.count() == before


# ---------------------------------------------------------------- trace and letters


def test_trace_explains_a_rule_down_to_the_plan_fields(client, own_check):
    r = client.get(own_check["links"]["trace"], params={"rule": "FIN-04"}, headers=REGION)
    body = r.json()
    assert r.status_code == 200 and [f["rule_id"] for f in body["findings"]] == ["FIN-04"]
    assert "FIN-04" in body["text"] and "voldoet niet" in body["text"] and "/budget/" in body["text"]
    assert body["findings"][0]["fired"] and body["findings"][0]["evidence"]
    english = client.get(own_check["links"]["trace"], params={"rule": "FIN-04", "lang": "en"}, headers=REGION).json()
    assert "Why:" in english["text"]
    error = assert_error(client.get(own_check["links"]["trace"], params={"rule": "XYZ-99"}, headers=REGION), 404,
                         "unknown_rule")
    assert error["problems"][0]["path"] == "/query/rule"


def test_self_check_letter_is_the_zelfcheck_letter(client, own_check):
    r = client.get(own_check["links"]["letter_html"], headers=REGION)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["x-letter-kind"] == "zelfcheck" and len(r.headers["x-letter-fingerprint"]) == 64
    assert "FIN-04" in r.text and OWN in r.text
    error = assert_error(client.get(own_check["links"]["self"] + "/letter", params={"kind": "afwijzing"},
                                    headers=REGION), 422, "invalid_request")
    assert error["problems"][0]["path"] == "/query/kind"


def test_pre_screen_letters_follow_the_procedure_to_a_beschikking(client):
    """No letter before the committee advises (nothing to complete in this plan: 409 with the reason);
    after judgement and advice the advies and the beschikking, which name the records they rest on."""
    rec = post_plan(client, FAILING, COMMITTEE, mode="pre-screen", filename="ijsselvliet-brieven.yaml").json()
    letter = rec["links"]["self"] + "/letter"
    error = assert_error(client.get(letter, params={"format": "md"}, headers=AUDITOR), 409, "no_letter_due")
    assert "geadviseerd" in error["message"]["nl"]
    assert_error(client.get(letter, params={"kind": "beschikking"}, headers=AUDITOR), 409, "no_advice")
    assert_error(client.get(letter, params={"kind": "aanvulling"}, headers=AUDITOR), 409, "nothing_to_supply")
    for rule in client.get(rec["links"]["self"] + "/judgements", headers=COMMITTEE).json()["open_rules"]:
        r = client.post(rec["links"]["self"] + "/judgements", headers=COMMITTEE,
                        json={"rule": rule, "holds": "no", "motivation": "Onvoldoende onderbouwd."})
        assert r.status_code == 201, r.text
    advice = client.post(rec["links"]["self"] + "/advice", headers=COMMITTEE,
                         json={"advice": "negative", "motivation": "Nog niet voldragen: de cofinanciering ontbreekt."})
    assert advice.status_code == 201, advice.text
    md = client.get(letter, params={"format": "md"}, headers=AUDITOR)
    assert md.status_code == 200 and md.headers["x-letter-kind"] == "beschikking"
    text = " ".join(md.text.split())
    assert "Ik wijs uw aanvraag af." in text and "FIN-04" in text and "bezwaar" in text
    assert advice.json()["record"]["record_hash"] in text and rec["id"] in text
    advies = client.get(letter, params={"format": "md", "kind": "advies"}, headers=AUDITOR)
    assert advies.status_code == 200 and "Nog niet voldragen" in advies.text and "Bezwaar" not in advies.text
    pdf = client.get(letter, params={"format": "pdf"}, headers=AUDITOR)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf.headers["x-letter-fingerprint"] == md.headers["x-letter-fingerprint"]
    assert_error(client.get(letter, params={"format": "docx"}, headers=AUDITOR), 422, "invalid_request")


# ---------------------------------------------------------------- rulebooks and impact


def test_rulebooks_list_and_one_version(client):
    books = client.get("/v1/rulebooks", headers=REGION).json()["rulebooks"]
    refs = [b["ref"] for b in books]
    assert "sto-2020-2023@2018-09-13" in refs and "sto-2025-2028@2024-04-03" in refs
    first = books[0]
    one = client.get(first["links"]["self"], headers=REGION).json()
    assert one["ref"] == first["ref"] and one["sha256"] == first["sha256"] and len(one["rules"]) == first["rules"]
    error = assert_error(client.get("/v1/rulebooks/sto-2020-2023/1999-01-01", headers=REGION), 404,
                         "unknown_rulebook_version")
    assert error["problems"][0]["path"] == "/path/version"


def test_rulebook_diff(client):
    r = client.get("/v1/rulebooks/diff", params={"from": "sto-2020-2023@2019-02-27", "to": "sto-2020-2023@2020-03-16"},
                   headers=AUDITOR)
    body = r.json()
    assert r.status_code == 200 and body["from"]["ref"] == "sto-2020-2023@2019-02-27"
    added = body["parameters"]["added"]
    assert {"round3_opens", "round3_closes"} <= set(added), added
    error = assert_error(client.get("/v1/rulebooks/diff", params={"from": "nope@1", "to": "sto-2020-2023@2022-07-07"},
                                    headers=AUDITOR), 404, "unknown_rulebook_version")
    assert error["problems"][0]["path"] == "/query/from"
    missing = assert_error(client.get("/v1/rulebooks/diff", params={"from": "sto-2020-2023@2021-05-27"},
                                      headers=AUDITOR), 422, "invalid_request")
    assert "/query/to" in [p["path"] for p in missing["problems"]]


def test_impact_of_a_version_change_on_inline_and_stored_plans(client, own_check, other_check):
    round3 = yaml.safe_load(FAILING)
    round3["submission"] = {"date": "2020-04-15", "round": 3, "answers_decision": "OCW/STO/2019-123"}
    body = {"from": "sto-2020-2023@2019-02-27", "to": "sto-2020-2023@2020-03-16",
            "plans": [{"source": "ijsselvliet.yaml", "content": yaml.safe_dump(round3, allow_unicode=True)},
                      {"source": "kapot.yaml", "content": "region: ["}],
            "assessment_ids": [own_check["id"]]}
    r = client.post("/v1/impact", json=body, headers=AUDITOR)  # a computation, not a write: auditors may
    result = r.json()
    assert r.status_code == 200, r.text
    # the third round opens: the inline round-3 plan is no longer out of time; the stored 2019 plan is unchanged
    assert result["summary"] == {"plans": 3, "changed": 1, "outcome_changed": 1, "errors": 1}, result
    first = result["plans"][0]
    assert first["file"] == "ijsselvliet.yaml" and first["outcome_from"] == "ineligible"
    assert {"rule_id": "ELIG-01", "from": "fail", "to": "pass"} in first["changed_rules"]
    assert result["plans"][1]["error"] and "/tmp" not in result["plans"][1]["error"]
    # a region cannot use another region's stored plan for an impact run either
    hidden = {**body, "plans": [], "assessment_ids": [other_check["id"]]}
    error = assert_error(client.post("/v1/impact", json=hidden, headers=REGION), 404, "not_found")
    assert error["problems"][0]["path"] == "/body/assessment_ids/0"
    bad = assert_error(client.post("/v1/impact", json={"to": "x@y"}, headers=AUDITOR), 422, "invalid_request")
    assert "/body/from" in [p["path"] for p in bad["problems"]]


# ---------------------------------------------------------------- OpenAPI, unknown routes, the chain


def test_openapi_lists_every_endpoint_and_the_plan_body_types(client):
    spec = client.get("/v1/openapi.json").json()
    for path in ("/v1/assessments", "/v1/assessments/{assessment_id}", "/v1/assessments/{assessment_id}/trace",
                 "/v1/assessments/{assessment_id}/letter", "/v1/rulebooks", "/v1/rulebooks/{rulebook_id}/{version}",
                 "/v1/rulebooks/diff", "/v1/impact", "/v1/health"):
        assert path in spec["paths"], path
    body_types = spec["paths"]["/v1/assessments"]["post"]["requestBody"]["content"]
    assert {"application/yaml", "application/json", "multipart/form-data"} <= set(body_types)


def test_unknown_route_and_method_are_json(client):
    assert_error(client.get("/v1/nergens", headers=COMMITTEE), 404, "http_404")
    assert_error(client.delete("/v1/rulebooks", headers=COMMITTEE), 405, "http_405")


def test_every_write_went_into_an_intact_chain(client, app_store, own_check, other_check, pre_screen):
    report = app_store.verify()
    committee = sum(len(v) for v in app_store.committee_records_for([r.id for r in app_store.list()]).values())
    assert report.ok and report.checked == app_store.count() + committee and app_store.count() >= 3


# ---------------------------------------------------------------- tokens


def test_token_file_stores_only_hashes(tmp_path):
    path = tmp_path / "tokens.yaml"
    token = add_token(path, "ijsselvliet", f"region:{OWN}")
    text = path.read_text()
    assert token not in text and hash_token(token) in text
    registry = TokenRegistry.load(path, None)
    principal = registry.authenticate(token)
    assert principal.name == "ijsselvliet" and principal.region == OWN
    assert registry.authenticate(token + "x") is None
    with pytest.raises(StoError, match="exists"):
        add_token(path, "ijsselvliet", "committee")
    with pytest.raises(StoError, match="unknown role"):
        add_token(path, "x", "admin")
    remove_token(path, "ijsselvliet")
    assert read_token_file(path) == []


def test_tokens_from_the_environment():
    digest = hash_token("geheim")
    entries = parse_env_tokens(f"ci={digest}:auditor; {hash_token('r')}:region:{OWN}")
    assert [(e.name, e.role) for e in entries] == [("ci", "auditor"), (f"env-{hash_token('r')[:8]}", f"region:{OWN}")]
    with pytest.raises(StoError, match="SHA256"):
        parse_env_tokens("geheim:committee")


# ---------------------------------------------------------------- web pages (without a browser; see test_web_browser)


def login(client, role: str) -> None:
    client.cookies.clear()
    r = client.post("/inloggen", data={"token": TOKENS[role]}, follow_redirects=False)
    assert r.status_code == 303
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()


def test_pages_need_a_login(client):
    client.cookies.clear()
    r = client.get("/zelfcheck", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/inloggen?verder=%2Fzelfcheck")
    bad = client.post("/inloggen", data={"token": "fout"}, follow_redirects=False)
    assert bad.status_code == 401 and "onbekend of ingetrokken" in bad.text


def test_self_check_page_shows_findings_fix_list_and_letter_links(client):
    login(client, f"region:{OWN}")
    r = client.post("/zelfcheck", files={"file": ("plan.yaml", FAILING, "application/yaml")}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "Negatief advies" in page.text
    assert 'data-rule="FIN-04" data-status="fail"' in page.text and "voldoet niet" in page.text
    assert "Voeg € 350,60 cofinanciering" in page.text.replace("\xa0", " ")
    assert "Download zelfcheckbrief als PDF" in page.text and "/letter?kind=zelfcheck&amp;format=html" in page.text
    letter = client.get(r.headers["location"] + "/letter?kind=zelfcheck&format=html")
    assert letter.status_code == 200 and "FIN-04" in letter.text
    client.cookies.clear()


def test_self_check_page_reports_plan_errors_in_dutch(client):
    login(client, f"region:{OWN}")
    r = client.post("/zelfcheck", data={"plan": "region:\n  name: X\n"})
    assert r.status_code == 422 and "het verplichte veld" in r.text and "/region/kind" in r.text
    client.cookies.clear()


def test_overview_page_for_the_committee_not_for_a_region(client):
    latest = post_plan(client, FAILING, COMMITTEE, mode="pre-screen").json()  # the overview shows each region's latest
    login(client, f"region:{OWN}")
    assert client.get("/overzicht").status_code == 403
    login(client, "committee")
    page = client.get("/overzicht", params={"ronde": 1})
    assert page.status_code == 200 and f'data-region="{OWN}" data-outcome="negative_advice"' in page.text
    assert 'data-family="financial" data-status="fail"' in page.text
    assert '<g data-rule="FIN-04">' in page.text  # the chart of the most frequent failing rules
    for link in ("", "/trace"):  # the letters are on the assessment's page: which ones depends on the committee
        assert f'href="/web/assessments/{latest["id"]}{link}"' in page.text
    assert "FIN-04" in client.get(f"/web/assessments/{latest['id']}/trace").text
    assert client.get("/overzicht", params={"ronde": 2}).text.count("data-region=") == 0
    client.cookies.clear()


def test_sto_tokens_command_prints_the_token_once_and_lists_names(tmp_path, capsys):
    import cli

    path = str(tmp_path / "tokens.yaml")
    assert cli.main(["tokens", "add", "commissie", "--role", "committee", "--file", path]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("sto_") and token not in Path(path).read_text()
    assert cli.main(["tokens", "list", "--file", path]) == 0
    listed = capsys.readouterr().out
    assert "commissie" in listed and "committee" in listed and token not in listed
    assert cli.main(["tokens", "hash", token]) == 0
    assert capsys.readouterr().out.strip() == hash_token(token)
    assert cli.main(["tokens", "add", "x", "--role", "beheerder", "--file", path]) == 2
    assert "unknown role" in capsys.readouterr().err
    assert cli.main(["tokens", "remove", "commissie", "--file", path]) == 0
    err = capsys.readouterr().err
    assert "weigert het vanaf het volgende verzoek" in err and "herstart" not in err  # no restart needed any more
    assert read_token_file(path) == []


def test_sto_serve_refuses_a_bad_setting_before_starting(tmp_path, capsys):
    import cli

    code = cli.main(["serve", "--database", f"sqlite:///{tmp_path}/nope/missing/audit.sqlite", "--port", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "database" in err
    assert cli.main(["serve", "--port", "70000"]) == 2


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_login_never_redirects_off_site(client, target):
    client.cookies.clear()
    r = client.post("/inloggen", data={"token": TOKENS["committee"], "verder": target}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/overzicht"
    client.cookies.clear()


def test_without_workers_health_is_503_and_submissions_get_a_clear_503(app_store):
    from engine.service.workers import WorkerPool

    registry = TokenRegistry([TokenEntry("c", "committee", hash_token("c"))])
    stopped = WorkerPool(1)  # never started: no worker alive
    with TestClient(create_app(ServiceSettings.from_env({}, workers=1), pool=stopped, store=app_store,
                               tokens=registry)) as c:
        health = c.get("/health")
        assert health.status_code == 503 and health.json()["status"] == "degraded"
        assert health.json()["workers"]["alive"] == 0 and health.json()["store"]["reachable"] is True
        error = assert_error(c.post("/v1/assessments", content=FAILING, headers={"Authorization": "Bearer c", **YAML}),
                             503, "unavailable")
        assert "probeer het later opnieuw" in error["message"]["nl"]


def test_dutch_messages_write_numbers_the_dutch_way():
    from engine.errors import InputError
    from engine.plan import load_plan_text
    from engine.service.messages import problem_json

    with pytest.raises(InputError) as err:
        load_plan_text(b"#" * 3_000_001, "plan.yaml", max_bytes=2_000_000)
    p = problem_json(err.value.problems[0])
    assert p["message"] == {"nl": "Het bestand is 3.000.001 bytes; plannen groter dan 2.000.000 bytes worden geweigerd",
                            "en": "the file is 3,000,001 bytes; plans larger than 2,000,000 bytes are refused"}
    unknown = problem_json({"message": "something new", "path": "/x", "line": 4})
    assert unknown["message"] == {"nl": "Het plan klopt hier niet (veld /x, regel 4): something new", "en": "something new"}


def test_a_json_operation_refuses_another_body_type_with_415_after_the_token(client, pre_screen):
    from engine.i18n import tr

    body = "from: sto-2020-2023@2018-09-13\nto: sto-2020-2023@2019-03-01\n"
    for path, headers in (("/v1/impact", AUDITOR), (pre_screen["links"]["self"] + "/judgements", COMMITTEE),
                          (pre_screen["links"]["self"] + "/advice", COMMITTEE),
                          (pre_screen["links"]["self"] + "/withdrawal", COMMITTEE)):
        error = assert_error(client.post(path, content=body, headers={**headers, **YAML}), 415, "unsupported_media_type")
        assert error["message"]["nl"] == tr("api.unsupported_media_type.json", "nl", type="application/yaml")
        assert error["message"]["en"] == tr("api.unsupported_media_type.json", "en", type="application/yaml")
        # no token: 401 first, whatever the body
        assert_error(client.post(path, content=body, headers=YAML), 401, "unauthenticated")
        # JSON with a charset, or with no Content-Type at all, is read (and here found incomplete)
        for ctype in ({"Content-Type": "application/json; charset=utf-8"}, {}):
            assert client.post(path, content=b"{}", headers={**headers, **ctype}).status_code == 422
