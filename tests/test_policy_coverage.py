"""Rule coverage of the Dutch scenarios, and the step vocabulary around them.

The gate: every rule of every rulebook version has a scenario where the engine reports it passing,
and one where it fails (needs review, for rules resting on an assumption). Coverage is counted from
what the engine reported while the scenarios ran, not from tags alone.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

import cli
from engine.assess import Assessor
from engine.policy import DOC, STEPS, ScenarioContext, ScenarioError, UnknownStep, find_step, run_coverage, run_step
from engine.policy.context import FEATURES_DIR, PROJECT_ROOT
from engine.policy.coverage import as_json, build_report, render_text, required_statuses
from engine.policy.values import parse_date, parse_money, parse_percentage, parse_profiles

FAMILY_FILES = ("partnersamenstelling.feature", "concreetheid-activiteiten-en-mijlpalen.feature",
                "financiele-onderbouwing.feature", "projectorganisatie.feature",
                "subsidiabiliteit-en-termijnen.feature")
PROCESS_FILES = ("commissie-oordeel.feature",)  # the committee's judgement and advice, not a criterion family


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


@pytest.fixture(scope="module")
def report(assessor):
    return run_coverage(assessor)


def _write_features(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "proef.feature").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return folder


# ---------------------------------------------------------------- the gate


def test_every_rule_of_every_version_has_a_passing_and_a_failing_scenario(report):
    assert not report.read_errors, report.read_errors
    failed = [f"{r.scenario.where} {r.scenario.name}: {r.error or '; '.join(r.tag_problems)}" for r in report.failed]
    assert not failed, "scenario's mislukt:\n" + "\n".join(failed)
    missing = [f"{rule} ({version}): geen scenario waarin de regel '{status}' is"
               for version, rule, status in report.gaps]
    assert not missing, ("regels zonder scenario aan een van beide kanten (zie docs/gherkin-stappen.md):\n"
                         + "\n".join(missing))


def test_all_rulebook_versions_and_rules_are_in_the_report(report, assessor):
    books = assessor.library.books
    assert len(books) == 7
    data = as_json(report)
    assert data["ok"] is True
    assert [v["version"] for v in data["versions"]] == [b.ref for b in books]
    for book, version in zip(books, data["versions"]):
        assert [r["rule_id"] for r in version["rules"]] == [r.id for r in book.rules]
        for rule in version["rules"]:
            assert rule["statuses"]["pass"], (book.ref, rule["rule_id"])
            other = "needs_review" if rule["assumed"] else "fail"
            assert rule["statuses"][other], (book.ref, rule["rule_id"])


def test_leaving_out_a_rules_scenarios_makes_a_gap_that_names_the_rule(report, assessor):
    # the same scenario results, without those that name ELIG-09: exactly ELIG-09 in 2023-07-20 is missing
    kept = [r for r in report.results if "ELIG-09" not in r.scenario.tagged_rules]
    assert len(kept) < len(report.results)
    thinner = build_report(assessor.library.books, kept, [])
    assert sorted(thinner.gaps) == [("sto-2020-2023@2023-07-20", "ELIG-09", "needs_review"),
                                    ("sto-2020-2023@2023-07-20", "ELIG-09", "pass")]
    text = render_text(thinner, with_scenarios=False)
    assert "ELIG-09: geen scenario waarin de regel 'voldoet' is, in versie 2023-07-20" in text
    assert "ELIG-09: geen scenario waarin de regel 'beoordeling nodig' is, in versie 2023-07-20" in text


def test_an_assumed_rule_needs_a_review_scenario_instead_of_a_failing_one(report, assessor):
    kept = [r for r in report.results
            if not ("PART-05" in r.scenario.tagged_rules and "commissie" in r.scenario.name)]
    thinner = build_report(assessor.library.books, kept, [])
    assert {(rule, status) for _, rule, status in thinner.gaps} == {("PART-05", "needs_review")}


def test_required_sides_follow_the_rule(assessor):
    book = assessor.library.get("sto-2020-2023@2018-09-13")
    rules = {r.id: r for r in book.rules}
    assert required_statuses(rules["PART-01"]) == ("pass", "fail")
    assert required_statuses(rules["ACT-05"]) == ("pass", "needs_review")  # assumed: can never fail
    # FIN-04 reads the co-financing share, which is missing when a plan has no costs
    assert required_statuses(rules["FIN-04"]) == ("pass", "fail", "needs_review")


def test_boundaries_named_by_the_issue_are_specified():
    text = "\n".join((FEATURES_DIR / name).read_text(encoding="utf-8") for name in FAMILY_FILES)
    for needle in ("€ 29.970", "10,00%", "9,99%", "€ 29.999,99", "€ 599.999,99", "€ 600.000",
                   "€ 2.000.000", "€ 2.000.000,01", "€ 4.000.000,01", 'partner "v2" niet in het plan staat',
                   "2019-03-31", "2019-04-01", "2019-09-30", "2019-10-01", "2020-05-31", "2020-06-01",
                   "2023-07-20", "2023-10-01", "2 oktober 2023", "2024-10-01", "2024-10-02"):
        assert needle in text, needle


# ---------------------------------------------------------------- counted from what the engine reported


def test_a_scenario_expecting_the_wrong_status_fails_and_covers_nothing(tmp_path, assessor):
    folder = _write_features(tmp_path / "features", """
        # language: nl
        Functionaliteit: proef
          @regel:PART-01
          Scenario: verkeerde verwachting
            Gegeven het voorbeeldplan "basisplan-2020-2023"
            Dan voldoet regel PART-01 niet

          @regel:PART-02
          Scenario: tag zonder controle
            Gegeven het voorbeeldplan "basisplan-2020-2023"
            Dan voldoet regel PART-01
    """)
    result = run_coverage(assessor, folder)
    wrong, mistagged = result.results
    assert "verwacht dat regel PART-01 'voldoet niet' is, de engine gaf 'voldoet'" in wrong.error
    assert wrong.error.startswith("regel 6: ")  # the line of the failing step
    assert mistagged.error is None
    assert mistagged.tag_problems == [
        "de tag @regel:PART-02 noemt een regel waarvan het scenario de status niet controleert",
        "het scenario controleert regel PART-01 maar noemt die niet in een tag; voeg @regel:PART-01 toe"]
    assert not result.cells  # neither counts
    assert not result.ok


def test_outline_rows_are_run_and_counted_per_version(tmp_path, assessor):
    folder = _write_features(tmp_path / "features", """
        # language: nl
        Functionaliteit: proef
          @regel:FIN-04
          Abstract Scenario: cofinanciering <bedrag> in versie <versie>
            Gegeven het voorbeeldplan "basisplan-2020-2023"
            En de regelversie "<versie>"
            Als de cofinanciering door het bedrijfsleven <bedrag> is
            Dan is de status van regel FIN-04 "<status>"

            Voorbeelden:
              | versie     | bedrag   | status       |
              | 2021-05-27 | € 24.000 | voldoet niet |
              | 2022-07-07 | € 30.000 | voldoet      |
    """)
    result = run_coverage(assessor, folder)
    assert [r.ok for r in result.results] == [True, True]
    assert set(result.cells) == {("sto-2020-2023@2021-05-27", "FIN-04", "fail"),
                                 ("sto-2020-2023@2022-07-07", "FIN-04", "pass")}
    assert [sc.line for sc in result.cells[("sto-2020-2023@2021-05-27", "FIN-04", "fail")]] == [12]


# ---------------------------------------------------------------- sto coverage


def test_sto_coverage_reports_gaps_with_exit_1(tmp_path, capsys):
    folder = _write_features(tmp_path / "features", """
        # language: nl
        Functionaliteit: proef
          @regel:PART-01
          Scenario: twee technische vmbo-scholen
            Gegeven het voorbeeldplan "basisplan-2020-2023"
            En de regelversie "2018-09-13"
            Dan voldoet regel PART-01
    """)
    assert cli.main(["coverage", "--features", str(folder), "--summary"]) == 1
    out = capsys.readouterr().out
    assert "1 scenario's, 1 geslaagd" in out
    assert "PART-01: geen scenario waarin de regel 'voldoet niet' is, in versie 2018-09-13" in out
    assert "PART-01: geen scenario waarin de regel 'voldoet' is, in versie 2019-02-27" in out
    # PART-01 is an assumption under 2025-2028 (no 2024 source names a composition), hence the label
    assert re.search(r"^PART-01 \[aanname\]\s+voldoet\s+1\s+ONTBREEKT", out, re.M)
    assert cli.main(["coverage", "--features", str(folder), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {"version": "sto-2020-2023@2018-09-13", "rule_id": "PART-01", "status": "fail"} in data["gaps"]
    assert {"version": "sto-2020-2023@2018-09-13", "rule_id": "PART-01", "status": "pass"} not in data["gaps"]


def test_sto_coverage_on_the_project_features_has_no_gaps(report):
    text = render_text(report)
    assert "Geen gaten" in text
    assert not re.search(r"^[A-Z]+-\d+.*ONTBREEKT|^ {18}\S.*ONTBREEKT", text, re.M)
    assert "features/financiele-onderbouwing.feature:" in text  # the covering scenarios are listed


def test_sto_coverage_without_a_features_folder_is_an_input_error(tmp_path, capsys):
    assert cli.main(["coverage", "--features", str(tmp_path / "bestaat-niet")]) == 2
    assert "geen map met feature-bestanden" in capsys.readouterr().err


def test_sto_coverage_names_an_unreadable_feature_file(tmp_path, capsys):
    folder = _write_features(tmp_path / "features", "# language: nl\nFunctionaliteit: x\n  Scenario: a\n"
                                                                 "    Gegeven x\n  Dit is geen Gherkin\n")
    assert cli.main(["coverage", "--features", str(folder), "--summary"]) == 1
    out = capsys.readouterr().out
    assert "Feature-bestanden die niet te lezen zijn" in out
    assert "proef.feature: geen geldige Gherkin" in out and "'Dit is geen Gherkin'" in out


# ---------------------------------------------------------------- the vocabulary


def test_unknown_step_names_the_step_and_points_to_the_documentation(assessor):
    ctx = ScenarioContext(assessor)
    with pytest.raises(UnknownStep) as err:
        run_step(ctx, "when", "de cofinanciering 10 procent is")
    message = str(err.value)
    assert "Onbekende stap: Als de cofinanciering 10 procent is" in message
    assert DOC in message
    assert "Als de cofinanciering door het bedrijfsleven {percentage} van de totale kosten is" in message


def test_unknown_step_fails_the_pytest_bdd_run_with_a_pointer_to_the_documentation(tmp_path):
    _write_features(tmp_path / "features", """
        # language: nl
        Functionaliteit: proef
          Scenario: een zin buiten de woordenlijst
            Gegeven het voorbeeldplan "basisplan-2020-2023"
            Als de subsidie verdubbelt
            Dan is de uitkomst "positief advies"
    """)
    (tmp_path / "conftest.py").write_text((PROJECT_ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    (tmp_path / "test_met_stappen.py").write_text(
        "from pytest_bdd import scenarios\n"
        "import tests.test_features as glue\n"
        "# the step definitions and fixtures of the project's glue, not its scenarios\n"
        "globals().update({k: v for k, v in vars(glue).items() if k.startswith(('pytestbdd_', 'policy_'))})\n"
        "scenarios('features')\n", encoding="utf-8")
    # without any bound step, pytest-bdd's own lookup fails; the hook still points to the documentation
    (tmp_path / "test_zonder_stappen.py").write_text("from pytest_bdd import scenarios\nscenarios('features')\n",
                                                     encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
                          str(tmp_path)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 failed" in run.stdout
    assert "features/proef.feature:5: Onbekende stap: Als de subsidie verdubbelt" in run.stdout
    assert "docs/gherkin-stappen.md" in run.stdout
    assert "staat in de woordenlijst, maar deze testmodule koppelt de stappen niet" in run.stdout
    assert "StepDefinitionNotFoundError" not in run.stdout and "Traceback" not in run.stdout


def test_a_check_after_gegeven_and_a_change_after_dan_are_refused(assessor):
    ctx = ScenarioContext(assessor)
    run_step(ctx, "given", 'het voorbeeldplan "basisplan-2020-2023"')
    with pytest.raises(ScenarioError, match="is een controle: schrijf deze stap na Dan"):
        run_step(ctx, "given", "voldoet regel FIN-04")
    with pytest.raises(ScenarioError, match="schrijf deze stap na Gegeven of Als"):
        run_step(ctx, "then", "het plan geen regiovisie heeft")


def test_steps_change_the_plan_the_engine_assesses(assessor):
    ctx = ScenarioContext(assessor)
    run_step(ctx, "given", 'het voorbeeldplan "basisplan-2020-2023"')
    assert ctx.finding("FIN-04").status == "pass"
    run_step(ctx, "when", "de cofinanciering door het bedrijfsleven 9,99% van de totale kosten is")
    finding = ctx.finding("FIN-04")
    assert finding.status == "fail" and "9,99%" in finding.message.nl
    assert [e.value for e in finding.evidence if e.fact == "plan.cofinancing_share_bp"] == [999]
    run_step(ctx, "when", "de gevraagde subsidie in totaal € 600.001 is")
    assert ctx.plan["budget"]["requested_subsidy"] == [{"year": 2020, "amount": "300001.00"},
                                                       {"year": 2021, "amount": "300000.00"}]
    run_step(ctx, "when", "het plan is ingediend op 1 oktober 2019 voor ronde 2")
    assert ctx.plan["submission"] == {"date": dt.date(2019, 10, 1), "round": 2}
    assert ctx.verdict.plan.submission_date == "2019-10-01"


def test_an_invalid_plan_from_a_step_is_reported_with_the_field(assessor):
    ctx = ScenarioContext(assessor)
    run_step(ctx, "given", 'het voorbeeldplan "basisplan-2020-2023"')
    run_step(ctx, "when", 'bij partner "v2" de brin "XYZ" is')
    with pytest.raises(ScenarioError, match=r"ongeldig(.|\n)*/partners/1/brin"):
        run_step(ctx, "then", "voldoet regel PART-01")


def test_unknown_plan_version_and_rule_are_explained(assessor):
    ctx = ScenarioContext(assessor)
    with pytest.raises(ScenarioError, match="onbekend voorbeeldplan 'bestaat-niet'; bekende plannen: .*basisplan"):
        run_step(ctx, "given", 'het voorbeeldplan "bestaat-niet"')
    with pytest.raises(ScenarioError, match="onbekende regelversie '2019-01-01'"):
        run_step(ctx, "given", 'de regelversie "2019-01-01"')
    run_step(ctx, "given", 'het voorbeeldplan "basisplan-2020-2023"')
    with pytest.raises(ScenarioError, match="regel FIN-09 komt niet voor in sto-2020-2023@2019-02-27"):
        run_step(ctx, "then", "voldoet regel FIN-09")


def test_every_step_is_documented_with_an_example():
    doc = (PROJECT_ROOT / DOC).read_text(encoding="utf-8")
    for s in STEPS:
        for sentence in s.sentences:
            assert f"`{sentence}`" in doc, f"stap niet in {DOC}: {sentence}"
        assert f"`{s.example}`" in doc, f"voorbeeld niet in {DOC}: {s.example}"
        text = s.example.split(" ", 1)[1]  # without Gegeven/Als/Dan/En
        found = find_step(text)
        assert found is not None and found[0] is s, s.example


def test_feature_files_are_dutch_and_grouped_by_family():
    files = sorted(p.name for p in FEATURES_DIR.glob("*.feature"))
    # besides one file per family: the boundaries the mutation run asks for (features/mutanten-*.feature),
    # and the committee's judgement and advice (PROCESS_FILES)
    assert sorted(FAMILY_FILES + PROCESS_FILES) == [name for name in files if not name.startswith("mutanten-")]
    for name in files:
        assert (FEATURES_DIR / name).read_text(encoding="utf-8").startswith("# language: nl\n"), name


@pytest.mark.parametrize("text, value", [("€ 371.140", Decimal("371140")), ("€ 22.499,99", Decimal("22499.99")),
                                         ("€ 0,01", Decimal("0.01")), ("2.000.000,01", Decimal("2000000.01")),
                                         ("600000", Decimal("600000"))])
def test_dutch_amounts(text, value):
    assert parse_money(text) == value


def test_dutch_values_and_their_errors():
    assert parse_date("31 maart 2019") == parse_date("2019-03-31") == parse_date("31-03-2019") == dt.date(2019, 3, 31)
    assert parse_percentage("9,99%") == Decimal("9.99")
    assert parse_profiles("PIE (bb 60, kb 50, gl 20); BWI (bb 40)") == [
        {"profile": "PIE", "students": {"bb": 60, "kb": 50, "gl": 20}}, {"profile": "BWI", "students": {"bb": 40}}]
    with pytest.raises(ScenarioError, match="geen bedrag"):
        parse_money("€ 371,140.00")
    with pytest.raises(ScenarioError, match="geen bestaande datum"):
        parse_date("31 februari 2019")
