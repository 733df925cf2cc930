"""The plan loader: safe reading, and every problem located by file, line, field path, expected and found."""
from __future__ import annotations

import hashlib
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import InputError, Problem
from engine.plan import DEFAULT_MAX_BYTES, LoadedPlan, Plan, load_plan, load_plan_text, plan_json_schema
from tests.plans import FILLED_TEMPLATE


def _problems(text: str | bytes, source: str = "plan.yaml", **kw) -> list[Problem]:
    with pytest.raises(InputError) as err:
        load_plan_text(text, source, **kw)
    assert err.value.problems and all(p.message for p in err.value.problems)
    return err.value.problems


def _only(text: str | bytes, source: str = "plan.yaml", **kw) -> Problem:
    problems = _problems(text, source, **kw)
    assert len(problems) == 1, [p.render(source) for p in problems]
    return problems[0]


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def _replace(old: str, new: str, text: str = FILLED_TEMPLATE) -> str:
    assert text.count(old) == 1, f"template changed: {old!r} is not there exactly once"
    return text.replace(old, new)


def _template_data() -> dict:
    return load_plan_text(FILLED_TEMPLATE).data


# ---------------------------------------------------------------- plans that load


def test_template_loads_with_hash_data_and_positions():
    loaded = load_plan_text(FILLED_TEMPLATE, "plan.yaml")
    assert isinstance(loaded, LoadedPlan) and isinstance(loaded.plan, Plan)
    assert loaded.plan.region.name == "Regio Zandstad"
    assert loaded.raw == FILLED_TEMPLATE.encode("utf-8")
    assert loaded.sha256 == hashlib.sha256(loaded.raw).hexdigest()
    assert loaded.data["partners"][0]["brin"] == "12AB00"
    assert "" in loaded.positions
    assert loaded.positions["/region/name"] == (_line_of(FILLED_TEMPLATE, "name: Regio Zandstad"), 3)
    assert loaded.positions["/partners/2/brin"][0] == _line_of(FILLED_TEMPLATE, "brin: 56EF")


def test_json_equivalent_loads_to_the_same_plan_with_positions():
    loaded = load_plan_text(FILLED_TEMPLATE, "plan.yaml")
    as_json = json.dumps(loaded.data, default=str, indent=2)
    again = load_plan_text(as_json, "plan.json")
    assert again.plan == loaded.plan
    assert again.sha256 != loaded.sha256  # the hash is of the bytes as submitted
    assert again.positions["/region/kind"][0] == _line_of(as_json, '"kind": "technical"')


def test_json_is_detected_by_content_too():
    as_json = json.dumps(_template_data(), default=str)
    assert load_plan_text(as_json, "<stdin>").plan.region.name == "Regio Zandstad"


def test_byte_order_mark_is_stripped_but_hashed():
    raw = "\ufeff".encode("utf-8") + FILLED_TEMPLATE.encode("utf-8")
    loaded = load_plan_text(raw)
    assert loaded.plan.region.name == "Regio Zandstad"
    assert loaded.sha256 == hashlib.sha256(raw).hexdigest()


def test_merge_keys_and_small_aliases_are_allowed():
    text = _replace('sources: ["UWV', 'sources: &bronnen ["UWV')
    text = _replace('objectives: ["Alle PIE-leerlingen werken met actuele apparatuur"]', "objectives: *bronnen", text)
    assert load_plan_text(text).plan.activities[0].objectives == ("UWV Regio in beeld 2018",)
    text = _replace("region:\n  name: Regio Zandstad", "region:\n  <<: {kind: technical}\n  name: Regio Zandstad")
    text = _replace("  kind: technical                  #", "  # kind via merge  #", text)
    assert load_plan_text(text).plan.region.kind.value == "technical"


