"""The verdict's parts (engine/verdict/model.py): absent fields stay absent through building,
reading, copying and writing; the digest and the JSON Schema see the parts as their JSON."""
from __future__ import annotations

import dataclasses
import json

import pytest
from pydantic import ValidationError

from engine.assess import assess_file
from engine.verdict.build import canonical_bytes, seal, verdict_digest
from engine.verdict.model import Basis, FactEvidence, Text, Verdict, verdict_json_schema

PLAN = "examples/plans/noord-veluwe-compleet.yaml"


@pytest.fixture(scope="module")
def verdict() -> Verdict:
    return assess_file(PLAN).verdict


def test_a_field_not_given_is_absent_from_the_json_and_reads_as_its_default():
    basis = Basis(source="regeling", section="art. 2", confidence="verified", quote=None)
    assert basis.to_json() == {"source": "regeling", "section": "art. 2", "confidence": "verified", "quote": None}
    assert basis.url is None and not basis.has("url") and basis.has("quote")
    evidence = FactEvidence(fact="plan.x", label=Text(nl="x", en="x"), unit="count", value=1,
                            display=Text(nl="1", en="1"), pointers=["/x"], source="plan")
    assert "formula" not in evidence.to_json() and evidence.formula is None


def test_parts_are_frozen(verdict):
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.outcome_label.nl = "anders"  # type: ignore[misc]


def test_reading_keeps_absent_fields_absent_and_nulls_null(verdict):
    data = verdict.to_json()
    del data["receipt"]["regulation"], data["receipt"]["code_sha256"]  # as verdicts made before they existed
    basis = data["findings"][0]["basis"]
    data["findings"][0]["basis"] = {**{k: basis[k] for k in ("source", "section", "confidence")}, "quote": None,
                                    **{k: v for k, v in basis.items() if k not in ("source", "section", "confidence")}}
    for source in (data, json.dumps(data), json.dumps(data).encode()):
        read = Verdict.from_json(source)
        assert read.to_json() == data
        assert json.dumps(read.to_json()) == json.dumps(data)  # the same keys in the same order
        assert read.receipt.regulation is None and not read.receipt.has("regulation")
        assert read.findings[0].basis.has("quote")
        assert verdict_digest(read) == verdict_digest(data)


def test_a_copy_keeps_what_was_absent_and_without_removes_only_optional_fields(verdict):
    read = Verdict.from_json({**verdict.to_json(), "receipt": {
        k: v for k, v in verdict.to_json()["receipt"].items() if k != "code_sha256"}})
    copied = read.replace(outcome_label=Text(nl="a", en="b"))
    assert copied.outcome_label.nl == "a" and read.outcome_label == verdict.outcome_label
    assert not copied.receipt.has("code_sha256")
    receipt = verdict.receipt.without("regulation")
    assert "regulation" not in receipt.to_json() and verdict.receipt.has("regulation")
    with pytest.raises(TypeError):
        verdict.receipt.without("plan_sha256")
    with pytest.raises(TypeError):
        verdict.replace(outcome_labels=None)
    given = Basis(source="s", section="a", confidence="verified").replace(note="n", quote="q")
    assert list(given.to_json()) == ["source", "section", "confidence", "quote", "note"]  # schema order


def test_the_digest_of_the_parts_is_the_digest_of_their_json(verdict):
    assert canonical_bytes(verdict) == canonical_bytes(verdict.to_json())
    assert verdict_digest(verdict) == verdict_digest(verdict.to_json()) == verdict.receipt.verdict_sha256
    assert seal(verdict) == verdict
    assert list(verdict.to_sorted_json()) == sorted(verdict.to_json())


def test_a_file_that_is_no_verdict_fails_at_the_field(verdict):
    with pytest.raises(ValidationError) as caught:
        Verdict.from_json({**verdict.to_json(), "outcome": "maybe", "extra": 1})
    assert {e["loc"] for e in caught.value.errors()} == {("outcome",), ("extra",)}


def test_the_schema_shows_each_default_as_the_value_it_stands_for():
    schema = verdict_json_schema()
    assert schema["$defs"]["Basis"]["properties"]["quote"]["default"] is None
    assert schema["$defs"]["FundingMaximum"]["properties"]["assumed"]["default"] is False
    assert schema["properties"]["schema_version"]["default"] == "1.0"
    assert "quote" not in schema["$defs"]["Basis"]["required"]
    assert set(schema["$defs"]["Receipt"]["required"]) >= {"plan_sha256", "verdict_sha256", "timestamp"}
    assert "regulation" not in schema["$defs"]["Receipt"]["required"]
