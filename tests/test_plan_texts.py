"""Texts in a plan have one spelling (NFC, names without outer spaces) and no control characters,
so a region's name compares equal however it was typed and nothing reaches a terminal raw."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.errors import InputError
from engine.plan import load_plan_text
from engine.service.app import ServiceSettings, create_app
from engine.service.auth import TokenEntry, TokenRegistry, hash_token

ROOT = Path(__file__).resolve().parents[1]
FAILING = (ROOT / "examples" / "plans" / "cofinanciering-net-onder-10.yaml").read_text(encoding="utf-8")
REGION = "Techniekregio IJsselvliet"
NAME_LINE = f"  name: {REGION}\n"


def _with_name(written: str) -> str:
    assert FAILING.count(NAME_LINE) == 1
    return FAILING.replace(NAME_LINE, f"  name: {written}\n")


def test_names_lose_outer_spaces_and_are_nfc():
    decomposed = unicodedata.normalize("NFD", "Regio Één")
    assert load_plan_text(_with_name(f"'  {REGION}   '")).plan.region.name == REGION
    assert load_plan_text(_with_name(f"'{decomposed}'")).plan.region.name == unicodedata.normalize("NFC", "Regio Één")


@pytest.mark.parametrize("written, code", [('"Regio\\x07 X"', "U+0007"), ('"Regio \\e[31mrood"', "U+001B"),
                                           ('"Regio\\u0085X"', "U+0085")])
def test_control_characters_in_a_text_are_refused_at_their_field(written, code):
    with pytest.raises(InputError) as err:
        load_plan_text(_with_name(written), "plan.yaml")
    [problem] = err.value.problems
    assert problem.path == "/region/name" and code in problem.message and problem.line is not None


def test_long_texts_keep_their_line_breaks_and_tabs():
    data = load_plan_text(FAILING).data
    data["activities"][0]["description"] = "Regel een\n\tregel twee"
    plan = load_plan_text(json.dumps(data, default=str), "plan.json").plan
    assert plan.activities[0].description == "Regel een\n\tregel twee"


@pytest.fixture(scope="module")
def client(app_store):
    registry = TokenRegistry([TokenEntry("ijsselvliet", f"region:{REGION}", hash_token("tok-region"))])
    settings = ServiceSettings.from_env({}, workers=1)
    with TestClient(create_app(settings, store=app_store, tokens=registry)) as c:
        yield c


def test_a_padded_region_name_is_stored_as_the_region_and_listed_for_it(client):
    headers = {"Authorization": "Bearer tok-region", "Content-Type": "application/yaml"}
    r = client.post("/v1/assessments", content=_with_name(f"'  {REGION}  '").encode("utf-8"), headers=headers)
    assert r.status_code == 201, r.text
    assert r.json()["region"] == REGION
    listed = client.get("/v1/assessments", headers={"Authorization": "Bearer tok-region"}).json()
    assert r.json()["id"] in {item["id"] for item in listed["items"]}
