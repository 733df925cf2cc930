"""Plan -> facts: values, units, provenance (JSON pointers) and formulas of computed facts."""
from __future__ import annotations

import datetime as dt

from engine.facts import check_against_catalogue, derive_facts
from engine.plan.model import Plan
from tests.plans import good_plan


def _facts(data):
    return derive_facts(Plan.model_validate(data))


def _resolve(data, pointer: str):
    node = data
    for part in pointer.strip("/").split("/"):
        if part == "":
            continue
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def test_every_declared_fact_is_derived_and_nothing_else():
    assert check_against_catalogue(_facts(good_plan())) == []


def test_all_pointers_resolve_in_the_plan_document():
    data = good_plan()
    facts = _facts(data)
    pointers = [p for f in facts.plan.values() for p in f.pointers]
    pointers += [p for items in facts.items.values() for i in items for f in i.fields.values() for p in f.pointers]
    pointers += [i.pointer for items in facts.items.values() for i in items]
    assert pointers
    for p in pointers:
        if p.endswith(("/answers_decision", "/quantity", "/unit_price", "/indicator", "/justification", "/due",
                       "/explanation", "/activity", "/owner", "/hours_per_week", "/brin")):
            continue  # optional fields point where the value would be
        _resolve(data, p)  # raises KeyError/IndexError when a pointer is wrong


def test_counts_distinct_brin_and_types():
    data = good_plan()
    data["partners"].append({**data["partners"][1], "id": "v2b", "name": "Zelfde school, andere naam"})
    facts = _facts(data)
    assert facts.plan["technical_vmbo_school_count"].value == 2  # same BRIN counts once
    assert "11AA00" in facts.plan["technical_vmbo_school_count"].formula
    assert facts.plan["mbo_count"].value == 1
    assert facts.plan["business_count"].value == 1
    assert facts.plan["lead_school_has_technical_profile"].value is True


def test_cofinancing_share_in_basis_points_rounds_down_with_formula():
    data = good_plan()
    data["budget"]["cofinancing"][0]["amount"] = 29999.99  # of 300,000.00 total
    f = _facts(data).plan["cofinancing_share_bp"]
    assert f.value == 999  # 9.9999...% must not become 10%
    # the share is shown cut off, as the basis points are: never a rounded 0.1000 beside 999
    assert f.formula == "29999.99 / 300000.00 = 0.099999... -> 999 basispunten (naar beneden afgerond)"
    assert "/budget/cofinancing/0/amount" in f.pointers
    data["budget"]["cofinancing"][0]["amount"] = 30000
    f = _facts(data).plan["cofinancing_share_bp"]
    assert f.value == 1000
    assert f.formula == "30000.00 / 300000.00 = 0.1 -> 1000 basispunten (naar beneden afgerond)"  # exact: no dots


def test_the_shown_share_always_agrees_with_the_basis_points():
    data = good_plan()
    for cents in (1, 99, 2999999, 3563040, 2999999 + 1, 12345678, 29999999):
        data["budget"]["cofinancing"][0]["amount"] = cents / 100
        f = _facts(data).plan["cofinancing_share_bp"]
        shown = f.formula.split(" = ")[1].split(" ->")[0].rstrip(".")
        whole, _, decimals = shown.partition(".")
        assert int(whole) * 10000 + int((decimals + "0000")[:4]) == f.value, f.formula


def test_cofinancing_by_non_business_partners_does_not_count():
    data = good_plan()
    data["budget"]["cofinancing"].append({"partner": "v1", "year": 2020, "kind": "cash", "amount": 50000})
    assert _facts(data).plan["cofinancing_business_cents"].value == 3000000


def test_share_is_absent_when_there_are_no_costs():
    data = good_plan()
    data["budget"]["cost_lines"] = []
    facts = _facts(data)
    assert "cofinancing_share_bp" not in facts.plan
    assert facts.plan["total_cost_cents"].value == 0


def test_money_in_cents_dates_as_day_numbers():
    facts = _facts(good_plan())
    assert facts.plan["total_cost_cents"].value == 30000000
    assert facts.plan["submission_day"].value == dt.date(2019, 3, 15).toordinal()
    line = facts.items["cost_line"][0]
    assert line.fields["calculated_cents"].value == 20000000
    assert line.fields["calculated_cents"].formula == "10 x 20000.00 = 200000.00"
    assert line.pointer == "/budget/cost_lines/0"


def test_item_facts_for_missing_parts():
    data = good_plan()
    data["activities"].append({"id": "A3", "title": "Leeg", "owner": "onbekend"})
    data["activities"][0]["milestones"].append({"description": "Zonder datum"})
    data["budget"]["cost_lines"].append({"id": "K9", "activity": "A9", "year": 2022, "category": "other",
                                         "amount": 5000})
    facts = _facts(data)
    a3 = next(i for i in facts.items["activity"] if i.key == "A3")
    assert (a3.fields["objective_count"].value, a3.fields["milestone_count"].value,
            a3.fields["owner_is_partner"].value) == (0, 0, False)
    undated = next(i for i in facts.items["milestone"] if i.key == "A1#2")
    assert undated.fields["due_day"].value == -1
    k9 = next(i for i in facts.items["cost_line"] if i.key == "K9")
    assert (k9.fields["has_calculation"].value, k9.fields["activity_known"].value,
            k9.fields["calculated_cents"].value) == (False, False, -1)


def test_engine_facts_are_flat_and_typed():
    facts = _facts(good_plan())
    flat = facts.engine_facts(("activity", "cost_line"))
    assert flat[0]["t"] == "plan" and flat[0]["id"] == "plan"
    assert {f["t"] for f in flat} == {"plan", "activity", "cost_line"}
    assert len({f["id"] for f in flat}) == len(flat)
    for f in flat:
        assert all(isinstance(v, (int, bool, str)) for v in f.values()), f


def test_project_leader_hours_optional():
    data = good_plan()
    del data["organisation"]["project_leader"]["hours_per_week"]
    assert "project_leader_minutes_per_week" not in _facts(data).plan
    data["organisation"]["project_leader"]["hours_per_week"] = 7.5
    assert _facts(data).plan["project_leader_minutes_per_week"].value == 450


def test_item_fact_gives_what_fields_gives_for_every_item_of_every_example():
    # Item.fact builds one field on demand; it must agree with the full lazy `fields`, before and after those are built
    from pathlib import Path

    from engine.plan import load_plan
    for path in sorted(Path("examples/plans").glob("*.yaml")):
        facts = derive_facts(load_plan(path).plan)
        for items in facts.items.values():
            for item in items:
                singly = {name: item.fact(name) for name in item.values}
                assert singly == item.fields, (path.name, item.fact_id)
                assert {name: item.fact(name) for name in item.values} == item.fields
                assert item.fact("no_such_field") is None
