"""The mutation run (`sto coverage --mutanten`, engine/policy/mutation.py): mutants are made from
the rulebook contents, each one runs the Dutch scenarios in-process, and the report says which
ones no scenario notices. The last test runs every mutant: the scenarios in features/ must notice
each one that can change an outcome (the others are listed in features/mutanten-equivalent.yaml)."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.assess import Assessor
from engine.errors import StoError
from engine.policy import CheckFailed, ScenarioContext, run_step
from engine.policy.mutation import (
    EQUIVALENT_FILE,
    SEVERITIES,
    affected_versions,
    build_version,
    condition_mutants,
    generate_mutants,
    load_equivalents,
    render_text,
    run_mutation,
    select_matching,
)
from engine.rulebook.expressions import params_read
from engine.rulebook.loader import read_all

ROOT = Path(__file__).resolve().parents[1]
FILES = read_all()

KILLED = "sto-2020-2023@2018-09-13 parameter min_cofinancing_share +1 basispunt (0,01%)"
EQUIVALENT = "sto-2020-2023@2018-09-13 ORG-01 voorwaarde: zonder 'has_project_leader' (deel van 'en')"


def test_every_line_of_every_rulebook_file_gets_its_mutants():
    mutants = generate_mutants(FILES)
    ids = [m.id for m in mutants]
    assert len(ids) == len(set(ids)), "two mutants share a name; the equivalents file could not tell them apart"
    for (rid, version), (_path, f) in FILES.items():
        ref = f"{rid}@{version}"
        for name in f.parameters:
            assert sum(1 for m in mutants if m.file == (rid, version) and m.site == ("param", name)) == 2, (ref, name)
        for name in f.schedule:
            assert sum(1 for m in mutants if m.file == (rid, version) and m.site == ("schedule", name)) == 2
        for raw in f.rules:
            if "severity" in raw:
                swaps = [m.change for m in mutants if m.file == (rid, version) and m.site == ("rule", raw["id"], "severity")]
                assert sorted(swaps) == sorted(s for s in SEVERITIES if s != raw["severity"]), (ref, raw["id"])
            if "condition" in raw:
                assert any(m.site == ("rule", raw["id"], "condition") and m.file == (rid, version) for m in mutants)


def test_condition_mutants_flip_each_comparison_and_leave_out_each_part():
    out = condition_mutants("a <= x <= b and (c == 1 or d)")
    texts = {new for _, _, new in out}
    assert "a < x <= b and (c == 1 or d)" in texts
    assert "a <= x < b and (c == 1 or d)" in texts
    assert "a <= x <= b and (c != 1 or d)" in texts
    assert "c == 1 or d" in texts  # the chain left out
    assert "a <= x <= b and d" in texts  # one part of the or left out
    assert "a <= x <= b" in texts
    assert "a <= x <= b and (c == 1 or not d)" in texts
    assert len(out) == 8
    for _, _, new in out:
        ast.parse(new, mode="eval")


def test_a_parameter_mutant_changes_every_version_that_inherits_it_and_no_other():
    [mutant] = [m for m in generate_mutants(FILES) if m.id == KILLED]
    versions = [f"{k[0]}@{k[1]}" for k in affected_versions(mutant, FILES)]
    # 2025-2028 sets its own share; 2019-02-27 inherits the 2018 line
    assert "sto-2020-2023@2018-09-13" in versions and "sto-2020-2023@2019-02-27" in versions
    assert "sto-2025-2028@2024-04-03" not in versions
    book = build_version(("sto-2020-2023", "2019-02-27"), FILES, mutant)
    assert book.parameters["min_cofinancing_share"].engine_value == 1001
    plain = build_version(("sto-2020-2023", "2019-02-27"), FILES)
    assert plain.parameters["min_cofinancing_share"].engine_value == 1000 and plain.sha256 != book.sha256


def test_every_mutant_builds_even_when_a_parameter_is_no_longer_read():
    # e.g. leaving out `round1_opens <= submission_day <= round1_closes` leaves both parameters
    # unread, which the loader refuses; a mutant must still load (its messages may quote them)
    mutants = [m for m in generate_mutants(FILES) if m.kind in ("weglaten", "vergelijking")]
    unread = 0
    for m in mutants:
        for key in affected_versions(m, FILES):
            book = build_version(key, FILES, m)
            read = {p for rule in book.rules for p in rule.params} | {
                p for f in book.formulas.values() for p in params_read(f.value)}
            unread += bool(set(book.parameters) - read)
    assert unread, "no mutant leaves a parameter unread: this test no longer tests what it says"


def test_a_subset_run_kills_a_mutant_lists_an_equivalent_one_and_names_stale_entries(tmp_path):
    equivalents = tmp_path / "eq.yaml"
    equivalents.write_text(
        "equivalent:\n"
        f"  - mutant: \"{EQUIVALENT}\"\n    waarom: de projectleider hoort alleen bij een partner als er een is\n"
        "  - mutant: \"sto-2020-2023@2018-09-13 parameter bestaat_niet +1\"\n    waarom: oud\n", encoding="utf-8")
    report = run_mutation(equivalents=equivalents, select=select_matching([KILLED, EQUIVALENT]))
    status = {r.mutant.id: r for r in report.results}
    assert status[KILLED].status == "gedood"
    assert status[KILLED].killed_by.startswith("features/") and status[KILLED].reason
    assert status[EQUIVALENT].status == "equivalent"
    assert status[EQUIVALENT].reason.startswith("de projectleider")
    assert report.stale_equivalents == ["sto-2020-2023@2018-09-13 parameter bestaat_niet +1"]
    assert not report.ok  # a stale entry must be cleaned up
    text = render_text(report)
    assert "Verouderde regels" in text and "bestaat_niet" in text
    assert "2 mutanten; 1 gedood, 0 overleefd, 1 equivalent" in text


def test_a_mutant_no_scenario_notices_is_reported_by_rule_and_version(tmp_path):
    # Only a scenario well above 10% co-financing: a boundary moved by one basis point goes unnoticed.
    (tmp_path / "een.feature").write_text(
        "# language: nl\nFunctionaliteit: Eén scenario\n\n  @regel:FIN-04\n  Scenario: Ruim genoeg\n"
        '    Gegeven het voorbeeldplan "basisplan-2020-2023"\n'
        "    Als de cofinanciering door het bedrijfsleven 20% van de totale kosten is\n"
        "    Dan voldoet regel FIN-04\n", encoding="utf-8")
    report = run_mutation(features=tmp_path, equivalents=None, select=select_matching([KILLED]))
    [result] = report.results
    assert result.status == "overleefd" and result.scenarios_run == 1
    assert "sto-2020-2023@2019-02-27" in result.versions
    assert not report.ok
    text = render_text(report)
    assert "Overlevende mutanten (1)" in text
    assert f"  FIN-04:\n    {KILLED}" in text


def test_the_equivalents_file_is_reviewed_data_with_a_reason_for_each_mutant(tmp_path):
    assert all(why.strip() for why in load_equivalents(EQUIVALENT_FILE).values())
    bad = tmp_path / "eq.yaml"
    cases = [
        ("equivalent:\n  - mutant: iets\n",
         f"{bad}: item 1 van 'equivalent' mist 'mutant:' of 'waarom:'; elk equivalent mutant heeft een uitleg waarom "
         "het geen uitkomst kan veranderen",
         f"{bad}: item 1 of 'equivalent' lacks 'mutant:' or 'waarom:'; every equivalent mutant needs an explanation "
         "of why it cannot change an outcome"),
        ("equivalent: iets\n", f"{bad}: verwacht een lijst onder 'equivalent:' met per mutant 'mutant:' en 'waarom:'",
         f"{bad}: expected a list under 'equivalent:' with 'mutant:' and 'waarom:' for each mutant"),
    ]
    for text, nl, en in cases:
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(StoError) as err:
            load_equivalents(bad)
        assert (str(err.value), err.value.texts) == (en, {"nl": nl, "en": en})
    bad.write_text("equivalent: [iets\n", encoding="utf-8")
    with pytest.raises(StoError) as err:
        load_equivalents(bad)
    assert err.value.texts is not None
    assert err.value.texts["nl"].startswith(f"{bad}: geen geldige YAML (")
    assert err.value.texts["nl"].endswith("); zie docs/gherkin-stappen.md, Mutatietest")
    assert str(err.value).startswith(f"{bad}: not valid YAML (")


@pytest.mark.parametrize("dag, ok", [("15 maart 2019", "1 oktober 2021"), ("1 januari 2022", "1 november 2021")])
def test_the_deadline_step_reads_the_schedule_the_letters_quote(dag, ok):
    ctx = ScenarioContext(Assessor())
    run_step(ctx, "given", 'het voorbeeldplan "basisplan-2020-2023"')
    run_step(ctx, "given", f"de regeling zoals die gold op {dag}")
    run_step(ctx, "then", f"is de uiterste datum voor de voortgangsrapportage {ok}")
    with pytest.raises(CheckFailed, match="voortgangsrapportage"):
        run_step(ctx, "then", "is de uiterste datum voor de voortgangsrapportage 2 november 2021"
                 if ok != "2 november 2021" else "is de uiterste datum voor de voortgangsrapportage 1 mei 2021")
    with pytest.raises(CheckFailed, match="noemt toch"):
        run_step(ctx, "then", "is er geen uiterste datum voor het eindverslag")


def test_sto_coverage_mutanten_on_a_subset():
    run = subprocess.run([sys.executable, str(ROOT / "cli.py"), "coverage", "--mutanten", "--mutant", KILLED,
                          "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["ok"] and data["counts"]["gedood"] == 1
    assert data["mutants"][0]["id"] == KILLED and data["mutants"][0]["killed_by"].startswith("features/")
    run = subprocess.run([sys.executable, str(ROOT / "cli.py"), "coverage", "--mutanten", "--mutant", "bestaat niet"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 2 and run.stderr == (
        "geen mutant heeft 'bestaat niet' in zijn naam; draai zonder --mutant en met --alle om alle namen te zien "
        "(English: no mutant has 'bestaat niet' in its name; run without --mutant and with --alle to see every name)\n")


def test_every_mutant_that_can_change_an_outcome_is_noticed_by_a_scenario():
    # The whole run: about 25 s of CPU on this machine (docs/gherkin-stappen.md, Mutatietest).
    report = run_mutation()
    assert report.ok, render_text(report)