def test_load_plan_reads_a_file(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(FILLED_TEMPLATE, encoding="utf-8")
    loaded = load_plan(path)
    assert loaded.source == str(path) and loaded.plan.submission.round == 1


# ---------------------------------------------------------------- the JSON Schema


def test_json_schema_is_published_and_serialisable():
    schema = plan_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("https://") and schema["$id"].endswith(".json")
    assert schema["title"] and schema["description"]
    assert json.loads(json.dumps(schema)) == schema


def test_json_schema_validates_the_template_and_rejects_unknown_fields():
    jsonschema = pytest.importorskip("jsonschema")
    schema = plan_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(json.dumps(_template_data(), default=str))
    jsonschema.validate(data, schema)
    data["region"]["knd"] = "technical"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# ---------------------------------------------------------------- schema problems, located


def test_wrong_type_gives_pointer_line_expected_found_and_hint():
    text = _replace("  round: 1 ", '  round: "1" ')
    p = _only(text)
    assert p.path == "/submission/round"
    assert (p.line, p.column) == (_line_of(text, 'round: "1"'), 3)
    assert p.expected == "a whole number" and p.found == "'1'"
    assert "quotes" in p.hint


def test_text_field_given_a_number():
    text = _replace("  board: Stichting Zandstadscholen    #", "  board: 1234    #")
    p = _only(text)
    assert p.path == "/lead_applicant/board" and p.expected == "text" and p.found == "1234"
    assert p.line == _line_of(text, "board: 1234")


def test_unknown_key_lists_allowed_fields_and_suggests_one():
    text = _replace("  kind: technical", "  knd: technical")
    problems = _problems(text)
    unknown = next(p for p in problems if p.path == "/region/knd")
    assert unknown.message == "unknown field 'knd'" and unknown.line == _line_of(text, "knd: technical")
    assert "did you mean 'kind'?" in unknown.hint and "allowed fields here: kind, name" in unknown.hint
    missing = next(p for p in problems if p.path == "/region/kind")
    assert missing.found == "nothing (the field is missing)"


def test_missing_required_field_points_at_its_parent():
    text = _replace("  board: Stichting Zandstadscholen    # naam van het bevoegd gezag\n", "")
    p = _only(text)
    assert p.path == "/lead_applicant/board" and "'board' is missing" in p.message
    assert p.line == _line_of(text, "lead_applicant:")
    assert p.found == "nothing (the field is missing)" and p.expected


def test_bad_enum_value_lists_the_options():
    text = _replace("    type: mbo\n", "    type: roc\n")
    p = _only(text)
    assert p.path == "/partners/2/type" and p.line == _line_of(text, "type: roc")
    assert p.expected == "one of: vmbo, vso, mbo, primary_school, business, government, other"
    assert p.found == "'roc'"


def test_bad_dates_are_reported_at_the_field():
    text = _replace("date: 2019-03-15", "date: 15-03-2019")
    p = _only(text)
    assert p.path == "/submission/date" and p.line == _line_of(text, "date: 15-03-2019")
    assert p.expected == "a date written as YYYY-MM-DD" and p.found == "'15-03-2019'"
    # YAML itself fails on a date that does not exist; it must still be the field's problem.
    text = _replace("signed_on: 2019-02-20", "signed_on: 2019-02-30")
    p = _only(text)
    assert p.path == "/partners/3/cooperation_agreement/signed_on" and "not an existing date" in p.message
    assert p.line == _line_of(text, "2019-02-30")


def test_negative_amount():
    text = _replace("      amount: 100000 ", "      amount: -100000 ")
    p = _only(text)
    assert p.path == "/budget/cost_lines/0/amount" and "cannot be negative" in p.message
    assert p.line == _line_of(text, "amount: -100000") and "euros" in p.expected and p.found == "-100000"


def test_bad_brin_and_identifier_patterns():
    text = _replace("    brin: 56EF\n", "    brin: ZZ99\n")
    p = _only(text)
    assert p.path == "/partners/2/brin" and "BRIN" in p.expected


def test_every_problem_is_reported_sorted_by_line():
    text = _replace("  kind: technical", "  kind: techniek")
    text = _replace("  round: 1 ", "  round: 0 ", text)
    text = _replace("      year: 2020\n", "      year: 1900\n", text)
    problems = _problems(text)
    assert [p.path for p in problems] == ["/region/kind", "/submission/round", "/budget/cost_lines/0/year"]
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert problems[1].expected == "a number at least 1"


def test_duplicate_id_points_at_the_second_item():
    text = _replace("  - id: school-b\n", "  - id: school-a\n")
    p = _only(text)
    assert p.path == "/partners/1/id" and "also at /partners/0" in p.message
    assert p.line == _line_of(text, "- id: school-a", nth=2)


def test_error_text_names_file_line_and_field():
    text = _replace("  round: 1 ", "  round: een ")
    with pytest.raises(InputError) as err:
        load_plan_text(text, "mijn-plan.yaml")
    rendered = str(err.value)
    assert f"mijn-plan.yaml:{_line_of(text, 'round: een')}:3" in rendered
    assert "field:    /submission/round" in rendered


def test_json_problems_have_lines_too():
    data = json.loads(json.dumps(_template_data(), default=str))
    data["submission"]["round"] = "1"
    text = json.dumps(data, indent=2)
    p = _only(text, "plan.json")
    assert p.path == "/submission/round" and p.line == _line_of(text, '"round": "1"')


# ---------------------------------------------------------------- documents that are not read at all


def test_duplicate_yaml_key_names_both_lines():
    text = _replace("  name: Regio Zandstad", "  name: Regio Zandstad\n  name: Andere Regio")
    p = _only(text)
    first, second = _line_of(text, "name: Regio Zandstad"), _line_of(text, "name: Andere Regio")
    assert "appears twice" in p.message and p.line == second and f"line {first}" in p.message


def test_duplicate_json_key():
    p = _only('{"region": {"name": "a", "name": "b"}}', "plan.json")
    assert "appears twice" in p.message and p.line == 1


def test_malformed_yaml_gives_line_and_hint():
    p = _only("region:\n  name: [Regio\nsubmission: x\n")
    assert p.message.startswith("not valid YAML") and p.line in (2, 3) and p.hint


def test_malformed_json_gives_line():
    p = _only('{\n  "region": {\n    "name": "x",\n  }\n}\n', "plan.json")
    assert p.message.startswith("not valid JSON") and p.line == 4


@pytest.mark.parametrize("tagged", ["!!python/object/apply:os.system ['touch {marker}']",
                                    "!!python/name:os.system", "!!binary aGVsbG8=", "!local value"])
def test_tags_are_refused_and_never_constructed(tmp_path, tagged):
    marker = tmp_path / "pwned"
    text = "submission:\n  round: 1\nregion: " + tagged.format(marker=marker) + "\n"
    p = _only(text)
    assert "tags are not allowed" in p.message and p.line == 3
    assert not marker.exists()


def test_alias_bomb_is_refused():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    p = _only("\n".join(lines))
    assert "alias bomb" in p.message and p.line is not None


def test_alias_loop_is_refused():
    assert "endless loop" in _only("region: &r [*r]\n").message


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "groot.yaml"
    big.write_bytes(b"# " + b"x" * 5000)
    with pytest.raises(InputError) as err:
        load_plan(big, max_bytes=1000)
    [p] = err.value.problems
    assert "larger than 1,000 bytes" in p.message and "--max-bytes" in p.hint and "STO_MAX_PLAN_BYTES" in p.hint
    assert "larger than 100 bytes" in _only(FILLED_TEMPLATE, max_bytes=100).message


def test_size_limit_from_the_environment(tmp_path, monkeypatch):
    assert DEFAULT_MAX_BYTES == 2_000_000
    monkeypatch.setenv("STO_MAX_PLAN_BYTES", "1000")
    assert "larger than 1,000 bytes" in _only(FILLED_TEMPLATE).message
    assert load_plan_text(FILLED_TEMPLATE, max_bytes=len(FILLED_TEMPLATE.encode()))  # the argument wins
    monkeypatch.setenv("STO_MAX_PLAN_BYTES", "veel")
    assert "STO_MAX_PLAN_BYTES" in _only(FILLED_TEMPLATE).message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError) as err:
        load_plan(tmp_path / "nope.yaml")
    assert err.value.problems[0].message == "file not found" and "sto init" in err.value.problems[0].hint
    with pytest.raises(InputError) as err:
        load_plan(tmp_path)
    assert "folder" in err.value.problems[0].message


