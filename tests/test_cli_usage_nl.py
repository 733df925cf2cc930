"""The command line's own usage errors and help frame: Dutch first, English with --lang en or STO_LANG=en.

Every mistake below is one a user makes (a missing plan, a typo in a command or option, a value
of the wrong kind); each must come out in Dutch, with argparse's English once in brackets, the
usage line, a pointer to --help, and exit code 2 (the CLI's code for input errors).
"""
from __future__ import annotations

import argparse
import re

import pytest

import cli
from engine.argparse_nl import english_wanted

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


# Whole words that are common in English help texts and are not Dutch words ("of", "in", "is",
# "op" and the like are both, so they are not here). Command and choice names (`show`, `list`,
# `add`) are written in backticks in the Dutch texts; backticked code is not checked.
ENGLISH_WORDS = frozenset(
    "the a an and with for to from into this that these which when where whose than not only each every "
    "its it be are by or should must can will print prints show shows write writes use instead default "
    "file folder version".split())
# Generic metavars that read English; their Dutch forms are BESTAND, MAP, DATUM, NAAM, ID@VERSIE, ...
ENGLISH_METAVARS = frozenset({"FILE", "DIR", "DATE", "NAME", "VERSION", "ID@VERSION", "PLAN_OR_DIR", "REPORT_DIR",
                              "SEQ:HASH", "YYYY-MM-DD", "MAX_BYTES", "LIMIT", "OFFSET", "HOST", "PORT", "ACTOR", "ROLE"})


def _english_words(text: str) -> set[str]:
    prose = re.sub(r"`[^`]*`", " ", text)
    words = re.findall(r"\w+", prose)  # STO_TOKEN_FILE is one word, not TOKEN and FILE
    return {w for w in words if w.lower() in ENGLISH_WORDS and w != "A"}  # A as in `sto diff A B`


def _walk(parser, path=("sto",)):
    """(command path, parser, {subcommand: its help or None}) for `sto` and every (nested) subcommand."""
    helps = {}
    for group in [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]:
        given = {c.dest: c.help for c in group._choices_actions}  # only commands added with help=...
        helps.update({name: given.get(name) for name in group.choices})
    yield path, parser, helps
    if parser._subparsers is not None:
        for group in parser._subparsers._group_actions:
            for name, sub in group.choices.items():
                yield from _walk(sub, path + (name,))


def _texts(parser, helps):
    """Every help text of this parser: description, epilog, each action's help, each subcommand's help."""
    yield "description", parser.description
    yield "epilog", parser.epilog
    for action in parser._actions:
        if action.help not in (None, argparse.SUPPRESS):
            yield "/".join(action.option_strings) or action.dest, action.help % {**vars(action), "prog": parser.prog}
    yield from helps.items()


def test_the_parser_tree_is_walked_whole():
    commands = {" ".join(path) for path, _, _ in _walk(cli.build_parser())}
    assert {"sto", "sto assess", "sto tokens", "sto audit verify", "sto audit show", "sto prescreen"} <= commands
    assert len(commands) >= 20


def test_every_command_has_a_dutch_help_text_and_no_help_text_is_english(monkeypatch):
    monkeypatch.delenv("STO_LANG", raising=False)
    missing, english, metavars = [], [], []
    for path, parser, helps in _walk(cli.build_parser()):
        missing += [f"{' '.join(path)} {name}" for name, text in helps.items() if not (text or "").strip()]
        for where, text in _texts(parser, helps):
            words = _english_words(text or "")
            if words:
                english.append(f"{' '.join(path)} {where}: {sorted(words)} in {text!r}")
        for action in parser._actions:
            shown = action.metavar if action.metavar is not None else (action.dest.upper() if action.option_strings
                                                                        and action.nargs != 0 else None)
            for metavar in shown if isinstance(shown, tuple) else [shown]:
                if metavar in ENGLISH_METAVARS:
                    metavars.append(f"{' '.join(path)} {'/'.join(action.option_strings) or action.dest}: {metavar}")
    assert not missing, "commands without a help text:\n" + "\n".join(missing)
    assert not english, "English help texts:\n" + "\n".join(english)
    assert not metavars, "English metavars:\n" + "\n".join(metavars)


def test_the_english_word_list_catches_english_and_spares_dutch():
    assert _english_words("assess a plan and print the verdict") == {"a", "and", "print", "the"}
    assert _english_words("write the committee's letter for a verdict") >= {"write", "the", "for"}
    assert not _english_words("toon, controleer of vergelijk regelboekversies; het oordeel is in orde, "
                              "op of na deze datum, met de bevindingen van de commissie")
    assert not _english_words("ID@VERSIE bij `show`; `sto rulebooks diff A B`")


def _error_of(parser, argv, capsys) -> str:
    with pytest.raises(SystemExit):
        parser.parse_args(argv)
    return capsys.readouterr().err


def test_argparse_is_translated_by_its_own_msgids_plural_forms_included(capsys):
    from engine.argparse_nl import DutchArgumentParser

    parser = DutchArgumentParser(prog="p")
    parser.add_argument("--pair", nargs=2)
    parser.add_argument("--ratio", type=float)
    assert "p: fout: argument --pair: hier horen 2 waarden achter (English: argument --pair: expected 2 arguments)" \
        in _error_of(parser, ["--pair", "a"], capsys)
    assert "argument --ratio: 'x' is geen getal (English: argument --ratio: invalid float value: 'x')" \
        in _error_of(parser, ["--ratio", "x"], capsys)


def test_argparse_outside_a_dutch_parser_is_left_as_it_is(capsys):
    # the same process runs other argparse users (pytest's own): they see argparse's English
    assert argparse._("usage: ") == "usage: " and type(argparse._("usage: ")) is str
    parser = argparse.ArgumentParser(prog="p")
    parser.add_argument("n", type=int)
    assert "p: error: argument n: invalid int value: 'x'" in _error_of(parser, ["x"], capsys)
