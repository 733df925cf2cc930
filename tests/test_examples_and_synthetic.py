"""The example plans (examples/plans/) and the synthetic plan generator (tests/synthetic.py).

(a) Every example validates, gives facts that match the catalogue, and — through the whole
    pipeline — fails exactly the rules its header comment promises.
(b) generate_plans(300) gives valid, reproducible plans whose facts reach every boundary the
    rulebook draws, so that tests built on them (the differential test) exercise both sides.
"""
from __future__ import annotations

import collections
import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from engine.facts import check_against_catalogue, derive_facts
from engine.plan.model import Plan
from tests.synthetic import DEFECT_KINDS, generate_plan, generate_plans

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = ROOT / "examples" / "plans"

# file -> (outcome, rules that fail, rules that cannot be decided); everything else passes or is n/a
EXPECTED = {
    "noord-veluwe-compleet.yaml": ("positive_advice", set(), set()),
    "zuidwest-drenthe-techniekarm.yaml": ("positive_advice", set(), set()),
    "activiteiten-zonder-doelen.yaml": ("negative_advice", {"ACT-02", "ACT-03"}, set()),
    "geen-projectorganisatie.yaml": ("negative_advice", {"ORG-01", "ORG-02"}, {"ORG-04"}),
    "begroting-zonder-onderbouwing.yaml": ("negative_advice", {"FIN-01", "FIN-03"}, set()),
    "onvoldoende-partners.yaml": ("ineligible", {"PART-01"}, set()),
    "cofinanciering-net-onder-10.yaml": ("negative_advice", {"FIN-04"}, set()),
}
NOT_APPLICABLE = {"technical": {"FIN-06", "PART-08"}, "low_technical": {"FIN-05", "PART-01"}}