def test_not_utf8_names_the_offset():
    p = _only(b"region:\n  name: Caf\xe9\n")
    assert "UTF-8" in p.message and "offset 19" in p.message and p.line == 2


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff"])
def test_empty_file_suggests_the_template(text):
    p = _only(text)
    assert "empty" in p.message and "sto init" in p.hint


def test_only_comments_suggests_the_template():
    assert "sto init" in _only("# nog niets ingevuld\n").hint


@pytest.mark.parametrize("text, found", [("- a\n- b\n", "a list"), ("gewoon tekst\n", "text"),
                                         ("---\n", "nothing"), ("42\n", "a number")])
def test_top_level_must_be_a_mapping(text, found):
    p = _only(text)
    assert "mapping of sections" in p.message and found in p.message


@pytest.mark.parametrize("text, source", [
    ("a: " + "[" * 100_000, "plan.yaml"),  # libyaml's composer would crash the process on this
    ("a: " + "[" * 60 + "]" * 60, "plan.yaml"),
    ("".join(f"{' ' * (2 * i)}k{i}:\n" for i in range(60)) + " " * 120 + "x\n", "plan.yaml"),
    ("[" * 100_000, "plan.json"),
    ('{"a": ' * 60 + "1" + "}" * 60, "plan.json"),
])
def test_deep_nesting_is_refused(text, source):
    assert "nested more than 50 levels" in _only(text, source).message


