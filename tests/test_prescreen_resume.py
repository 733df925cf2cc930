"""A rerun of `sto prescreen` into the same report folder stores only what is missing (after a crash
or a kill), and builds the report from the store; a plan changed since is a new pre-screen."""
from __future__ import annotations

import shutil
from pathlib import Path

import cli
from engine.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "plans"


def _run(folder, report, db, capsys) -> str:
    assert cli.main(["prescreen", str(folder), "--round", "1", "-o", str(report), "--database", db,
                     "--workers", "1"]) in (0, 1)
    return capsys.readouterr().out


def test_a_rerun_stores_only_what_is_missing(tmp_path, capsys):
    folder, report = tmp_path / "ronde-1", tmp_path / "rapport"
    folder.mkdir()
    for name in ("noord-veluwe-compleet.yaml", "cofinanciering-net-onder-10.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    db = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    _run(folder, report, db, capsys)
    with open_store(db) as store:
        assert store.count() == 2
    first_csv = (report / "overzicht.csv").read_text(encoding="utf-8")

    # the run was cut short before the third plan; the rerun adds it and only it
    shutil.copy(EXAMPLES / "onvoldoende-partners.yaml", folder / "onvoldoende-partners.yaml")
    out = _run(folder, report, db, capsys)
    assert "3 van 3 plannen getoetst" in out and "stonden 2 voortoetsen al in de opslag" in out
    with open_store(db) as store:
        assert store.count() == 3 and store.verify().ok
        ids = {r.id for r in store.list(limit=10)}
    csv = (report / "overzicht.csv").read_text(encoding="utf-8")
    assert all(line in csv for line in first_csv.splitlines()[1:])  # the same records, rebuilt from the store
    assert len(ids) == 3 and all(i in csv for i in ids)

    # a plan changed since is assessed and stored anew; the unchanged ones are not
    changed = folder / "noord-veluwe-compleet.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# bijgewerkt\n", encoding="utf-8")
    out = _run(folder, report, db, capsys)
    assert "stonden 2 voortoetsen al in de opslag" in out
    with open_store(db) as store:
        assert store.count() == 4 and store.verify().ok
    _run(folder, report, db, capsys)  # and that one too is stored once
    with open_store(db) as store:
        assert store.count() == 4


def test_another_report_folder_is_another_run(tmp_path, capsys):
    folder = tmp_path / "ronde-1"
    folder.mkdir()
    shutil.copy(EXAMPLES / "noord-veluwe-compleet.yaml", folder)
    db = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    _run(folder, tmp_path / "rapport-a", db, capsys)
    _run(folder, tmp_path / "rapport-b", db, capsys)
    with open_store(db) as store:
        assert store.count() == 2
