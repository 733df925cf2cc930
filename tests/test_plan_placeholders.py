"""A plan that still holds the `sto init` template's examples is not a plan: the loader names every
example left (line and field path), so the CLI, the API and a pre-screen all refuse it instead of
giving an unedited template a positive advice. Real plans (the examples, the feature plans) never trip."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import cli
from engine.errors import InputError
from engine.plan import INIT_TEMPLATE, load_plan, load_plan_text
from engine.plan.template import PLACEHOLDER_BRINS, PLACEHOLDER_INSTRUCTION, PLACEHOLDER_NAMES
from engine.policy.context import PLAN_DIRS
from tests.plans import FILLED_TEMPLATE, good_plan

ROOT = Path(__file__).resolve().parents[1]


def _line_of(text: str, needle: str, nth: int = 0) -> int:
    return [i for i, ln in enumerate(text.splitlines(), 1) if needle in ln][nth]


def _problems(text: str, source: str = "plan.yaml"):
    with pytest.raises(InputError) as err:
        load_plan_text(text, source)
    return err.value.problems


def test_the_unedited_template_names_every_example_left_with_line_and_field():
    problems = _problems(INIT_TEMPLATE)
    assert all(p.message == "an example value of the `sto init` template is still here" for p in problems)
    where = {(p.path, p.line, p.found) for p in problems}
    assert ("/region/name", _line_of(INIT_TEMPLATE, "name: Regio Voorbeeld"), "'Regio Voorbeeld'") in where
    assert ("/lead_applicant/school_brin", _line_of(INIT_TEMPLATE, "school_brin: 99XX00"), "'99XX00'") in where
    assert ("/partners/2/brin", _line_of(INIT_TEMPLATE, "brin: 99ZZ"), "'99ZZ'") in where
    assert ("/organisation/steering_group/1/name", _line_of(INIT_TEMPLATE, "Naam Lid"), "'Naam Lid'") in where
    text = next(p for p in problems if p.path == "/regional_vision/labour_market_analysis/text")
    assert text.line == _line_of(INIT_TEMPLATE, "text: >-") and "instruction" in text.hint  # the folded text starts there
    # every example value the template holds is named, each where it stands
    values = {p.found.strip("'") for p in problems}
    assert PLACEHOLDER_NAMES | PLACEHOLDER_BRINS <= values
    assert len(problems) == 15


def test_every_listed_example_is_in_the_template():
    for value in PLACEHOLDER_NAMES | PLACEHOLDER_BRINS | {PLACEHOLDER_INSTRUCTION}:
        assert value in INIT_TEMPLATE, f"{value!r} is no longer in the template: remove it from the list"


def test_sto_assess_on_the_template_exits_2_not_positive(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    assert cli.main(["init", str(plan)]) == 0
    code = cli.main(["assess", str(plan)])
    out, err = capsys.readouterr()
    assert code == 2 and "POSITIEF" not in out
    line = _line_of(INIT_TEMPLATE, "Naam Projectleider")
    assert f"{plan}:{line}:" in err and "hier staat nog een voorbeeld uit het sjabloon van `sto init`" in err
    assert "veld:      /organisation/project_leader/name" in err and "oplossing: vul de echte naam in" in err


def test_one_example_left_is_one_problem_at_its_line():
    text = FILLED_TEMPLATE.replace("B. Bakker", "Naam Lid")
    [p] = _problems(text)
    assert p.path == "/organisation/steering_group/1/name" and p.line == _line_of(text, "Naam Lid")


def test_examples_are_reported_with_the_schema_problems():
    text = INIT_TEMPLATE.replace("round: 1 ", "round: een ")
    problems = _problems(text)
    assert {"/submission/round", "/region/name"} <= {p.path for p in problems}


def test_json_plans_are_checked_too():
    data = load_plan_text(FILLED_TEMPLATE).data
    data["partners"][0]["brin"] = "99XX00"
    text = json.dumps(data, default=str, indent=2)
    [p] = _problems(text, "plan.json")
    assert p.path == "/partners/0/brin" and p.line == _line_of(text, '"99XX00"')


def test_a_real_plan_is_not_mistaken_for_the_template():
    data = good_plan()
    data["region"]["name"] = "Regio Voorbeeldstad"  # an example word inside a real name
    data["partners"][3]["name"] = "99XX00"  # the sample BRIN outside a BRIN field
    data["activities"][0]["description"] = "Wij beschrijven hier de activiteit."
    text = json.dumps(data, default=str)
    assert load_plan_text(text, "plan.json").plan.region.name == "Regio Voorbeeldstad"
    assert load_plan_text(FILLED_TEMPLATE).plan.region.name == "Regio Zandstad"


def test_example_and_feature_plans_hold_no_template_examples():
    files = sorted(p for folder in [ROOT / "examples" / "plans", *PLAN_DIRS] if folder.is_dir()
                   for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    assert len(files) >= 7
    for path in files:
        load_plan(path)  # raises InputError naming any example left
