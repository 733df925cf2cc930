"""What the core commands (engine/cli.py) and the feature commands (`engine/*/cli.py`) share:
argument types, output, the rulebook library and reading a stored verdict.

A module of its own so that a feature command never imports the command line it is part of.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rulebook.loader import Library
    from .verdict.model import Verdict


@contextmanager
def starting() -> Iterator[None]:
    """A command's start: importing its modules, reading the rulebook library.

    What is made here (modules, classes, the library: ~75,000 objects) lives until the process
    ends, and the cyclic garbage collector, walking all of it at every full pass and once more at
    exit, finds nothing to free: in `sto assess` that walking took ~20% of the command's time. So
    the collector pauses meanwhile, and what exists at the end is frozen (`gc.freeze()`: left out
    of every later pass, the one at exit included); the command's work runs with the collector on.
    Only a process's first start freezes: one that runs commands one after another (the tests)
    would otherwise keep for good whatever garbage each command left at that moment.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
        if enabled:
            gc.enable()


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from .argparse_nl import usage_text
        from .i18n import N_

        raise argparse.ArgumentTypeError(usage_text(N_("cli.not_a_date"), value=text)) from None


def out(text: str, path: str | None, example: str = "uitvoer.txt") -> None:
    """Print `text`, or write it to `path` (never half-written); `example` names a sensible file in errors."""
    if path:
        from .files import write_output

        write_output(path, text if text.endswith("\n") else text + "\n", example)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def library(args: argparse.Namespace) -> Library:
    """The rulebook library of `--rulebooks` (default: the project's rulebooks/)."""
    from .rulebook import load_library

    return load_library(getattr(args, "rulebooks", None))


def read_verdict(path: str) -> Verdict:
    from pydantic import ValidationError

    from .errors import InputError, Problem
    from .files import read_bytes
    from .i18n import both
    from .verdict import Verdict

    raw = read_bytes(path, hint=both("verdict.hint.verdict_file", command="sto assess PLAN --format json -o FILE"))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(path, [Problem.said(both("verdict.not_json", reason=str(exc)), line=line)]) from None
    try:
        return Verdict.from_json(data)
    except ValidationError as exc:
        problems = [Problem.from_pydantic(e) for e in exc.errors()[:20]]
        raise InputError(path, problems) from None