class _RefusesAtTen(yaml.SafeLoader):
    """A YAML reader that gives up on flow nesting deeper than 10 in words of its own, as libyaml
    0.2.6 does at its own depth: what the loader answers must not depend on such a release."""

    def get_event(self):
        event = super().get_event()
        if self.flow_level > 10:
            raise yaml.scanner.ScannerError(None, None, "words of some yaml release", self.get_mark())
        return event


@pytest.mark.parametrize("reader", ["libyaml as installed", "a reader that refuses at depth 10"])
def test_deep_nesting_answer_does_not_depend_on_the_yaml_release(reader, monkeypatch):
    import engine.plan.loader as loader_module
    if reader != "libyaml as installed":
        monkeypatch.setattr(loader_module, "_PlanLoader", _RefusesAtTen)
    p = _only("a: " + "[" * 100_000)
    assert "nested more than 50 levels" in p.message
    # the top-level mapping is level 1, so the 50th '[' (column 3 + 50) is one level too deep
    assert (p.line, p.column) == (1, 3 + loader_module.MAX_DEPTH)
    assert _only("a: [[x").line is not None  # an ordinary syntax error is still reported, located


@pytest.mark.parametrize("inner", ["", "x", "'x'"])
def test_the_depth_limit_counts_lists_and_mappings_not_the_values_in_them(inner):
    # the top-level mapping is level 1: 49 lists make 50 levels, one more is too deep
    assert not any("nested" in p.message for p in _problems("a: " + "[" * 49 + inner + "]" * 49))
    p = _only("a: " + "[" * 50 + inner + "]" * 50)
    assert "nested more than 50 levels" in p.message and (p.line, p.column) == (1, 53)
    below_an_error = _only("a: 1\na: 2\nb: " + "[" * 50 + inner + "]" * 50)  # depth is reported first
    assert "nested more than 50 levels" in below_an_error.message and below_an_error.line == 3


def test_deep_nesting_through_aliases_is_refused():
    lines = ["x0: &x0 " + "[" * 45 + "1" + "]" * 45]
    lines += [f"x{i}: &x{i} " + "[" * 40 + f"*x{i - 1}" + "]" * 40 for i in range(1, 4)]
    assert "nested more than 50 levels" in _only("\n".join(lines)).message


