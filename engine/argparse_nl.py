"""argparse in Dutch: the command line's own usage errors and help frame, Dutch first.

argparse words its errors ("the following arguments are required: plan") and its help frame
("usage:", "options", "show this help message and exit") in English. The users of `sto` read
Dutch, and every other error of the CLI is Dutch first with the English once in brackets
(engine/errors_nl.py); a mistyped command should read the same. With `--lang en` anywhere on the
command line, or STO_LANG=en, usage errors stay English only, as the other errors do.
"""
from __future__ import annotations

import argparse
import functools
import os
import re
import sys
from collections.abc import Sequence

LANG_ENV = "STO_LANG"

# argparse's messages (Python 3.11 and 3.12 wording) -> Dutch. Names and values are kept as typed.
_MESSAGES: list[tuple[re.Pattern, str]] = [(re.compile(p, re.DOTALL), nl) for p, nl in [
    (r"the following arguments are required: (?P<a>.+)", "dit ontbreekt nog: {a}"),
    (r"one of the arguments (?P<a>.+) is required", "geef een van deze argumenten: {a}"),
    (r"argument (?P<arg>\S+): invalid choice: (?P<v>.+?) \(choose from (?P<c>.+)\)",
     "argument {arg}: {v} is geen geldige keuze; kies uit {c}"),
    (r"argument (?P<arg>\S+): invalid int value: (?P<v>.+)", "argument {arg}: {v} is geen geheel getal"),
    (r"argument (?P<arg>\S+): invalid float value: (?P<v>.+)", "argument {arg}: {v} is geen getal"),
    (r"argument (?P<arg>\S+): invalid (?P<t>\S+) value: (?P<v>.+)", "argument {arg}: ongeldige waarde {v}"),
    (r"argument (?P<arg>\S+): expected one argument", "argument {arg}: hier hoort één waarde achter"),
    (r"argument (?P<arg>\S+): expected at least one argument", "argument {arg}: hier hoort minstens één waarde achter"),
    (r"argument (?P<arg>\S+): expected at most one argument", "argument {arg}: hier hoort hoogstens één waarde achter"),
    (r"argument (?P<arg>\S+): expected (?P<n>\d+) arguments?", "argument {arg}: hier horen {n} waarden achter"),
    (r"argument (?P<arg>\S+): not allowed with argument (?P<other>\S+)",
     "argument {arg}: kan niet samen met {other}"),
    (r"argument (?P<arg>\S+): ignored explicit argument (?P<v>.+)", "argument {arg}: neemt geen waarde, kreeg {v}"),
    (r"unrecognized arguments: (?P<a>.+)", "onbekende argumenten: {a}"),
    (r"ambiguous option: (?P<o>\S+) could match (?P<m>.+)", "optie {o} is niet eenduidig: bedoelt u {m}?"),
    # our own type functions (engine.cli_helpers.parse_date): the argument's name, then our English message
    (r"argument (?P<arg>\S+): '(?P<v>.*)' is not a date; write YYYY-MM-DD",
     "argument {arg}: '{v}' is geen datum; schrijf JJJJ-MM-DD"),
    # engine/store/cli.py _anchor
    (r"argument (?P<arg>\S+): '(?P<v>.*)' is not SEQ:HASH \(e\.g\. (?P<e>\S+), the 64-character record_hash "
     r"printed by `sto audit head`\)",
     "argument {arg}: '{v}' is geen VOLGNUMMER:HASH (bijvoorbeeld {e}, de record_hash van 64 tekens die "
     "`sto audit head` toont)"),
]]

_FRAME = {"usage: ": "gebruik: ", "positional arguments": "argumenten", "options": "opties"}


def english_wanted(argv: Sequence[str] | None = None) -> bool:
    """Whether errors are to be English only, read off the command line before argparse parses it.

    The first `--lang` (before a `--`) decides: `sto --lang L COMMAND` comes before a command's own
    `--lang`, so the general option wins, as it should. Without any, STO_LANG=en; else Dutch.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    args = args[:args.index("--")] if "--" in args else args
    for i, a in enumerate(args):
        if a.startswith("--lang="):
            return a == "--lang=en"
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1] == "en"
    return os.environ.get(LANG_ENV, "").strip().lower() == "en"


def dutch_usage_error(message: str) -> str | None:
    """argparse's English error message in Dutch, or None where the message is not known."""
    for pattern, template in _MESSAGES:
        m = pattern.fullmatch(message.strip())
        if m:
            return template.format(**m.groupdict())
    return None


class DutchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix=_FRAME["usage: "] if prefix is None else prefix)


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help frame and usage errors are Dutch, or English with english=True
    (decided before parsing: `english_wanted(argv)`). Subcommand parsers inherit both."""

    def __init__(self, *args, english: bool = False, **kwargs):
        self.english = english
        kwargs.setdefault("formatter_class", argparse.HelpFormatter if english else DutchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        if not english:
            self._positionals.title = _FRAME["positional arguments"]
            self._optionals.title = _FRAME["options"]
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="show this help and exit" if english else "toon deze hulp en stop")

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", functools.partial(type(self), english=self.english))
        return super().add_subparsers(**kwargs)

    def error(self, message: str):
        """Usage, then the error Dutch first, then exit 2 (the CLI's exit code for input errors)."""
        self.print_usage(sys.stderr)
        if self.english:
            self.exit(2, f"{self.prog}: error: {message}\n")
        nl = dutch_usage_error(message)
        text = f"{nl} (English: {message})" if nl is not None else f"fout in de opdracht (English: {message})"
        self.exit(2, f"{self.prog}: fout: {text}\n"
                     f"Hulp: {self.prog} --help\n")
