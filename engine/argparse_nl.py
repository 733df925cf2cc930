"""argparse in Dutch: the command line's own usage errors and help frame, Dutch first.

argparse words its errors ("the following arguments are required: plan") and its help frame
("usage:", "options", "show this help message and exit") in English, each through gettext (`_()`
and `ngettext()` in its module). The users of `sto` read Dutch, and every other error of the CLI is
Dutch first with the English once in brackets; a mistyped command should read the same. With
`--lang en` anywhere on the command line, or STO_LANG=en, usage errors stay English only.

argparse's texts are translated by their own msgids, from the catalogue of the "argparse" domain
(engine/locale/nl/LC_MESSAGES/argparse.po; tests/test_i18n.py checks that it covers every msgid of
the running Python's argparse). Python's way to do that, `gettext.textdomain()`, is one language
for the whole process and keeps no English beside the Dutch; so this module points argparse's
`_`/`ngettext` at a lookup that is a no-op outside a Dutch parser call (other users of argparse in
the process, pytest's own, see no change) and, inside one, gives a `str` that is the Dutch and
carries argparse's English along (`Both`), so that the error line can show both.
"""
from __future__ import annotations

import argparse
import contextlib
import contextvars
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NoReturn, Self, TypedDict, TypeVar, Unpack, cast, overload

from .i18n import N_, texts, tr

LANG_ENV = "STO_LANG"
DOMAIN = "argparse"

_dutch: contextvars.ContextVar[bool] = contextvars.ContextVar("sto_argparse_dutch", default=False)

# argparse names the type of a value it could not convert ("invalid int value: 'abc'"); in Dutch
# the type is a word of its own ("'abc' is geen geheel getal").
_TYPE_NAMES = {"int": N_("argparse.type.int"), "float": N_("argparse.type.float")}
_INVALID_TYPE = "invalid %(type)s value: %(value)r"


class Both(str):
    """argparse's text in Dutch (the string itself) with argparse's English in `.en`; `known` is
    False where the catalogue had no Dutch (the string is then the English). Formatting with `%`
    keeps both: the Dutch filled in with the Dutch of the values, the English with their English."""

    en: str
    known: bool
    msgid: str | None

    def __new__(cls, nl: str, en: str, known: bool = True, msgid: str | None = None) -> Both:
        self = super().__new__(cls, nl)
        self.en, self.known, self.msgid = en, known, msgid
        return self

    def __str__(self) -> str:  # str(exc) and "%s" keep the pair, not a plain copy of the Dutch
        return self

    def __mod__(self, values: object) -> Both:
        nl_values, en_values = _sides(values)
        if self.msgid == _INVALID_TYPE and isinstance(nl_values, dict):
            type_id = _TYPE_NAMES.get(str(nl_values.get("type")), N_("argparse.type.other"))
            nl_values = {**nl_values, "type": tr(type_id, "nl")}
        known = self.known and all(getattr(v, "known", True) for v in _flat(values))
        return Both(str.__mod__(str.__str__(self), nl_values), str.__mod__(self.en, en_values), known)


def _flat(values: object) -> list[object]:
    if isinstance(values, dict):
        return list(values.values())
    return list(values) if isinstance(values, tuple) else [values]


def _sides(values: object) -> tuple[object, object]:
    def nl(v: object) -> object:
        return str.__str__(v) if isinstance(v, Both) else v

    def en(v: object) -> object:
        return v.en if isinstance(v, Both) else v

    if isinstance(values, dict):
        return {k: nl(v) for k, v in values.items()}, {k: en(v) for k, v in values.items()}
    if isinstance(values, tuple):
        return tuple(nl(v) for v in values), tuple(en(v) for v in values)
    return nl(values), en(values)


def _lookup(msgid: str) -> str | tuple[str, ...] | None:
    return texts("nl", DOMAIN).get(msgid)


def _gettext(message: str | None) -> str | None:  # argparse passes None too (a subparser group without a description)
    if not _dutch.get() or not isinstance(message, str) or isinstance(message, Both):
        return message
    nl = _lookup(message)
    if isinstance(nl, str):
        return Both(nl, message, msgid=message)
    return Both(message, message, known=False)


def _ngettext(singular: str, plural: str, n: int) -> str:
    english = singular if n == 1 else plural
    if not _dutch.get():
        return english
    forms = _lookup(singular)
    if isinstance(forms, tuple) and all(forms):  # Dutch: nplurals=2, the first form for one
        return Both(forms[0 if n == 1 else 1], english, msgid=singular)
    return Both(english, english, known=False)


