"""The `sto` command: exit codes (0 positive, 1 not positive, 2 input error), outputs, and a
snapshot of one full trace (verdict JSON and explanation)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import cli
from engine.plan import INIT_TEMPLATE
from tests.plans import FILLED_TEMPLATE, good_plan

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE = os.environ.get("STO_UPDATE_SNAPSHOTS") == "1"


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    # Babel writes a no-break space between € and the amount, as Dutch typography wants
    return code, out.replace("\xa0", " "), err.replace("\xa0", " ")


@pytest.fixture()
def plan_file(tmp_path) -> Path:
    p = tmp_path / "plan.yaml"
    p.write_text(FILLED_TEMPLATE, encoding="utf-8")
    return p


@pytest.fixture()
def failing_file(tmp_path) -> Path:
    data = good_plan()
    data["budget"]["cofinancing"][0]["amount"] = 21000  # 7% of 300,000
    data["activities"][1]["objectives"] = []
    p = tmp_path / "zwak.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def test_assess_positive_exits_0_with_dutch_text(plan_file, capsys):
    code, out, _ = run(["assess", str(plan_file)], capsys)
    assert code == 0
    assert "Uitkomst: POSITIEF ADVIES" in out and "Partnersamenstelling" in out


def test_assess_not_positive_exits_1_and_shows_fix(failing_file, capsys):
    code, out, _ = run(["assess", str(failing_file)], capsys)
    assert code == 1
    assert "NEGATIEF ADVIES" in out
    assert "FIN-04" in out and "Voeg € 9.000 cofinanciering door het bedrijfsleven toe" in out
    assert "ACT-02" in out and "activiteit A2" in out


def test_assess_input_error_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text(FILLED_TEMPLATE.replace("kind: technical", "kind: urban"), encoding="utf-8")
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "assess", str(bad)], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert f"{bad}:11:" in r.stderr and "/region/kind" in r.stderr and "technical" in r.stderr
    assert "1 probleem gevonden" in r.stderr and "veld:      /region/kind" in r.stderr  # Dutch first


def test_unknown_rulebook_version_exits_2(plan_file, capsys):
    code, _, err = run(["assess", str(plan_file), "--rulebook", "sto-2020-2023@1999-01-01"], capsys)
    assert code == 2 and "unknown rulebook version" in err and "sto-2020-2023@2018-09-13" in err


def test_json_output_validates_against_published_schema(plan_file, tmp_path, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    out_file = tmp_path / "v.json"
    assert run(["assess", str(plan_file), "--format", "json", "-o", str(out_file)], capsys)[0] == 0
    verdict = json.loads(out_file.read_text())
    code, schema_text, _ = run(["schema", "verdict"], capsys)
    jsonschema.validate(verdict, json.loads(schema_text))
    assert verdict["schema_version"] == "1.0"
    assert verdict["receipt"]["rulebook"]["sha256"] and len(verdict["receipt"]["plan_sha256"]) == 64


def test_explain_traces_a_rule_to_plan_fields(failing_file, tmp_path, capsys):
    v = tmp_path / "v.json"
    run(["assess", str(failing_file), "--format", "json", "-o", str(v)], capsys)
    code, out, _ = run(["explain", str(v), "--rule", "FIN-04"], capsys)
    assert code == 0
    assert "/budget/cofinancing/0/amount" in out
    assert "21000.00 / 300000.00 = 0.07 -> 700 basispunten (naar beneden afgerond)" in out
    assert "FIN-04__fail" in out and "min_cofinancing_share = 10,00%" in out
    code, _, err = run(["explain", str(v), "--rule", "XYZ-99"], capsys)
    assert code == 2 and "not in this verdict" in err


def test_explain_refuses_a_broken_verdict(tmp_path, capsys):
    bad = tmp_path / "v.json"
    bad.write_text('{"outcome": "positive_advice"}')
    code, _, err = run(["explain", str(bad)], capsys)
    assert code == 2 and "/findings" in err


def test_init_writes_template_and_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "nieuw.yaml"
    assert run(["init", str(target)], capsys)[0] == 0
    assert target.read_text(encoding="utf-8") == INIT_TEMPLATE
    code, _, err = run(["init", str(target)], capsys)
    assert code == 2 and "--force" in err


def test_schema_plan_is_json_schema(capsys):
    code, out, _ = run(["schema", "plan"], capsys)
    schema = json.loads(out)
    assert code == 0 and schema["$schema"].endswith("2020-12/schema") and "partners" in schema["properties"]


def test_rulebooks_list_show_validate_diff(capsys):
    code, out, _ = run(["rulebooks", "list"], capsys)
    assert code == 0 and "sto-2025-2028@2024-04-03" in out
    code, out, _ = run(["rulebooks", "show", "sto-2020-2023@2022-07-07"], capsys)
    assert code == 0 and "min_cofinancing_share" in out and "10,00%" in out
    code, out, _ = run(["rulebooks", "validate"], capsys)
    assert code == 0 and "7 versies zijn geldig" in out
    # the 2022 letter is about the final accounting: the diff says so and changes no plan rule
    code, out, _ = run(["rulebooks", "diff", "sto-2020-2023@2021-05-27", "sto-2020-2023@2022-07-07"], capsys)
    assert code == 0 and "Geen wijziging in de toetsing van een plan" in out and "FIN-04 blijft 10%" in out
    assert "min_cofinancing_share" not in out


def test_funding_prints_the_computation(plan_file, capsys):
    code, out, _ = run(["funding", str(plan_file)], capsys)
    assert code == 0
    assert "Regionaal maximum voor 2020-2023 samen" in out and "rate_bbkb_four_years" in out
    assert "× € 15.895" in out and "maximum over 4 jaar" in out
    # the parameters cite their source as a person would, never a file name
    assert "Sterk Techniekonderwijs, ‘Subsidiebedragen bekend’, 20 december 2018" in out and ".txt" not in out


def _normalise(verdict: dict) -> dict:
    v = json.loads(json.dumps(verdict))
    r = v["receipt"]
    for key in ("timestamp", "verdict_sha256", "python", "plan_source", "code_sha256"):
        r[key] = f"<{key}>"
    r["packages"] = {k: "<version>" for k in r["packages"]}
    r["engine"]["version"] = "<version>"
    return v


def test_snapshot_of_a_full_trace(failing_file, tmp_path, capsys):
    """The whole verdict of one plan, evidence and all, against a reviewed snapshot.

    After an intended change: STO_UPDATE_SNAPSHOTS=1 pytest tests/test_cli.py, and review the diff."""
    v = tmp_path / "v.json"
    run(["assess", str(failing_file), "--format", "json", "-o", str(v)], capsys)
    verdict = _normalise(json.loads(v.read_text()))
    code, explanation, _ = run(["explain", str(v)], capsys)
    snap_json, snap_text = SNAPSHOTS / "trace-zwak.verdict.json", SNAPSHOTS / "trace-zwak.explain.txt"
    if UPDATE or not snap_json.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        snap_json.write_text(json.dumps(verdict, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        snap_text.write_text(explanation, encoding="utf-8")
        if not UPDATE:
            pytest.fail("snapshot created; review tests/snapshots/ and run again")
    assert verdict == json.loads(snap_json.read_text(encoding="utf-8"))
    assert explanation == snap_text.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the command table


def _commands(parser) -> dict[str, str]:
    import argparse

    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {c.dest: c.help for c in sub._choices_actions}


def test_the_command_table_says_what_each_feature_module_registers():
    """engine.cli.FEATURES lists each feature command with its help line, so `sto --help` shows the
    list without importing the modules; the modules' own register() must say the same."""
    from engine.cli import FEATURES

    full = _commands(cli.build_parser())
    listed = _commands(cli.build_parser(command=None))  # every feature a stand-in, as `sto --help` builds it
    assert full == listed
    assert {name: line for name, line in full.items() if name in FEATURES} == \
        {name: line for name, (_, line) in FEATURES.items()}


def test_help_and_a_core_command_import_no_feature_module():
    code = ("import sys; from engine.cli import FEATURES, main\n"
            "for argv in (['--help'], ['schema', 'plan']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted({m for m, _ in FEATURES.values()} & set(sys.modules)), 'sqlalchemy' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert r.stdout.splitlines()[-1] == "[] False"


@pytest.mark.parametrize("argv, command", [
    (["assess", "p.yaml"], "assess"), (["--rulebooks", "rb", "--lang", "en", "impact", "a", "b"], "impact"),
    (["--lang=en", "audit", "verify"], "audit"), (["--help"], None), ([], None), (["--", "letter"], "letter")])
def test_the_command_word_is_found_before_parsing(argv, command):
    from engine.cli import command_of

    assert command_of(argv) == command


def test_a_feature_command_runs_with_only_its_own_module(plan_file, capsys):
    code, out, _ = run(["--lang", "nl", "funding", str(plan_file), "--format", "json"], capsys)
    assert code == 0 and json.loads(out)