def test_more_than_one_document_is_refused():
    p = _only("region: {}\n---\nregion: {}\n")
    assert "more than one YAML document" in p.message and p.line == 2


def test_unreadable_values_are_located():
    p = _only("region:\n  name: " + "9" * 5000 + "\n")
    assert "too many digits" in p.message and p.line == 2
    p = _only("? [a]\n: b\n")
    assert "used as a key" in p.message


def test_lone_surrogate_in_text_is_an_input_error():
    assert "not valid Unicode" in _only("region: \ud800\n").message


# ---------------------------------------------------------------- never anything but InputError


def _template_mutations() -> st.SearchStrategy[str]:
    lines = FILLED_TEMPLATE.splitlines()
    index = st.integers(0, len(lines) - 1)

    def delete(i: int) -> str:
        return "\n".join(lines[:i] + lines[i + 1:])

    def duplicate(i: int, j: int) -> str:
        return "\n".join(lines[:i] + [lines[j]] + lines[i:])

    def insert(i: int, at: int, chars: str) -> str:
        line = lines[i]
        at = min(at, len(line))
        return "\n".join(lines[:i] + [line[:at] + chars + line[at:]] + lines[i + 1:])

    return st.one_of(
        index.map(delete),
        st.tuples(index, index).map(lambda ij: duplicate(*ij)),
        st.tuples(index, st.integers(0, 80), st.text(min_size=1, max_size=6)).map(lambda t: insert(*t)),
        st.tuples(index, st.integers(0, 80), st.sampled_from(list(":-[]{}&*!#|>'\"\t%@`,?"))).map(
            lambda t: insert(*t)),
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), _template_mutations(), st.binary(max_size=300)),
       st.sampled_from(["fuzz.yaml", "fuzz.json"]))
def test_any_input_gives_a_plan_or_an_input_error(text, source):
    try:
        loaded = load_plan_text(text, source)
    except InputError as err:
        assert err.problems and all(p.message for p in err.problems)
        assert str(err) and err.to_dict()  # rendering never fails either
    else:
        assert isinstance(loaded.plan, Plan)


# ---------------------------------------------------------------- numbers are plain decimals


def _example_text() -> str:
    return open("examples/plans/noord-veluwe-compleet.yaml", encoding="utf-8").read()


@pytest.mark.parametrize("written", ["1:0:0", "0x9C400", "1_000", "1.0e-400", "1E3", "0o17", ".inf"])
def test_yaml_amounts_are_plain_decimals_or_a_located_error(written):
    """YAML 1.1 would read 1:0:0 as 3600, 0x9C400 as 640000, 1.0e-400 as 0: silently another amount."""
    text = _example_text()
    line = _line_of(text, "unit_price:")
    old = text.splitlines()[line - 1]
    changed = text.replace(old, old.split(":")[0] + ": " + written, 1)
    problems = _problems(changed)
    assert [(p.path, p.line) for p in problems] == [("/budget/cost_lines/0/unit_price", line)]
    assert written in problems[0].message


def test_yaml_decimal_forms_still_read_as_numbers():
    from engine.plan.loader import _PlanLoader
    assert yaml.load("[12, -3, 0123, 12.50, +7]", Loader=_PlanLoader) == [12, -3, 123, 12.5, 7]


@pytest.mark.parametrize("written", ["1e-400", "1E3", "2.5e2"])
def test_json_numbers_with_an_exponent_are_a_located_error(written):
    """json and pydantic read 1e-400 as 0.0 without a word."""
    data = _template_data()
    data["budget"]["cost_lines"][0]["unit_price"] = "@@"
    text = json.dumps(data, default=str, indent=2).replace('"@@"', written)
    p = _only(text, "plan.json")
    assert p.path == "/budget/cost_lines/0/unit_price" and written in p.message
    assert p.line == _line_of(text, written)
