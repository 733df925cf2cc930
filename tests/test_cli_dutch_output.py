"""Dutch CLI output holds no English or internal names: confidence words in `sto funding` and
`sto rulebooks show`, outcome and status names in `sto impact`, rule fields in `sto diff`."""
from __future__ import annotations

import re
from pathlib import Path

import cli

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "examples" / "plans"


def run(args: list[str], capsys) -> tuple[int, str]:
    code = cli.main(args)
    return code, capsys.readouterr().out.replace("\xa0", " ")


def test_funding_says_geverifieerd_and_aanname(capsys):
    code, out = run(["funding", str(PLANS / "noord-veluwe-compleet.yaml")], capsys)
    assert code == 0
    assert "[verified]" not in out and "[assumed]" not in out
    # the published four-year amounts come from the programme site, not the regulation: an assumption
    assert re.search(r"€ 15\.895 +Maximum per bovenbouwleerling in bb of kb.*\(aanname\)", out)
    assert re.search(r"€ 7\.947,50 +Maximum per bovenbouwleerling in de gemengde leerweg.*\(aanname\)", out)
    assert "in het regelboek: rate_bbkb_four_years" in out  # the name, for whoever reads the rulebook


def test_funding_in_english_says_verified(capsys):
    _, out = run(["funding", str(PLANS / "noord-veluwe-compleet.yaml"), "--lang", "en"], capsys)
    assert "(assumption)" in out and "geverifieerd" not in out and "aanname" not in out


def test_rulebooks_show_in_dutch_words(capsys):
    code, out = run(["rulebooks", "show", "sto-2020-2023@2018-09-13"], capsys)
    assert code == 0
    assert "[verified]" not in out and "[assumed]" not in out
    assert "(geverifieerd)" in out and "(aanname)" in out
    for internal in ("eligibility", "partner_composition", "financial", "concreteness"):
        assert not re.search(rf"\b{internal}\b", out), internal
    assert "\n  Subsidiabiliteit en termijnen\n    ELIG-01  knock-out" in out
    assert "\n  Financiële onderbouwing\n" in out


def test_impact_names_outcomes_and_statuses_in_dutch(capsys, tmp_path):
    import yaml

    plan = yaml.safe_load((PLANS / "cofinanciering-net-onder-10.yaml").read_text(encoding="utf-8"))
    plan["submission"] = {"date": "2020-04-15", "round": 3, "answers_decision": "OCW/STO/2019-123"}
    third = tmp_path / "ronde-3.yaml"
    third.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    code, out = run(["impact", "sto-2020-2023@2019-02-27", "sto-2020-2023@2020-03-16", str(third)], capsys)
    assert code == 0
    assert ": niet subsidiabel → negatief advies" in out, out
    assert re.search(r"ELIG-01 +voldoet niet → voldoet", out), out
    assert "ineligible" not in out and "fail → pass" not in out


def test_impact_names_the_problem_of_an_unreadable_plan(capsys, tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text("region:\n  name: X\n  kind: urban\n", encoding="utf-8")
    _, out = run(["impact", "sto-2020-2023@2018-09-13", "sto-2020-2023@2022-07-07", str(bad)], capsys)
    assert "problem(s) found" not in out
    assert f"overgeslagen: {bad}:1:1: het verplichte veld" in out


def test_diff_names_rule_fields_in_dutch(capsys):
    _, out = run(["diff", "sto-2020-2023@2018-09-13", "sto-2020-2023@2022-07-07"], capsys)
    assert "  ~ ELIG-01: grondslag, voorwaarde, meldingen, oplossing" in out
    assert "- next_round_deadline: Uiterste datum om een verbeterd plan in te dienen (tweede ronde), 2019-09-30" in out
    assert "(datum)" in out and "(date)" not in out
