"""Dutch and English messages for API errors.

A problem carries its English (`message.en`, `expected`, `found`, `hint`) and its Dutch, worded
from the message catalogue where it was found (`message.nl`, `expected_nl`, `found_nl`,
`hint_nl`), so that a region's own tools can show Dutch; engine/errors_nl.py reads it, as the CLI
does. A problem without Dutch of its own gets a Dutch lead-in with the location and the English.
"""
from __future__ import annotations

from ..errors import Problem
from ..errors_nl import UNKNOWN_TEXT, expected_nl, found_nl, hint_nl, problem_dutch, where_nl
from ..jsontypes import JSONObject

__all__ = ["where_nl", "problem_json"]


def problem_json(problem: JSONObject | Problem) -> JSONObject:
    """One located problem with its field path and a message in Dutch and English."""
    p = problem.to_dict() if isinstance(problem, Problem) else dict(problem)
    english = str(p.get("message", ""))
    nl = problem_dutch(p)
    where = where_nl(p.get("path", ""), p.get("line"))
    if nl is None:
        nl = f"Het plan klopt hier niet ({where}): {english}" if where else f"Het plan klopt niet: {english}"
    else:
        nl = (f"{where[0].upper()}{where[1:]}: {nl}" if where else nl[0].upper() + nl[1:])
    out = {"path": p.get("path", ""), "message": {"nl": nl, "en": english}}
    for key in ("line", "column", "expected", "found", "hint"):
        if p.get(key) is not None:
            out[key] = p[key]
    # The Dutch of expected, found and hint beside the English (the problem's own, from the catalogue,
    # where the code worded them by id).
    for key, dutch_of in (("expected", expected_nl), ("found", found_nl), ("hint", hint_nl)):
        if p.get(key) is not None:
            text = dutch_of(p)
            out[f"{key}_nl"] = text if text is not None else UNKNOWN_TEXT + str(p[key])
    return out
