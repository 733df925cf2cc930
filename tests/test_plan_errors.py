"""Bad plan input gets a located, actionable error — never a traceback, never a half-read plan."""
from __future__ import annotations

import json
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import InputError
from engine.plan import load_plan, load_plan_text, plan_json_schema
from tests.plans import FILLED_TEMPLATE, good_plan


def _errors(text: str | bytes, source: str = "plan.yaml", **kw) -> list:
    with pytest.raises(InputError) as err:
        load_plan_text(text, source, **kw)
    assert err.value.problems, "an InputError must carry at least one problem"
    return err.value.problems


def _yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_template_loads_and_json_equivalent_loads():
    loaded = load_plan_text(FILLED_TEMPLATE, "plan.yaml")
    assert loaded.plan.region.name == "Regio Zandstad"
    as_json = json.dumps(loaded.data, default=str)
    again = load_plan_text(as_json, "plan.json")
    assert again.plan == loaded.plan
    assert again.sha256 != loaded.sha256  # the hash is of the bytes as submitted


def test_schema_validates_the_template():
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads(json.dumps(load_plan_text(FILLED_TEMPLATE).data, default=str))
    jsonschema.validate(data, plan_json_schema())


def test_wrong_type_names_pointer_line_expected_and_found():
    text = FILLED_TEMPLATE.replace("round: 1 ", 'round: "1" ')
    [p] = _errors(text)
    assert p.path == "/submission/round"
    assert p.line == next(i for i, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith("round:"))
    assert p.expected == "a whole number" and p.found == "'1'"


def test_unknown_key_suggests_the_right_one():
    text = FILLED_TEMPLATE.replace("  kind: technical", "  knd: technical")
    problems = _errors(text)
    unknown = next(p for p in problems if p.message == "unknown field 'knd'")
    assert unknown.path == "/region/knd" and unknown.line == 11
    assert "did you mean 'kind'?" in unknown.hint
    missing = next(p for p in problems if "'kind' is missing" in p.message)
    assert missing.found == "nothing (the field is missing)"


def test_bad_enum_date_amount_and_brin():
    data = good_plan()
    data["partners"][0]["type"] = "school"
    data["submission"]["date"] = "15-03-2019"
    data["budget"]["cost_lines"][0]["amount"] = -5
    data["partners"][1]["brin"] = "XX12"
    problems = {p.path: p for p in _errors(_yaml(data))}
    assert "vmbo" in problems["/partners/0/type"].expected
    assert "YYYY-MM-DD" in problems["/submission/date"].message
    assert "cannot be negative" in problems["/budget/cost_lines/0/amount"].message
    assert "BRIN" in problems["/partners/1/brin"].expected
    assert all(p.line for p in problems.values())


def test_duplicate_id_points_at_the_second_item():
    data = good_plan()
    data["activities"][1]["id"] = "A1"
    [p] = _errors(_yaml(data))
    assert p.path == "/activities/1/id" and "also at /activities/0" in p.message


def test_duplicate_yaml_key_is_refused_with_both_lines():
    text = FILLED_TEMPLATE.replace("  name: Regio Zandstad", "  name: Regio Zandstad\n  name: Andere Regio", 1)
    [p] = _errors(text)
    assert "appears twice" in p.message and p.line == 11


def test_malformed_yaml_gives_line():
    [p] = _errors("region:\n  name: [Regio\nsubmission: x\n")
    assert p.message.startswith("not valid YAML") and p.line is not None


def test_python_tag_is_refused_and_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    text = f"region: !!python/object/apply:os.system ['touch {marker}']\n"
    [p] = _errors(text)
    assert "tag" in p.message and p.line == 1
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    started = time.perf_counter()
    [p] = _errors("\n".join(lines))
    assert "expands to more than" in p.message
    assert time.perf_counter() - started < 5  # generous; the point is it does not run away


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "groot.yaml"
    big.write_bytes(b"# " + b"x" * 5000)
    with pytest.raises(InputError) as err:
        load_plan(big, max_bytes=1000)
    assert "larger than 1,000 bytes" in err.value.problems[0].message
    assert "--max-bytes" in err.value.problems[0].hint


def test_not_utf8_empty_list_and_deep_nesting():
    assert "UTF-8" in _errors(b"region: \xff\xfe\n")[0].message
    assert "empty" in _errors("   \n")[0].message
    assert "mapping of sections" in _errors("- a\n- b\n")[0].message
    assert "nested more than" in _errors("a: " + "[" * 200 + "]" * 200)[0].message
    assert "more than one YAML document" in _errors("region: {}\n---\nregion: {}\n")[0].message


def test_missing_file_has_a_hint(tmp_path):
    with pytest.raises(InputError) as err:
        load_plan(tmp_path / "nope.yaml")
    assert err.value.problems[0].message == "file not found" and "sto init" in err.value.problems[0].hint


def test_error_text_names_file_line_and_field():
    text = FILLED_TEMPLATE.replace("round: 1 ", "round: een ")
    with pytest.raises(InputError) as err:
        load_plan_text(text, "mijn-plan.yaml")
    rendered = str(err.value)
    assert "mijn-plan.yaml:21" in rendered and "field:    /submission/round" in rendered


def _mutations():
    lines = FILLED_TEMPLATE.splitlines()
    return st.one_of(
        st.text(max_size=300),
        st.tuples(st.integers(0, len(lines) - 1), st.integers(0, len(lines))).map(
            lambda ij: "\n".join(lines[:ij[0]] + lines[ij[0] + 1:])),
        st.tuples(st.integers(0, len(lines) - 1), st.text(max_size=8)).map(
            lambda it: "\n".join(lines[:it[0]] + [lines[it[0]] + it[1]] + lines[it[0] + 1:])),
        st.tuples(st.integers(0, len(lines) - 1), st.integers(0, len(lines) - 1)).map(
            lambda ij: "\n".join(lines[:ij[0]] + [lines[ij[1]]] + lines[ij[0]:])),
        st.binary(max_size=200),
    )


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
def test_any_input_gives_a_plan_or_a_located_error(text):
    try:
        loaded = load_plan_text(text, "fuzz.yaml")
    except InputError as err:
        assert err.problems and all(p.message for p in err.problems)
        str(err)  # rendering never fails either
    else:
        assert loaded.plan.region.name
