"""The loader's fast paths give what the full checks give: the same data and plan when valid, and
the full path (with its messages) for everything else."""
from __future__ import annotations

import datetime as dt
import json
import math
import typing
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from engine.errors import InputError
from engine.plan import Plan, load_plan_text
from engine.plan import loader as _loader
from engine.plan import model as _model
from tests.synthetic import generate_plans


def _full_path(text: str) -> tuple[dict, Plan | None, list]:
    data, _ = _loader._read_json(text, "x.json")
    plan, problems = _loader._validate(data)
    return data, plan, problems


def _plans_as_json() -> list[str]:
    plans = list(generate_plans(40, seed=11)) + list(generate_plans(40, seed=12, defect_rate=0.6))
    return [json.dumps(p, ensure_ascii=False, default=str) for p in plans]


@pytest.mark.parametrize("text", _plans_as_json())
def test_fast_json_path_agrees_with_the_full_path(text):
    fast = _loader._valid_json_plan(text)
    data, plan, problems = _full_path(text)
    if plan is None or problems:
        assert fast is None
    else:
        assert fast is not None
        assert fast[0] == data and list(fast[0]) == list(data)
        assert fast[1] == plan and fast[1].model_dump() == plan.model_dump()


def _some_plan() -> dict:
    return next(iter(generate_plans(1, seed=3)))


@pytest.mark.parametrize("edit", [
    lambda t: t.replace('"region": {', '"region": {"name": "x", ', 1),  # a repeated key, first value lost
    lambda t: t.replace('"region": {', '"region": {"kind": "x:y", ', 1),  # a repeated key holding a colon
    lambda t: t.replace('"region": {', '"region": {"name": "a\\nb: \\"c\\"", ', 1),  # with escapes, none a colon
    lambda t: t.replace('"name": "', '"n\\u0061me": "', 1).replace('"region": {', '"region": {"name": "r", ', 1),
])
def test_repeated_keys_take_the_full_path_and_are_refused(edit):
    text = edit(json.dumps(_some_plan(), ensure_ascii=False))
    assert _loader._valid_json_plan(text) is None
    with pytest.raises(InputError, match="appears twice"):
        load_plan_text(text, "x.json")


def test_escaped_colons_take_the_full_path_with_the_same_result():
    plan = _some_plan()
    plan["region"]["name"] = "Regio: Noord"
    text = json.dumps(plan, ensure_ascii=True).replace(":", "\\u003a").replace('"\\u003a ', '": ')
    assert "\\u003a" in text
    assert _loader._valid_json_plan(text) is None
    assert load_plan_text(text, "x.json").plan.region.name == "Regio: Noord"


def test_colons_in_texts_keep_the_fast_path():
    plan = _some_plan()
    plan["region"]["name"] = "Regio: Noord: Oost"
    text = json.dumps(plan, ensure_ascii=False)
    fast = _loader._valid_json_plan(text)
    assert fast is not None and fast[1].region.name == "Regio: Noord: Oost"


@pytest.mark.parametrize("number", ["123456789012345678901234567890", "1e400", "NaN", "-0", "1" * 5000])
def test_numbers_the_parsers_may_differ_on_give_the_full_path_answer(number):
    text = json.dumps(_some_plan()).replace('"round": 1', f'"round": {number}', 1)
    text = text.replace('"round": 2', f'"round": {number}', 1)
    assert f'"round": {number}' in text
    fast = _loader._valid_json_plan(text)
    assert fast is None or fast[0] == _full_path(text)[0]
    with pytest.raises(InputError):
        load_plan_text(text, "x.json")