def _example(name: str) -> dict:
    return yaml.safe_load((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def _day(y: int, m: int, d: int) -> int:
    return dt.date(y, m, d).toordinal()


# ---------------------------------------------------------------- (a) the example plans


def test_the_examples_are_exactly_the_documented_set():
    assert sorted(p.name for p in EXAMPLES_DIR.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_validates_and_its_facts_match_the_catalogue(name):
    text = (EXAMPLES_DIR / name).read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines()[:40] if line.startswith("#"))
    assert text.startswith("#"), "each example opens with a comment saying what it shows and what to expect"
    assert "Verwachte uitkomst" in header
    outcome, failing, _ = EXPECTED[name]
    assert all(rule in header for rule in failing), "the header names the rules that fail"
    plan = Plan.model_validate(yaml.safe_load(text))
    facts = derive_facts(plan)
    assert check_against_catalogue(facts) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_is_realistic(name):
    """The numbers a reader would check by hand add up."""
    data = _example(name)
    plan = Plan.model_validate(data)
    assert plan.submission.round == 1 and dt.date(2019, 3, 1) <= plan.submission.date <= dt.date(2019, 3, 31)
    assert 6 <= len(plan.activities) <= 10
    assert 15 <= len(plan.budget.cost_lines) <= 40
    for line in plan.budget.cost_lines:
        assert 2020 <= line.year <= 2023
        if line.quantity is not None and line.unit_price is not None:
            assert line.amount == line.quantity * line.unit_price, line.id  # exactly, not within a euro
    for activity in plan.activities:
        assert 1 <= len(activity.main_goals) <= 2
        for m in activity.milestones:
            assert m.due is not None and 2020 <= m.due.year <= 2023
    total = sum(line.amount for line in plan.budget.cost_lines)
    requested = sum(r.amount for r in plan.budget.requested_subsidy)
    business = {p.id for p in plan.partners if p.type.value == "business"}
    cofin = sum(c.amount for c in plan.budget.cofinancing if c.partner in business)
    assert requested + cofin <= total
    assert Decimal("0.80") <= requested / total <= Decimal("0.90")
    if plan.region.kind.value == "technical":
        assert 3_000_000 <= total <= 6_000_000
    else:
        assert 600_000 <= requested <= 2_000_000
    brins = [p.brin for p in plan.partners if p.brin]
    assert len(brins) == len(set(brins))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_fails_exactly_the_rules_it_is_about(name):
    assess = pytest.importorskip("engine.assess")
    result = assess.assess_file(EXAMPLES_DIR / name)
    outcome, failing, undecided = EXPECTED[name]
    by_reason = collections.defaultdict(set)
    for f in result.verdict.to_json()["findings"]:
        by_reason[f["reason"]].add(f["rule_id"])
    assert by_reason["engine_fail"] | by_reason["assumed_basis"] == failing
    assert by_reason["missing_evidence"] == undecided
    assert by_reason["not_applicable"] == NOT_APPLICABLE[result.verdict.to_json()["plan"]["region_kind"]]
    assert result.verdict.to_json()["outcome"] == outcome


def test_cofinancing_example_is_a_few_hundred_euros_short():
    assess = pytest.importorskip("engine.assess")
    result = assess.assess_file(EXAMPLES_DIR / "cofinanciering-net-onder-10.yaml")
    assert result.facts.plan["cofinancing_share_bp"].value == 999
    fin04 = next(f for f in result.verdict.to_json()["findings"] if f["rule_id"] == "FIN-04")
    assert 100_00 <= fin04["remediation"]["gap"] <= 900_00  # cents


# ---------------------------------------------------------------- (b) the synthetic generator


@pytest.fixture(scope="module")
def synthetic() -> list[dict]:
    return list(generate_plans(300))


@pytest.fixture(scope="module")
def synthetic_facts(synthetic):
    return [derive_facts(Plan.model_validate(data)) for data in synthetic]


def test_synthetic_plans_validate_and_match_the_catalogue(synthetic):
    for n, data in enumerate(synthetic):
        plan = Plan.model_validate(data)
        assert check_against_catalogue(derive_facts(plan)) == [], n
        json.dumps(data)  # plain data: also valid JSON


def test_synthetic_plans_are_deterministic_and_leave_global_random_alone(synthetic):
    random.seed(12345)
    state = random.getstate()
    again = list(generate_plans(300))
    assert random.getstate() == state
    assert again == synthetic
    assert generate_plan(42) == generate_plan(42)
    assert generate_plan(42) != generate_plan(43)
    assert list(generate_plans(5, seed=1)) != list(generate_plans(5, seed=2))
    assert generate_plan(7, defect_rate=0.5) != generate_plan(7, defect_rate=0.0)


def test_synthetic_rejects_a_nonsense_defect_rate():
    with pytest.raises(ValueError):
        generate_plan(1, defect_rate=1.5)


def test_synthetic_sizes_and_kinds_vary(synthetic):
    plans = [Plan.model_validate(d) for d in synthetic]
    assert all(3 <= len(p.partners) <= 15 for p in plans)
    assert {len(p.partners) for p in plans} >= {4, 10}
    assert all(len(p.activities) <= 15 for p in plans)
    assert {len(p.activities) for p in plans} >= {2, 15}
    assert all(len(a.milestones) <= 4 for p in plans for a in p.activities)
    assert all(len(p.budget.cost_lines) <= 60 for p in plans)
    assert {len(p.budget.cost_lines) for p in plans} >= {5, 60}
    assert all(len(p.budget.cofinancing) <= 6 for p in plans)
    assert {len(p.budget.cofinancing) for p in plans} >= {0, 6}
    assert {p.region.kind.value for p in plans} == {"technical", "low_technical"}
    assert {p.submission.round for p in plans} == {1, 2}


def test_synthetic_facts_reach_every_boundary(synthetic_facts):
    plan_values = collections.defaultdict(set)
    absent = collections.Counter()
    pairs = set()
    for facts in synthetic_facts:
        v = {k: f.value for k, f in facts.plan.items()}
        for k, value in v.items():
            plan_values[k].add(value)
        for optional in ("cofinancing_share_bp", "project_leader_minutes_per_week"):
            if optional not in v:
                absent[optional] += 1
        if "project_leader_minutes_per_week" not in v and v["has_project_leader"]:
            absent["leader_without_hours"] += 1
        pairs.add((v["round"], v["submission_day"]))
        if v["region_kind"] == "low_technical":
            plan_values["low_technical_requested"].add(v["requested_total_cents"])
        if v["total_cost_cents"] and v["requested_total_cents"] + v["cofinancing_business_cents"] == v["total_cost_cents"]:
            absent["fin08_exact"] += 1
        if v["region_kind"] == "technical" and v["submission_day"] >= _day(2019, 2, 27):
            # the regional maximum of rulebook 2019-02-27 (vso students count) for the four years, in cents
            maximum = sum(v[f"{prefix}students_{group}"] * rate
                          for prefix in ("", "vso_")
                          for group, rate in (("hard_bbkb", 1_589_500), ("hard_gl", 794_750),
                                              ("other_bbkb", 1_589_500), ("other_gl", 794_750)))
            plan_values["total_minus_maximum"].add(v["requested_2020_2023_cents"] - maximum)

    # co-financing exactly 10.00% and 9.99%, and no share at all (total costs 0)
    assert {1000, 999} <= plan_values["cofinancing_share_bp"]
    assert 0 in plan_values["total_cost_cents"] and absent["cofinancing_share_bp"] > 0
    # the 2020-2023 request exactly on the regional maximum, and one cent over it
    assert {0, 1} <= plan_values["total_minus_maximum"]
    # exactly two and one technical vmbo school
    assert {1, 2} <= plan_values["technical_vmbo_school_count"]
    # low-technical requested totals on and just outside the bounds
    assert {600_000_00, 2_000_000_00, 599_999_99, 2_000_000_01} <= plan_values["low_technical_requested"]
    # submission on the window edges, in and out of the right round
    for pair in [(1, _day(2019, 3, 1)), (1, _day(2019, 3, 31)), (1, _day(2019, 4, 1)), (1, _day(2019, 2, 28)),
                 (2, _day(2019, 4, 1)), (2, _day(2019, 9, 30)), (2, _day(2019, 10, 1)), (2, _day(2019, 3, 31))]:
        assert pair in pairs, pair
    assert {True, False} <= plan_values["answers_earlier_decision"]
    # project leader: 8 hours, 7.99 hours, no hours given, no leader
    assert {480, 479} <= plan_values["project_leader_minutes_per_week"]
    assert absent["leader_without_hours"] > 0
    assert False in plan_values["has_project_leader"] and False in plan_values["project_leader_partner_known"]
    # forecast horizon on the edge
    assert {9, 10} <= plan_values["forecast_horizon_years"]
    # subsidy + co-financing exactly the costs, and over them
    assert absent["fin08_exact"] > 0
    assert {False, True} <= plan_values["lead_school_has_technical_profile"]
    assert {False, True} <= plan_values["lead_school_is_vocational_vmbo"]
    assert 0 in plan_values["mbo_count"] and 0 in plan_values["business_count"]
    assert 0 in plan_values["signed_partner_count"] and 0 in plan_values["core_partner_count"]
    assert False in plan_values["has_regional_vision"] and 0 in plan_values["activity_count"]
    assert 0 in plan_values["labour_market_analysis_chars"] and 0 in plan_values["labour_market_source_count"]
    for key in ("steering_group_size", "decision_making_chars", "monitoring_chars", "reporting_chars"):
        assert 0 in plan_values[key], key


def test_synthetic_item_facts_reach_every_boundary(synthetic_facts):
    seen = collections.defaultdict(set)
    off_by = set()
    for facts in synthetic_facts:
        for item_type, items in facts.items.items():
            for item in items:
                for name, f in item.fields.items():
                    seen[(item_type, name)].add(f.value)
                if item_type == "cost_line" and item.fields["has_calculation"].value:
                    off_by.add(abs(item.fields["amount_cents"].value - item.fields["calculated_cents"].value))
    # milestones on the first and last day of the spending period, a day outside, and undated
    due = seen[("milestone", "due_day")]
    assert {_day(2020, 1, 1), _day(2023, 12, 31), _day(2019, 12, 31), _day(2024, 1, 1), -1} <= due
    assert 0 in seen[("milestone", "indicator_chars")]
    # cost lines: exactly EUR 1.00 off (tolerated), EUR 1.01 off and more, no calculation at all
    assert {0, 100, 101} <= off_by and max(off_by) > 101
    assert False in seen[("cost_line", "has_calculation")]
    assert False in seen[("cost_line", "activity_known")]
    assert 0 in seen[("cost_line", "explanation_chars")]
    assert {2019, 2020, 2023, 2024} <= seen[("cost_line", "year")]
    # activities without owner among the partners, description, objectives, milestones, main goals
    assert False in seen[("activity", "owner_is_partner")]
    for name in ("description_chars", "objective_count", "milestone_count", "main_goal_count"):
        assert 0 in seen[("activity", name)], name
    assert False in seen[("partner", "agreement_signed")]
    # small offers with and without a justification
    small_unjustified = small_justified = False
    for facts in synthetic_facts:
        for item in facts.items["offer_decision"]:
            if item.fields["small_offer"].value:
                small_justified |= item.fields["justification_chars"].value > 0
                small_unjustified |= item.fields["justification_chars"].value == 0
    assert small_justified and small_unjustified


def test_every_defect_kind_names_rules_of_the_rulebook():
    from engine.rulebook import load_library

    library = load_library()
    ids = {r.id for r in library.get("sto-2020-2023@2018-09-13").rules}
    named = {rule for rules in DEFECT_KINDS.values() for rule in rules}
    assert named <= {r.id for book in library.books for r in book.rules}
    assert ids <= named, f"rules no defect kind aims at: {sorted(ids - named)}"


def test_every_rule_both_passes_and_fails_in_the_sample(synthetic):
    """Through the whole pipeline (engine, not the oracle): each rule of the versions in force is seen
    passing in some plan and failing or undecidable in another."""
    assess = pytest.importorskip("engine.assess")
    from engine.plan.loader import LoadedPlan

    assessor = assess.Assessor()
    sides = collections.defaultdict(collections.Counter)
    for n, data in enumerate(synthetic):
        loaded = LoadedPlan(plan=Plan.model_validate(data), source=f"synthetic-{n}", raw=b"", sha256="0" * 64)
        for f in assessor.assess(loaded).verdict.to_json()["findings"]:
            sides[f["rule_id"]][f["status"]] += 1
    one_sided = {r: dict(c) for r, c in sides.items() if not (c["pass"] and (c["fail"] or c["needs_review"]))}
    assert not one_sided


def test_without_defects_every_synthetic_plan_gets_positive_advice():
    assess = pytest.importorskip("engine.assess")
    from engine.plan import load_plan_text

    assessor = assess.Assessor()
    for n, data in enumerate(generate_plans(60, seed=99, defect_rate=0.0)):
        # through YAML text and the safe loader, as the benchmark does
        loaded = load_plan_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode(), f"plan-{n}")
        verdict = assessor.assess(loaded).verdict.to_json()
        assert verdict["outcome"] == "positive_advice", (n, [(f["rule_id"], f["status"]) for f in verdict["findings"]
                                                              if f["status"] not in ("pass", "not_applicable")])
