"""The fix hint fits the value found: quotes around a number are 'remove the quotes', a text where a
number belongs is 'fill in a number', an empty value is 'fill in a value' (engine/plan/loader.py,
worded by catalogue id, so the problem carries its Dutch)."""
from __future__ import annotations

import pytest
import yaml

from engine.errors import InputError
from engine.errors_nl import render_input_error
from engine.plan import load_plan_text
from tests.plans import good_plan


def _problem(path: tuple, value):
    data = good_plan()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InputError) as err:
        load_plan_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "plan.yaml")
    [p] = [p for p in err.value.problems if p.path == "/" + "/".join(str(k) for k in path)]
    return p, err.value


ROUND = ("submission", "round")
SIGNED = ("partners", 0, "cooperation_agreement", "signed")
HOURS = ("organisation", "project_leader", "hours_per_week")


@pytest.mark.parametrize("path,value,hint_nl", [
    (ROUND, "een", "vul een geheel getal in, bijvoorbeeld 1"),
    (ROUND, "1", "haal de aanhalingstekens om de waarde weg"),
    (ROUND, 1.5, "vul een geheel getal in, bijvoorbeeld 1"),
    (ROUND, None, "vul een waarde in: een geheel getal, bijvoorbeeld 1"),
    (SIGNED, "ja", "vul true (ja) of false (nee) in"),
    (SIGNED, "true", "haal de aanhalingstekens om de waarde weg"),
    (HOURS, "zestien", "vul een getal in, bijvoorbeeld 16 of 2.5"),
    (HOURS, "16", "haal de aanhalingstekens om de waarde weg"),
    (HOURS, "12,5", "schrijf het getal met een decimale punt in plaats van een komma, zonder aanhalingstekens "
                    "(bijvoorbeeld 2.5)"),
    (("region", "name"), None, "vul hier een tekst in"),
    (("organisation", "monitoring"), None, "vul hier een tekst in, of laat het veld weg"),
    (("region", "name"), 42, "zet de waarde tussen aanhalingstekens, dan wordt ze als tekst gelezen"),
])
def test_hint_fits_the_value_found(path, value, hint_nl):
    problem, error = _problem(path, value)
    assert problem.nl_hint == hint_nl
    assert f"oplossing: {hint_nl}" in render_input_error(error)


def test_round_een_is_not_told_to_remove_quotes():
    problem, _ = _problem(ROUND, "een")
    assert "quotes" not in problem.hint and problem.hint == "write a whole number, e.g. 1"
