"""Files the command line reads and writes (engine/files.py), `sto letter`'s format from the
extension, and `sto serve` on a port in use: each a located message and exit 2, never a traceback."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
import yaml

import cli
from engine.files import error_for, write_output
from tests.plans import good_plan


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def plan(tmp_path) -> Path:
    p = tmp_path / "plan.yaml"
    p.write_text(yaml.safe_dump(good_plan(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


@pytest.fixture()
def verdict(plan, tmp_path, capsys) -> Path:
    v = tmp_path / "oordeel.json"
    assert run(["assess", str(plan), "--format", "json", "-o", str(v)], capsys)[0] == 0
    return v


# ---------------------------------------------------------------- a folder where a file was meant


@pytest.mark.parametrize("command", [["explain"], ["letter"]])
def test_a_folder_as_input_is_a_located_error(command, tmp_path, capsys):
    code, _, err = run(command + [str(tmp_path)], capsys)
    assert code == 2
    assert f"{tmp_path}: dit is een map, geen bestand (English: this is a folder, not a file)" in err
    assert "oplossing:" in err and "sto assess PLAN --format json" in err  # how to fix: which file to give


def test_init_over_a_folder_is_a_located_error(tmp_path, capsys):
    code, _, err = run(["init", str(tmp_path), "--force"], capsys)
    assert code == 2
    assert f"{tmp_path}: dit is een map; de uitvoer heeft een bestandsnaam nodig" in err
    assert f"bijvoorbeeld {tmp_path / 'plan.yaml'}" in err


def test_letter_config_folder_is_a_located_error(verdict, tmp_path, capsys):
    code, _, err = run(["letter", str(verdict), "--config", str(tmp_path), "-o", str(tmp_path / "b.md")], capsys)
    assert code == 2 and f"{tmp_path}: dit is een map, geen bestand" in err
    assert not (tmp_path / "b.md").exists()


# ---------------------------------------------------------------- an output in a folder that does not exist


def test_init_into_a_missing_folder_names_the_folder(tmp_path, capsys):
    target = tmp_path / "nergens" / "plan.yaml"
    code, _, err = run(["init", str(target)], capsys)
    assert code == 2
    assert f"{target}: de map '{target.parent}' bestaat niet" in err
    assert f"mkdir -p {target.parent}" in err


def test_letter_into_a_missing_folder_is_refused_before_rendering(verdict, tmp_path, capsys):
    target = tmp_path / "nergens" / "dir" / "x.pdf"
    code, _, err = run(["letter", str(verdict), "-o", str(target)], capsys)
    assert code == 2 and f"de map '{target.parent}' bestaat niet" in err


def test_assess_into_a_missing_folder_is_refused_before_storing(plan, tmp_path, capsys, monkeypatch):
    db = tmp_path / "audit.sqlite"
    monkeypatch.setenv("STO_DATABASE_URL", f"sqlite:///{db}")
    target = tmp_path / "nergens" / "oordeel.json"
    code, _, err = run(["assess", str(plan), "--store", "--format", "json", "-o", str(target)], capsys)
    assert code == 2 and f"{target}: de map '{target.parent}' bestaat niet" in err
    assert not db.exists()  # nothing was assessed and stored only to fail at the end


def test_english_with_lang_en(tmp_path, capsys):
    code, _, err = run(["--lang", "en", "init", str(tmp_path / "nergens" / "plan.yaml")], capsys)
    assert code == 2 and "the folder" in err and "does not exist" in err and "bestaat" not in err


def test_an_output_is_written_whole_and_keeps_nothing_beside_it(tmp_path):
    target = tmp_path / "uit.txt"
    target.write_text("oud\n", encoding="utf-8")
    write_output(target, "nieuw\n")
    assert target.read_text(encoding="utf-8") == "nieuw\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_no_permission_is_a_located_error(tmp_path, capsys):
    locked = tmp_path / "dicht"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(["init", str(locked / "plan.yaml")], capsys)
    finally:
        locked.chmod(0o700)
    assert code == 2 and "geen toestemming om dit bestand te schrijven" in err


def test_any_file_error_becomes_a_located_input_error(tmp_path):
    # The CLI's last line of defence for a file opened anywhere else.
    try:
        open(tmp_path / "weg" / "x.txt", "w")
    except OSError as exc:
        err = error_for(exc, writing=True)
    assert err.file == str(tmp_path / "weg" / "x.txt")
    assert err.problems[0].message == f"the folder '{tmp_path / 'weg'}' does not exist"
    try:
        open(tmp_path)
    except OSError as exc:
        err = error_for(exc)
    assert err.problems[0].message == "this is a folder, not a file"


# ---------------------------------------------------------------- sto letter: the format from the extension


def test_letter_with_an_unknown_extension_lists_the_formats(verdict, tmp_path, capsys):
    target = tmp_path / "brief.docx"
    code, _, err = run(["letter", str(verdict), "-o", str(target)], capsys)
    assert code == 2 and not target.exists()
    assert "'.docx' is geen formaat voor een brief; kies een van: .md, .html, .pdf" in err


def test_letter_extension_contradicting_format_is_refused(verdict, tmp_path, capsys):
    code, _, err = run(["letter", str(verdict), "--format", "pdf", "-o", str(tmp_path / "b.html")], capsys)
    assert code == 2 and "de extensie '.html' past niet bij --format pdf" in err


@pytest.mark.parametrize("name,start", [("brief.md", b"**"), ("brief.markdown", b"**"), ("brief.htm", b"<!DOCTYPE"),
                                        ("brief", b"**")])
def test_letter_known_extensions_and_none_still_work(verdict, tmp_path, capsys, name, start):
    target = tmp_path / name
    assert run(["letter", str(verdict), "-o", str(target)], capsys)[0] == 0
    assert target.read_bytes().lstrip().startswith(start)


# ---------------------------------------------------------------- sto serve on a port in use


def test_serve_on_a_port_in_use_says_so_and_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        code, _, err = run(["serve", "--port", str(port), "--workers", "1",
                            "--database", f"sqlite:///{tmp_path / 'a.sqlite'}"], capsys)
    finally:
        taken.close()
    assert code == 2
    assert f"poort {port} op 127.0.0.1 is al in gebruik" in err and "--port" in err
    assert "luistert op" not in err  # nothing announced that is not true


def test_serve_on_a_host_that_is_not_this_computer(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["serve", "--host", "192.0.2.1", "--port", "8103",
                        "--database", f"sqlite:///{tmp_path / 'a.sqlite'}"], capsys)
    assert code == 2 and "--host 192.0.2.1 is geen adres van deze computer" in err

