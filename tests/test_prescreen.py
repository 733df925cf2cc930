"""`sto prescreen`: a round folder with good plans, a broken file and a plan of another round."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

import cli
from engine.prescreen import find_plans, run_prescreen
from engine.service.workers import WorkerPool
from engine.store import open_store

PLANS = Path(__file__).resolve().parents[1] / "examples" / "plans"
GOOD = sorted(p.name for p in PLANS.glob("*.yaml"))


@pytest.fixture
def round_folder(tmp_path) -> Path:
    folder = tmp_path / "ronde-1"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(PLANS / name, folder / name)
    (folder / "kapot.yaml").write_text("region:\n  name: Regio Kapot\n  kind: [technical\n", encoding="utf-8")
    other = (PLANS / "noord-veluwe-compleet.yaml").read_text(encoding="utf-8")
    assert "  round: 1\n" in other
    (folder / "andere-ronde.yaml").write_text(other.replace("  round: 1\n", "  round: 2\n"), encoding="utf-8")
    (folder / "lees-mij.txt").write_text("geen plan", encoding="utf-8")
    return folder


def test_prescreen_reports_and_skips_bad_files_and_stores_every_good_plan(round_folder, tmp_path, capsys):
    report, url = tmp_path / "rapport", f"sqlite:///{tmp_path / 'audit.sqlite'}"
    code = cli.main(["prescreen", str(round_folder), "--round", "1", "-o", str(report), "--database", url,
                     "--workers", "2", "--actor", "commissie-secretaris"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"{len(GOOD)} van {len(GOOD) + 2} plannen getoetst en opgeslagen" in out
    assert "kapot.yaml: onleesbaar of onvolledig plan" in out and "andere-ronde.yaml: plan van een andere ronde" in out
    # one line each, in Dutch, the place in the file in words, the file named once
    assert (f"  - {round_folder / 'kapot.yaml'}: onleesbaar of onvolledig plan — regel 4, kolom 1: geen geldige YAML: "
            "hier ontbreekt een ',' of een ']'\n") in out
    assert (f"  - {round_folder / 'andere-ronde.yaml'}: plan van een andere ronde — dit plan is ingediend voor ronde 2, "
            "niet voor ronde 1") in out
    assert "Traceback" not in err

    # the bad file is reported with its location; the plan of round 2 is named as such
    errors = (report / "fouten.txt").read_text(encoding="utf-8")
    # Dutch first, the English once in brackets, the fix in Dutch
    assert f"{round_folder / 'kapot.yaml'}:4:1: geen geldige YAML: hier ontbreekt een ',' of een ']'" in errors
    assert "(English: not valid YAML: did not find expected ',' or ']'" in errors
    assert "oplossing: controleer het inspringen" in errors and "fix:" not in errors
    assert "ingediend voor ronde 2, niet voor ronde 1" in errors

    # every good plan is stored, as a pre-screen by the committee, with its bytes as submitted
    with open_store(url) as store:
        records = store.list(limit=100)
        assert store.verify().ok
    assert sorted(Path(r.plan_source).name for r in records) == GOOD
    for r in records:
        assert (r.mode, r.role, r.actor) == ("pre-screen", "committee", "commissie-secretaris")
        assert r.plan_bytes == (PLANS / Path(r.plan_source).name).read_bytes()

    # each verdict is written, and the CSV rows match the verdicts and the stored ids
    verdicts = {p.name[: -len(".json")]: json.loads(p.read_text(encoding="utf-8"))
                for p in (report / "oordelen").glob("*.json")}
    assert sorted(verdicts) == GOOD
    rows = list(csv.DictReader(io.StringIO((report / "overzicht.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(GOOD)
    stored_by_id = {r.id: r for r in records}
    for row in rows:
        verdict = verdicts[Path(row["bron"]).name]
        assert row["regio"] == verdict["plan"]["region"]
        assert row["uitkomst_code"] == verdict["outcome"]
        assert row["regels_voldoen_niet"].split() == [f["rule_id"] for f in verdict["findings"] if f["status"] == "fail"]
        assert row["verdict_sha256"] == verdict["receipt"]["verdict_sha256"]
        assert stored_by_id[row["id"]].verdict.to_json() == verdict

    html = (report / "overzicht.html").read_text(encoding="utf-8")
    assert "Voortoets ronde 1" in html and "<svg" in html and 'href="oordelen/onvoldoende-partners.yaml.json"' in html
    assert "Regio Kapot" not in html
    assert "Overgeslagen bestanden (2)" in html
    skipped = html[html.index('id="overgeslagen-bestanden"'):]
    assert "kapot.yaml" in skipped and "regel 4, kolom 1: geen geldige YAML" in skipped
    assert "plan van een andere ronde" in skipped

    # no letter is due yet: nothing is missing that an applicant could supply, and the committee has not
    # advised; once it advises, a rerun into the same report writes the advies and the beschikking
    assert not list((report / "brieven").glob("*.md"))
    target = next(r for r in records if Path(r.plan_source).name == "onvoldoende-partners.yaml")
    with open_store(url) as store:
        for rule in store.picture(target.id)["open_rules"]:
            store.judge(target.id, rule_id=rule, holds="no", motivation="Niet aangetoond.", actor="lid")
        advice = store.advise(target.id, advice="negative", motivation="Er doen te weinig vmbo-scholen mee.",
                              actor="voorzitter")
    assert cli.main(["prescreen", str(round_folder), "--round", "1", "-o", str(report), "--database", url,
                     "--workers", "2", "--actor", "commissie-secretaris"]) == 2
    capsys.readouterr()
    assert sorted(p.name for p in (report / "brieven").glob("*.md")) == [
        "onvoldoende-partners.yaml.advies.md", "onvoldoende-partners.yaml.beschikking.md"]
    decision = " ".join((report / "brieven" / "onvoldoende-partners.yaml.beschikking.md").read_text("utf-8").split())
    assert "Ik wijs uw aanvraag af." in decision and "PART-01" in decision and advice.record_hash in decision
    assert "Er doen te weinig vmbo-scholen mee." in decision
    html = (report / "overzicht.html").read_text(encoding="utf-8")
    assert 'href="brieven/onvoldoende-partners.yaml.beschikking.html"' in html

    summary = json.loads((report / "samenvatting.json").read_text(encoding="utf-8"))
    assert summary["counts"] == {"assessed": len(GOOD), "bad_file": 1, "other_round": 1, "crashed": 0,
                                 "engine_error": 0}
    assert {Path(f["file"]).name: f["status"] for f in summary["files"]}["kapot.yaml"] == "bad_file"
    assert not list(report.rglob(".*.tmp-*"))  # no half-written file left behind


def test_prescreen_of_a_clean_folder_exits_0(tmp_path, capsys):
    folder = tmp_path / "schoon"
    folder.mkdir()
    for name in ("noord-veluwe-compleet.yaml", "onvoldoende-partners.yaml"):
        shutil.copy(PLANS / name, folder / name)
    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    assert cli.main(["prescreen", str(folder), "--round", "1", "-o", str(tmp_path / "r"), "--database", url]) == 0
    assert "2 van 2 plannen" in capsys.readouterr().out
    assert "Geen fouten" in (tmp_path / "r" / "fouten.txt").read_text(encoding="utf-8")


def test_prescreen_input_errors_exit_2(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    assert cli.main(["prescreen", str(tmp_path / "bestaat-niet"), "--round", "1", "-o", str(tmp_path / "r"),
                     "--database", url]) == 2
    assert "geen map" in capsys.readouterr().err
    (tmp_path / "leeg").mkdir()
    assert cli.main(["prescreen", str(tmp_path / "leeg"), "--round", "1", "-o", str(tmp_path / "r"),
                     "--database", url]) == 2
    assert "geen planbestanden" in capsys.readouterr().err
    assert not (tmp_path / "audit.sqlite").exists()  # nothing is opened before the folder is known to be usable


def test_find_plans_takes_plan_files_only_sorted(round_folder):
    assert [p.name for p in find_plans(round_folder)] == sorted(GOOD + ["kapot.yaml", "andere-ronde.yaml"])


def test_a_worker_that_dies_costs_only_the_plan_it_was_on(tmp_path):
    folder = tmp_path / "veel"
    folder.mkdir()
    for i in range(4):
        for name in GOOD:
            shutil.copy(PLANS / name, folder / f"{i}-{name}")
    killed: list[int] = []
    with WorkerPool(2).start() as pool, open_store(f"sqlite:///{tmp_path / 'audit.sqlite'}") as store:
        def kill_the_first_busy_worker():
            # from the side, as soon as a job runs: the main process may be slower than the workers
            # (it stores and writes letters), so waiting for a result could find every job done
            deadline = time.monotonic() + 30
            while not killed and time.monotonic() < deadline:
                busy = pool.busy_pids()
                if busy:
                    os.kill(busy[0], signal.SIGKILL)
                    killed.append(busy[0])
                time.sleep(0.0005)

        killer = threading.Thread(target=kill_the_first_busy_worker, daemon=True)
        killer.start()
        run = run_prescreen(folder, 1, tmp_path / "rapport", store=store, actor="test", pool=pool)
        killer.join()
        assert killed, "no worker was ever busy"
        crashed = [r for r in run.results if r.status == "crashed"]
        assert len(crashed) == 1 and "werkproces" in crashed[0].message
        assert len(run.assessed) == len(GOOD) * 4 - 1 == store.count()
        assert store.verify().ok
        assert pool.status()["crashes"] == 1
    assert "werkproces viel uit" in (tmp_path / "rapport" / "fouten.txt").read_text(encoding="utf-8")


def test_a_skipped_file_shows_each_of_its_problems_in_dutch(tmp_path, capsys):
    folder = tmp_path / "ronde"
    folder.mkdir()
    shutil.copy(PLANS / "noord-veluwe-compleet.yaml", folder / "goed.yaml")
    good = (PLANS / "noord-veluwe-compleet.yaml").read_text(encoding="utf-8")
    assert "  round: 1\n" in good and "kind: technical" in good
    bad = good.replace("  round: 1\n", '  round: "een"\n').replace("kind: technical", "kind: urban", 1)
    (folder / "twee-fouten.yaml").write_text(bad, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    code = cli.main(["prescreen", str(folder), "--round", "1", "-o", str(tmp_path / "r"), "--database", url,
                     "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 2
    assert "problem(s)" not in out and "problems found" not in out
    assert f"  - {folder / 'twee-fouten.yaml'}: onleesbaar of onvolledig plan, 2 problemen:\n" in out
    kind_line = next(i for i, ln in enumerate(bad.splitlines(), 1) if "kind: urban" in ln)
    round_line = next(i for i, ln in enumerate(bad.splitlines(), 1) if 'round: "een"' in ln)
    assert f"      regel {kind_line}, kolom 3, veld /region/kind: de waarde moet een van deze zijn" in out
    assert f"      regel {round_line}, kolom 3, veld /submission/round: hier hoort een geheel getal te staan" in out


def test_a_plan_error_of_the_whole_plan_is_reported_in_dutch(tmp_path, capsys, monkeypatch):
    """An unknown regulation is no located problem of the plan's text but an error of the whole plan,
    raised in a worker: the terminal and the overview show its Dutch, fouten.txt its Dutch and English."""
    from engine.i18n import both

    monkeypatch.delenv("STO_LANG", raising=False)
    folder, report, url = tmp_path / "ronde-1", tmp_path / "rapport", f"sqlite:///{tmp_path / 'audit.sqlite'}"
    folder.mkdir()
    text = (PLANS / "noord-veluwe-compleet.yaml").read_text(encoding="utf-8")
    assert "  regulation: " not in text and "\nsubmission:\n" in text
    (folder / "regeling.yaml").write_text(text.replace("\nsubmission:\n", "\nsubmission:\n  regulation: sto-2019\n"),
                                          encoding="utf-8")
    shutil.copy(PLANS / "noord-veluwe-compleet.yaml", folder / "goed.yaml")
    assert cli.main(["prescreen", str(folder), "--round", "1", "-o", str(report), "--database", url, "--workers", "1"]) == 2
    out = capsys.readouterr().out
    from engine.assess import Assessor

    regulations = ", ".join(f"{r.id} ({r.span()})" for r in Assessor().library.regulations.values())
    said = both("version.unknown_regulation", regulation="sto-2019", known=regulations)
    assert f"  - {folder / 'regeling.yaml'}: onleesbaar of onvolledig plan — {said['nl']}\n" in out
    assert "(English" not in out
    errors = (report / "fouten.txt").read_text(encoding="utf-8")
    assert f"{said['nl']} (English: {said['en']})" in errors or f"{said['nl']}\n  (English: {said['en']})" in errors
    html = (report / "overzicht.html").read_text(encoding="utf-8")
    skipped = html[html.index('id="overgeslagen-bestanden"'):]
    assert "onbekende regeling" in skipped and "unknown regulation" not in skipped
    summary = json.loads((report / "samenvatting.json").read_text(encoding="utf-8"))
    [bad] = [f for f in summary["files"] if f["file"].endswith("regeling.yaml")]
    assert bad["message"] == said["en"] and bad["message_nl"].startswith(said["nl"])
