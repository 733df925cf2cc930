"""Every list in a plan has a bound far above a real plan's, named in a located problem; the
largest plan the bounds allow is assessed in well under a second's worth of facts and its verdict
fits the store."""
from __future__ import annotations

import copy
import json

import pytest

from engine.assess import default_assessor
from engine.errors import InputError
from engine.plan import load_plan, load_plan_text
from engine.store.store import MAX_VERDICT_CHARS

BASE = load_plan("examples/plans/activiteiten-zonder-doelen.yaml").data


def _largest_plan() -> dict:
    """200 activities of 30 milestones each and 2,000 cost lines, every one of them failing a rule."""
    d = json.loads(json.dumps(BASE, default=str))
    first = d["activities"][0]
    d["activities"] = [{**copy.deepcopy(first), "id": f"A{i}", "objectives": [],
                        "milestones": [{"description": f"mijlpaal {j}", "due": "2021-01-01"} for j in range(30)]}
                       for i in range(200)]
    line = {k: v for k, v in d["budget"]["cost_lines"][0].items() if k != "explanation"}
    d["budget"]["cost_lines"] = [{**line, "id": f"K{i}", "activity": f"A{i % 200}"} for i in range(2000)]
    return d


@pytest.mark.parametrize("path, key, limit", [
    ("/activities", None, 200), ("/activities/0/milestones", "milestones", 30),
    ("/budget/cost_lines", "cost_lines", 2000), ("/activities/0/objectives", "objectives", 30),
])
def test_a_list_over_its_bound_is_a_located_problem_naming_the_bound(path, key, limit):
    d = json.loads(json.dumps(BASE, default=str))
    if path == "/activities":
        d["activities"] = [{**d["activities"][0], "id": f"A{i}"} for i in range(limit + 1)]
    elif key == "cost_lines":
        line = d["budget"]["cost_lines"][0]
        d["budget"]["cost_lines"] = [{**line, "id": f"K{i}"} for i in range(limit + 1)]
    else:
        d["activities"][0][key] = [d["activities"][0][key][0] if d["activities"][0][key] else "doel"] * (limit + 1) \
            if key == "objectives" else [{"description": "m", "due": "2021-01-01"}] * (limit + 1)
    with pytest.raises(InputError) as err:
        load_plan_text(json.dumps(d), "plan.json")
    [problem] = [p for p in err.value.problems if p.path == path]
    assert f"at most {limit} items" in (problem.expected or "") and problem.line is not None


def test_the_largest_plan_the_bounds_allow_is_assessed_and_its_verdict_fits_the_store():
    text = json.dumps(_largest_plan())
    assert len(text) < 2_000_000  # the service's body limit
    verdict = default_assessor().assess(load_plan_text(text, "plan.json")).verdict.to_json()
    size = len(json.dumps(verdict, default=str))
    assert size < MAX_VERDICT_CHARS / 2
    failing = {f["rule_id"]: len(f["violations"] or ()) for f in verdict["findings"] if f["status"] == "fail"}
    assert failing["ACT-02"] == 200 and failing["FIN-03"] == 2000


def test_the_store_refuses_a_verdict_over_its_bound(tmp_path):
    from engine.store import open_store
    from engine.store.store import StoreError

    raw = open("examples/plans/activiteiten-zonder-doelen.yaml", "rb").read()
    verdict = default_assessor().assess(load_plan_text(raw, "plan.yaml")).verdict
    verdict = verdict.replace(plan=verdict.plan.replace(region="x" * MAX_VERDICT_CHARS))
    with open_store(f"sqlite:///{tmp_path / 'a.sqlite'}") as store:
        with pytest.raises(StoreError, match="nothing was stored"):
            store.record(plan_bytes=raw, plan_source="p.yaml", verdict=verdict, actor="t", role="committee",
                         mode="pre-screen")
        assert store.count() == 0
