"""Errors as a user reads them, Dutch first: the CLI's rendering (`render_error`) and the Dutch
the HTTP API puts beside the English (engine/service/messages.py).

A problem carries its own Dutch, worded from the message catalogue by the code that found it
(`Problem.nl`, `nl_expected`, `nl_found`, `nl_hint`; engine/i18n.py, docs/design/messages.md);
an error carries its own too (`StoError.said(both(id, ...))` keeps it in `texts`; `RulebookError.nl`;
`nl` on LetterRefused and the judgement errors). Nothing here derives Dutch from English text. Where
an error has no Dutch (a message written in English only), a Dutch lead-in comes with the English
text: the reader is never left without the message itself.
"""
from __future__ import annotations

from .errors import InputError, Problem, RulebookError, StoError
from .jsontypes import JSONObject

# Lead-ins for text that has no Dutch (yet).
UNKNOWN_PROBLEM = "probleem, alleen in het Engels beschreven"
UNKNOWN_ERROR = "fout, alleen in het Engels beschreven"
UNKNOWN_TEXT = "(Engels) "

LABELS = {"field": "veld", "expected": "verwacht", "found": "gevonden", "hint": "oplossing"}


def problem_dutch(problem: Problem | JSONObject) -> str | None:
    """A problem's Dutch: its own, from the catalogue (None for a problem worded in English only,
    e.g. pydantic's text for a validator of another model)."""
    nl = problem.get("nl") if isinstance(problem, dict) else problem.nl
    return None if nl is None else str(nl)


def _own(problem: Problem | JSONObject, key: str) -> str | None:
    value = problem.get(key) if isinstance(problem, dict) else getattr(problem, key)
    return None if value is None else str(value)


def expected_nl(problem: Problem | JSONObject) -> str | None:
    """What a problem expected, in Dutch: its own, worded by id where the problem was found."""
    return _own(problem, "nl_expected")


def found_nl(problem: Problem | JSONObject) -> str | None:
    """What was found, in Dutch: its own (a fixed form worded by id), else as written."""
    own = _own(problem, "nl_found")
    return own if own is not None else _own(problem, "found")


def hint_nl(problem: Problem | JSONObject) -> str | None:
    """How to fix it, in Dutch: its own, worded by id where the problem was found."""
    return _own(problem, "nl_hint")


def where_nl(path: str, line: int | None) -> str:
    parts = []
    if path:
        parts.append(f"veld {path}")
    if line is not None:
        parts.append(f"regel {line}")
    return ", ".join(parts)


def _or_english(nl: str | None, english: str) -> str:
    return nl if nl is not None else UNKNOWN_TEXT + english


def _label(key: str) -> str:
    return f"  {LABELS[key] + ':':<11}"


def problem_line_nl(problem: Problem, file: str | None) -> str:
    """'FILE:LINE:COL: message' with the message in Dutch where it has Dutch: for one-line summaries."""
    nl = problem_dutch(problem)
    return f"{problem.where(file)}: {nl if nl is not None else problem.message}"


def render_problem(problem: Problem, file: str | None) -> str:
    """One problem, Dutch first: the same file:line:column prefix as Problem.render, the English
    message once in brackets, and Dutch field/expected/found/fix lines."""
    nl = problem_dutch(problem)
    lead = nl if nl is not None else UNKNOWN_PROBLEM
    parts = [f"{problem.where(file)}: {lead} (English: {problem.message})"]
    if problem.path:
        parts.append(f"{_label('field')}{problem.path}")
    if problem.expected:
        parts.append(f"{_label('expected')}{_or_english(expected_nl(problem), problem.expected)}")
    if problem.found is not None:
        parts.append(f"{_label('found')}{found_nl(problem)}")
    if problem.hint:
        parts.append(f"{_label('hint')}{_or_english(hint_nl(problem), problem.hint)}")
    return "\n".join(parts)


def render_input_error(error: InputError) -> str:
    n = len(error.problems)
    head = f"{error.file or '<input>'}: {n} {'probleem' if n == 1 else 'problemen'} gevonden"
    return "\n".join([head] + [render_problem(p, error.file) for p in error.problems])


def render_rulebook_error(error: RulebookError) -> str:
    where = error.file + (f" (regel {error.rule})" if error.rule else "")
    text = f"{where}: {error.nl if error.nl is not None else 'fout in het regelboek'} (English: {error.message})"
    if error.hint:
        text += f"\n{_label('hint')}{_or_english(error.nl_hint, error.hint)}"
    return text


def render_error(error: StoError) -> str:
    """The text the CLI prints for an error: Dutch first, the English message once in brackets."""
    if isinstance(error, InputError):
        return render_input_error(error)
    if isinstance(error, RulebookError):
        return render_rulebook_error(error)
    own = getattr(error, "nl", None)
    if isinstance(own, str):  # an error that carries its own Dutch (engine/judgement)
        return f"{own}\n  (English: {error})"
    english = str(error)
    if error.texts is None:
        return f"{UNKNOWN_ERROR}: {english}"
    # A message of several lines (a list of settings, a parser's report, a fix): the first line says
    # what it is about, in Dutch with the English once in brackets; the lines after it are shown once,
    # in Dutch (where they are values, they read the same in both languages).
    first = english.partition("\n")[0]
    nl, newline, rest = error.texts["nl"].partition("\n")
    if first.endswith(":") and nl.endswith(":"):
        return f"{nl[:-1]} (English: {first[:-1]}):{newline}{rest}"
    if len(nl) + len(first) > 200:  # a long message (a list of versions): the English on a line of its own
        return f"{nl}\n  (English: {first}){newline}{rest}"
    return f"{nl} (English: {first}){newline}{rest}"