argparse._ = _gettext  # type: ignore[attr-defined]
argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def usage_text(msgid: str, **values: object) -> str:
    """One of our own texts for argparse to show (an argument type's error): inside a Dutch parser
    call the Dutch with the English beside it, else the English."""
    en = tr(msgid, "en", **values)
    return Both(tr(msgid, "nl", **values), en) if _dutch.get() else en


@contextlib.contextmanager
def dutch(on: bool = True) -> Iterator[None]:
    token = _dutch.set(on)
    try:
        yield
    finally:
        _dutch.reset(token)


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


_Method = TypeVar("_Method", bound=Callable[..., object])
_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)


def _in_language(method: _Method) -> _Method:
    """Runs an ArgumentParser method with argparse's texts in the parser's language."""
    @functools.wraps(method)
    def wrapper(self: argparse.ArgumentParser, *args: object, **kwargs: object) -> object:
        with dutch(not getattr(self, "english", False)):
            return method(self, *args, **kwargs)
    # the wrapper takes and returns what the method does; the cast keeps the method's own (overloaded)
    # signature, which a ParamSpec would flatten to its first overload
    return cast(_Method, wrapper)


class _ParserOptions(TypedDict, total=False):
    """ArgumentParser's keywords, as its subcommand parsers and the CLI pass them."""
    prog: str | None
    usage: str | None
    description: str | None
    epilog: str | None
    parents: Iterable[argparse.ArgumentParser]
    formatter_class: type[argparse.HelpFormatter]
    prefix_chars: str
    fromfile_prefix_chars: str | None
    argument_default: object
    conflict_handler: str
    add_help: bool
    allow_abbrev: bool
    exit_on_error: bool


class _SubparsersOptions(TypedDict, total=False):
    """add_subparsers' keywords but parser_class, which is the parser's own class in its language."""
    title: str
    description: str | None
    prog: str | None
    action: str | type[argparse.Action]
    option_string: str
    dest: str | None
    required: bool
    help: str | None
    metavar: str | None


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help frame and usage errors are Dutch, or English with english=True
    (decided before parsing: `english_wanted(argv)`). Subcommand parsers inherit both."""

    def __init__(self, *, english: bool = False, **kwargs: Unpack[_ParserOptions]) -> None:
        self.english = english
        with dutch(not english):
            super().__init__(**kwargs)

    @overload
    def add_subparsers(self, **kwargs: Unpack[_SubparsersOptions]) -> argparse._SubParsersAction[Self]: ...

    @overload
    def add_subparsers(self, *, parser_class: type[_Parser],
                       **kwargs: Unpack[_SubparsersOptions]) -> argparse._SubParsersAction[_Parser]: ...

    def add_subparsers(
        self, *, parser_class: type[_Parser] | None = None, **kwargs: Unpack[_SubparsersOptions]
    ) -> argparse._SubParsersAction[Self] | argparse._SubParsersAction[_Parser]:
        with dutch(not self.english):
            if parser_class is not None:
                return super().add_subparsers(parser_class=parser_class, **kwargs)
            # argparse only calls parser_class(**keywords): a partial that fixes the language serves
            own = cast("type[Self]", functools.partial(type(self), english=self.english))
            return super().add_subparsers(parser_class=own, **kwargs)

    parse_args = _in_language(argparse.ArgumentParser.parse_args)
    parse_known_args = _in_language(argparse.ArgumentParser.parse_known_args)
    format_usage = _in_language(argparse.ArgumentParser.format_usage)
    format_help = _in_language(argparse.ArgumentParser.format_help)

    def error(self, message: str) -> NoReturn:
        """Usage, then the error Dutch first, then exit 2 (the CLI's exit code for input errors)."""
        self.print_usage(sys.stderr)
        if self.english:
            self.exit(2, f"{self.prog}: error: {message}\n")
        # (ids outside f-strings: the extractor does not look inside them)
        nl = str.__str__(message) if isinstance(message, Both) and message.known else tr("argparse.unknown", "nl")
        english = getattr(message, "en", message)
        error, hint = tr("argparse.error", "nl"), tr("argparse.help", "nl", prog=self.prog)
        self.exit(2, f"{self.prog}: {error}: {nl} (English: {english})\n{hint}\n")
