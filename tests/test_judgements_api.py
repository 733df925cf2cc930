"""The committee's judgements and advice over HTTP: /v1/assessments/{id}/judgements, /advice and
/withdrawal. Committee writes and reads, an auditor only reads, a region neither (403 for any id);
errors are the API's error body with a Dutch and an English message and the field's path."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.assess import Assessor
from engine.service.app import create_app
from engine.service.auth import TokenEntry, TokenRegistry, hash_token
from engine.service.settings import ServiceSettings
from tests.plans import as_loaded, good_plan

REGION = "Regio Testland"
TOKENS = {"committee": "tok-c", "auditor": "tok-a", f"region:{REGION}": "tok-r"}
COMMITTEE, AUDITOR, OWN_REGION = ({"Authorization": f"Bearer {TOKENS[k]}"} for k in TOKENS)
MOTIVATION = "De overeenkomst ligt ter ondertekening; de commissie acht dat voldoende."


@pytest.fixture(scope="module")
def client(app_store, app_pool):
    registry = TokenRegistry([TokenEntry(role.replace(":", "-").replace(" ", "_"), role, hash_token(tok))
                              for role, tok in TOKENS.items()])
    with TestClient(create_app(ServiceSettings.from_env({}, workers=1), store=app_store, pool=app_pool,
                               tokens=registry), headers={"Origin": "http://testserver"}) as c:
        yield c


@pytest.fixture(scope="module")
def review_plan():
    plan = good_plan()
    plan["partners"][1]["cooperation_agreement"]["signed"] = False  # PART-05 needs review
    loaded = as_loaded(plan)
    return loaded, Assessor().assess(loaded).verdict


@pytest.fixture
def prescreen(app_store, review_plan):
    loaded, verdict = review_plan
    return app_store.record(plan_bytes=loaded.raw, plan_source=loaded.source, verdict=verdict, actor="secretaris",
                            role="committee", mode="pre-screen").id


def error_of(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["code"] == code and error["message"]["nl"] and error["message"]["en"]
    assert error["message"]["nl"] != error["message"]["en"]
    return error


def judge(client, rid, headers=COMMITTEE, **body):
    body = {"rule": "PART-05", "holds": "yes", "motivation": MOTIVATION, **body}
    return client.post(f"/v1/assessments/{rid}/judgements", json=body, headers=headers)


def test_committee_judges_then_advises_and_the_assessment_shows_both(client, prescreen):
    r = client.get(f"/v1/assessments/{prescreen}", headers=COMMITTEE)
    assert r.json()["committee"]["open_rules"] == ["PART-05"] and r.json()["committee"]["advice"] is None
    r = judge(client, prescreen, holds="with-condition", condition="Getekend vóór 1 juli")
    assert r.status_code == 201, r.text
    record = r.json()["record"]
    assert record["kind"] == "judgement" and record["actor"] == "committee" and record["assessment_id"] == prescreen
    r = client.post(f"/v1/assessments/{prescreen}/advice", headers=COMMITTEE,
                    json={"advice": "positive-with-conditions", "motivation": "Een sterk plan."})
    assert r.status_code == 201, r.text
    assert r.json()["committee"]["outcome"] == "positive-with-conditions"
    full = client.get(f"/v1/assessments/{prescreen}", headers=AUDITOR).json()
    assert full["verdict"]["outcome"] == "committee_review"  # the machine's part is as it was
    committee = full["committee"]
    assert [j["id"] for j in committee["judgements"]] == [record["id"]]
    assert committee["advice"]["conditions"] == ["Getekend vóór 1 juli"]
    assert client.get(f"/v1/assessments/{prescreen}/judgements", headers=AUDITOR).json()["open_rules"] == []
    advice = client.get(f"/v1/assessments/{prescreen}/advice", headers=AUDITOR).json()
    assert advice["advice"]["advice"] == "positive-with-conditions" and advice["outcome_label"]["nl"] == \
        "positief onder voorwaarden"


def test_an_advice_without_motivation_is_refused(client, prescreen):
    assert judge(client, prescreen).status_code == 201
    for body in ({"advice": "positive"}, {"advice": "positive", "motivation": "   "}):
        error = error_of(client.post(f"/v1/assessments/{prescreen}/advice", json=body, headers=COMMITTEE), 422,
                         "missing_motivation")
        assert error["problems"][0]["path"] == "/body/motivation" and "motivering" in error["message"]["nl"]
    assert client.get(f"/v1/assessments/{prescreen}/advice", headers=COMMITTEE).json()["advice"] is None


def test_an_advice_while_judgements_are_open_is_409(client, prescreen):
    error = error_of(client.post(f"/v1/assessments/{prescreen}/advice", headers=COMMITTEE,
                                 json={"advice": "negative", "motivation": "Nog niet voldragen."}), 409,
                     "judgements_open")
    assert "PART-05" in error["message"]["nl"]


def test_a_region_cannot_judge_advise_or_read_them(client, prescreen, app_store):
    head = app_store.head()
    for r in (judge(client, prescreen, headers=OWN_REGION), judge(client, "0" * 32, headers=OWN_REGION),
              client.post(f"/v1/assessments/{prescreen}/advice", headers=OWN_REGION,
                          json={"advice": "positive", "motivation": "Goed."})):
        assert "regio kan niet oordelen" in error_of(r, 403, "forbidden")["message"]["nl"]
    for path in ("judgements", "advice"):
        error_of(client.get(f"/v1/assessments/{prescreen}/{path}", headers=OWN_REGION), 403, "forbidden")
    assert app_store.head() == head


def test_an_auditor_reads_but_does_not_judge(client, prescreen):
    error_of(judge(client, prescreen, headers=AUDITOR), 403, "forbidden")
    assert client.get(f"/v1/assessments/{prescreen}/judgements", headers=AUDITOR).status_code == 200


def test_judgement_errors_name_their_field(client, prescreen):
    error = error_of(judge(client, prescreen, rule="XYZ-9"), 422, "unknown_rule")
    assert error["problems"][0]["path"] == "/body/rule"
    error = error_of(judge(client, prescreen, holds="with-condition"), 422, "missing_condition")
    assert error["problems"][0]["path"] == "/body/condition"
    error_of(judge(client, "f" * 32), 404, "not_found")
    r = client.post(f"/v1/assessments/{prescreen}/judgements", json={"rule": "PART-05", "holds": "yes", "x": 1},
                    headers=COMMITTEE)
    error_of(r, 422, "invalid_request")


def test_a_withdrawal_over_the_api(client, prescreen):
    r = client.post(f"/v1/assessments/{prescreen}/withdrawal", json={"motivation": "Ingetrokken per brief."},
                    headers=COMMITTEE)
    assert r.status_code == 201 and r.json()["committee"]["outcome"] == "withdrawn"
    error_of(judge(client, prescreen), 409, "withdrawn")


# ---------------------------------------------------------------- the pre-screen's web page


def login(client, role: str) -> None:
    client.cookies.clear()
    r = client.post("/inloggen", data={"token": TOKENS[role], "verder": "/overzicht"}, follow_redirects=False)
    assert r.status_code == 303, r.text


def test_the_web_page_records_a_judgement_and_then_shows_the_advice_form(client, prescreen):
    login(client, "committee")
    page = client.get(f"/web/assessments/{prescreen}").text
    assert 'id="oordeel-form"' in page and 'id="advies-form"' not in page and 'id="advies-wacht"' in page
    r = client.post(f"/web/assessments/{prescreen}/oordeel", follow_redirects=False,
                    data={"rule": "PART-05", "holds": "yes", "motivation": "  "})
    assert r.status_code == 422 and 'id="commissie-fout"' in r.text and "De motivering" in r.text
    r = client.post(f"/web/assessments/{prescreen}/oordeel", follow_redirects=False,
                    data={"rule": "PART-05", "holds": "yes", "motivation": MOTIVATION})
    assert r.status_code == 303 and r.headers["location"].endswith(f"/web/assessments/{prescreen}#commissie")
    page = client.get(f"/web/assessments/{prescreen}").text
    assert MOTIVATION in page and 'id="advies-form"' in page and "klaar voor advies" in page
    r = client.post(f"/web/assessments/{prescreen}/advies", follow_redirects=False,
                    data={"advice": "positive-with-conditions", "conditions": "Jaarlijks rapporteren\n\n",
                          "motivation": "Een sterk plan."})
    assert r.status_code == 303
    page = client.get(f"/web/assessments/{prescreen}").text
    assert 'data-advice="positive-with-conditions"' in page and "voorwaarde: Jaarlijks rapporteren" in page


def test_the_web_page_of_an_auditor_shows_the_committee_part_without_forms(client, prescreen):
    login(client, "auditor")
    page = client.get(f"/web/assessments/{prescreen}").text
    assert 'id="commissie"' in page and 'id="oordeel-form"' not in page
    r = client.post(f"/web/assessments/{prescreen}/oordeel", data={"rule": "PART-05", "holds": "yes",
                                                                    "motivation": MOTIVATION})
    assert r.status_code == 403 and "auditor" in r.text
    login(client, f"region:{REGION}")
    r = client.post(f"/web/assessments/{prescreen}/oordeel", data={"rule": "PART-05", "holds": "yes",
                                                                    "motivation": MOTIVATION})
    assert r.status_code == 404  # a region does not see the committee's pre-screens at all
    client.cookies.clear()