def _max_depth(annotation: typing.Any, seen: frozenset = frozenset()) -> int:
    """Nesting levels of containers a valid document can have below a field of this type."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        assert annotation not in seen, "a recursive model would allow any depth"
        return 1 + max((_max_depth(f.annotation, seen | {annotation}) for f in annotation.model_fields.values()),
                       default=0)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    assert origin not in (dict, list) and annotation not in (typing.Any, object, dict, list)
    if origin is tuple:
        return 1 + max(_max_depth(a, seen) for a in args if a is not Ellipsis)
    return max((_max_depth(a, seen) for a in args), default=0)


def test_a_valid_plan_is_far_less_deep_than_the_depth_limit():
    # The fast path skips the depth walk: only documents the model accepts pass it.
    assert _max_depth(Plan) < _loader.MAX_DEPTH


_MONEY = [0, 1, 12500, 10**9, 10**9 + 1, -1, 10**40, True, False, 0.0, -0.0, 0.1, 12.3, 12.345, 33840.46,
          999999999.99, 999999999.999, 1e9, 1e9 + 0.5, 1e10, -0.01, math.inf, -math.inf, math.nan,
          "12", " 12.50 ", "1e3", "abc", Decimal("12.5"), Decimal("-0"), None, [1]]
_QUANTITY = [0, 1, 503, 10**8, 10**8 + 1, -1, 10**40, True, 0.0, -0.0, 1.5, 1.2345, 1e8, math.nan, "3",
             "x", Decimal("2.5"), None]
_DATES = ["2020-01-01", " 2020-01-01 ", "2020-01-01 ", "2020-01-0x", "2020-13-01", "0000-01-01",
          "2019-02-30", "2020-1-1", "２０２０-01-01", "", 20200101,
          dt.date(2020, 1, 1), dt.datetime(2020, 1, 1, 12), None]


def _outcome(func, value):
    try:
        result = func(value)
    except ValueError as exc:
        return "error", str(exc)
    return "ok", type(result), str(result), repr(result)


@pytest.mark.parametrize(("fast", "full", "values"), [
    (_model._parse_money, _model._money_from, _MONEY),
    (_model._parse_quantity, _model._quantity_from, _QUANTITY),
    (_model._parse_date, _model._date_from, _DATES),
])
def test_validator_fast_paths_agree_with_the_full_checks(fast, full, values):
    for value in values * 2:  # twice: the second time from the date cache
        assert _outcome(fast, value) == _outcome(full, value), value


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(-10, 2 * 10**9), st.floats(allow_nan=True, allow_infinity=True),
                 st.decimals(allow_nan=False, places=3, max_value=2 * 10**9)))
def test_money_and_quantity_fast_paths_agree_for_any_number(value):
    assert _outcome(_model._parse_money, value) == _outcome(_model._money_from, value)
    assert _outcome(_model._parse_quantity, value) == _outcome(_model._quantity_from, value)


def test_date_cache_is_bounded():
    for day in range(_model._DATE_CACHE_SIZE + 10):
        _model._parse_date((dt.date(2000, 1, 1) + dt.timedelta(days=day)).isoformat())
    assert len(_model._DATE_CACHE) <= _model._DATE_CACHE_SIZE
    padded = " " * 1000 + "2020-01-01"
    assert _model._parse_date(padded) == dt.date(2020, 1, 1)
    assert padded not in _model._DATE_CACHE  # only short texts are kept


def test_duplicate_ids_still_reported_by_the_model():
    plan = _some_plan()
    plan["partners"][1]["id"] = plan["partners"][0]["id"]
    with pytest.raises(InputError, match="is used twice"):
        load_plan_text(json.dumps(plan), "x.json")


_YAML_SCALARS = ["0", "7", "12500", "007", "0o7", "1_000", "+5", "-3", "0x1f", "0b101", "1:30", "1" * 30, "１２",
                 "2020-01-01", "2019-02-30", "0000-01-01", "2020-1-1", "2020-01-01 10:00:00", "2020-01-01T10:00:00Z",
                 "!!timestamp 2020-01-01", "!!int 12", "!!int '12'", "yes", "no", "on", "~", "null", "1.5", ".inf",
                 "'12'", '"2020-01-01"', "text: with colon", "- list"]


def _read_both(text: str) -> tuple:
    """What the one-walk read gives (the full checks when it fails, as _read_yaml does), and what
    the full checks give."""
    outcomes = []
    for reads in ((_loader._read_yaml_composed, _loader._read_yaml_checked), (_loader._read_yaml_checked,)):
        for read in reads:
            try:
                outcomes.append(("ok", read(text, "x.yaml")[0]))
                break
            except InputError as exc:
                outcomes.append(("error", str(exc)))
                break
            except Exception:  # noqa: BLE001 - the one-walk read gives up: the full checks decide
                continue
    return tuple(outcomes)


@pytest.mark.parametrize("scalar", _YAML_SCALARS)
def test_yaml_one_walk_builds_what_pyyaml_builds(scalar):
    for text in (f"a: {scalar}\n", f"- {scalar}\n", f"{scalar}: 1\n", f"a:\n  b: [{scalar}, x]\n"):
        fast, full = _read_both(text)
        assert fast == full and repr(fast[1]) == repr(full[1]), text


def test_yaml_keys_of_different_type_are_different_keys():
    fast, full = _read_both("1: x\n'1': y\n")
    assert fast == full == ("ok", {1: "x", "1": "y"}), (fast, full)


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "yes: 1\ntrue: 2\n", "a: 1\nb: {c: 1, c: 2}\n",
                                  "01: a\n1: b\n"])
def test_yaml_repeated_keys_are_left_to_the_full_checks(text):
    with pytest.raises(_loader._NotSimple):
        loader = _loader._PlanLoader(text)
        try:
            _loader._build(loader, loader.get_single_node(), 0)
        finally:
            loader.dispose()
    fast, full = _read_both(text)
    assert fast == full


def test_generated_yaml_plans_load_as_their_json():
    yaml = pytest.importorskip("yaml")
    for plan in list(generate_plans(15, seed=5)) + list(generate_plans(15, seed=6, defect_rate=0.6)):
        text = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)
        fast, full = _read_both(text)
        assert fast == full and fast[0] == "ok"
        try:
            from_yaml = load_plan_text(text, "x.yaml")
        except InputError as exc:
            with pytest.raises(InputError) as err:
                load_plan_text(json.dumps(plan, default=str), "x.json")
            assert [p.message for p in err.value.problems] == [p.message for p in exc.problems]
        else:
            assert from_yaml.plan == load_plan_text(json.dumps(plan, default=str), "x.json").plan


_PLAIN = ["", "~", "null", "Null", "yes", "No", "on", "OFF", "true", "True", "name", "type", "2023", "0", "007", "-1",
          "+1", "1_000", "0x1f", "1:30", "1.5", ".5", "1e3", "1.0e+3", ".inf", "-.Inf", ".nan", "2020-01-01",
          "2020-01-01 10:00:00", "<<", "=", "text with spaces", "x" * 65, "1" * 65, "2020-01-01" + "x" * 60]


@pytest.mark.parametrize("value", _PLAIN)
def test_resolve_gives_pyyaml_tags(value):
    yaml = pytest.importorskip("yaml")
    loader = _loader._PlanLoader("")
    try:
        for implicit in ((True, False), (False, True), (True, True), (False, False)):
            for _ in range(2):  # the second time from the cache
                expected = yaml.resolver.BaseResolver.resolve(loader, yaml.ScalarNode, value, implicit)
                assert _loader._resolve(loader, yaml.ScalarNode, value, implicit) == expected
        for kind in (yaml.MappingNode, yaml.SequenceNode):
            for implicit in (True, False):
                assert _loader._resolve(loader, kind, None, implicit) == \
                    yaml.resolver.BaseResolver.resolve(loader, kind, None, implicit)
    finally:
        loader.dispose()
