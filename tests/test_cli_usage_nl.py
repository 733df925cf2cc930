"""The command line's own usage errors and help frame: Dutch first, English with --lang en or STO_LANG=en.

Every mistake below is one a user makes (a missing plan, a typo in a command or option, a value
of the wrong kind); each must come out in Dutch, with argparse's English once in brackets, the
usage line, a pointer to --help, and exit code 2 (the CLI's code for input errors).
"""
from __future__ import annotations

import pytest

import cli
from engine.argparse_nl import dutch_usage_error, english_wanted

MISTAKES = {
    ("assess",): "dit ontbreekt nog: plan",
    ("bogus",): "argument OPDRACHT: 'bogus' is geen geldige keuze; kies uit 'assess'",
    (): "dit ontbreekt nog: OPDRACHT",
    ("assess", "p.yaml", "--format", "xml"): "argument --format: 'xml' is geen geldige keuze; kies uit 'text', 'json'",
    ("assess", "p.yaml", "--max-bytes", "abc"): "argument --max-bytes: 'abc' is geen geheel getal",
    ("assess", "p.yaml", "--as-of", "2020-13-01"): "argument --as-of: '2020-13-01' is geen datum; schrijf JJJJ-MM-DD",
    ("assess", "p.yaml", "--rulebook"): "argument --rulebook: hier hoort één waarde achter",
    ("assess", "p.yaml", "--bogus"): "onbekende argumenten: --bogus",
    ("coverage", "--f", "x"): "optie --f is niet eenduidig: bedoelt u --features, --format?",
    ("audit", "verify", "--expect", "drie:abc"): "argument --expect: 'drie:abc' is geen VOLGNUMMER:HASH",
    ("schema", "planning"): "argument what: 'planning' is geen geldige keuze; kies uit 'plan', 'verdict'",
}


def _run(argv, capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exc:
        cli.main(list(argv))
    captured = capsys.readouterr()
    assert captured.out == ""
    return exc.value.code, captured.err


@pytest.mark.parametrize("argv", list(MISTAKES), ids=[" ".join(a) or "(nothing)" for a in MISTAKES])
def test_a_usage_mistake_is_told_in_dutch_with_the_english_in_brackets(argv, capsys, monkeypatch):
    monkeypatch.delenv("STO_LANG", raising=False)
    code, err = _run(argv, capsys)
    assert code == 2
    assert err.startswith("gebruik: sto")
    assert f"fout: {MISTAKES[argv]}" in err
    assert "(English: " in err and "fout in de opdracht" not in err  # a known message, not the fallback
    assert err.rstrip().endswith("--help")
    assert "Traceback" not in err


def test_english_only_with_lang_en_or_sto_lang(capsys, monkeypatch):
    monkeypatch.delenv("STO_LANG", raising=False)
    code, err = _run(["--lang", "en", "assess"], capsys)
    assert code == 2 and err.startswith("usage: sto assess")
    assert "sto assess: error: the following arguments are required: plan" in err and "fout" not in err
    monkeypatch.setenv("STO_LANG", "en")
    code, err = _run(["assess", "p.yaml", "--format", "xml"], capsys)
    assert code == 2 and "error: argument --format: invalid choice: 'xml'" in err and "gebruik" not in err


def test_english_wanted_reads_the_command_line_before_argparse_does(monkeypatch):
    monkeypatch.delenv("STO_LANG", raising=False)
    assert english_wanted(["assess", "--lang", "en", "p.yaml"])
    assert english_wanted(["--lang=en", "assess"])
    assert not english_wanted(["assess", "p.yaml", "--lang", "nl"])
    assert not english_wanted(["assess", "--", "--lang", "en"])  # after --, it is a file name
    assert not english_wanted(["assess", "--lang"])
    # the general option comes first and wins over the command's own
    assert not english_wanted(["--lang", "nl", "assess", "p.yaml", "--lang", "en"])
    assert english_wanted(["--lang", "en", "assess", "p.yaml", "--lang", "nl"])
    monkeypatch.setenv("STO_LANG", " EN ")
    assert english_wanted(["assess"])
    assert not english_wanted(["assess", "p.yaml", "--lang", "nl"])  # asked for on the line: over STO_LANG


def test_an_unknown_argparse_message_keeps_its_english_under_a_dutch_lead_in(capsys, monkeypatch):
    assert dutch_usage_error("something argparse may say one day") is None
    monkeypatch.delenv("STO_LANG", raising=False)
    parser = cli.build_parser()
    with pytest.raises(SystemExit):
        parser.error("something argparse may say one day")
    assert "sto: fout: fout in de opdracht (English: something argparse may say one day)" in capsys.readouterr().err


def test_help_frame_is_dutch(capsys, monkeypatch):
    monkeypatch.delenv("STO_LANG", raising=False)
    with pytest.raises(SystemExit) as exc:
        cli.main(["assess", "--help"])
    out = capsys.readouterr().out
    assert exc.value.code == 0
    assert out.startswith("gebruik: sto assess")
    assert "\nargumenten:\n" in out and "\nopties:\n" in out and "toon deze hulp en stop" in out
    assert "positional arguments" not in out and "show this help message" not in out
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "\nopdrachten:\n" in capsys.readouterr().out
