"""YAML's parse errors as our messages, Dutch and English, from the catalogue.

libyaml (and PyYAML's pure-Python parser, which words a few the same way) reports a parse error as
an exception class, a position (`problem_mark`) and a fixed problem text from a small set ("did
not find expected key", "mapping values are not allowed in this context"). That problem text is
the parser's kind of error: it is matched here by its fixed start, once, to a message id, and the
message a user reads comes from the catalogue in both languages (engine/i18n.py). The position
comes from the mark, as a line and column counted from 1.

A problem of a kind not listed keeps the parser's English after a Dutch "geen geldige YAML".
"""
from __future__ import annotations

import re
from typing import Any

from .i18n import LANGUAGES, N_, tr

# (the fixed start of the parser's problem text, message id). First match wins.
_KINDS: list[tuple[str, str]] = [
    ("mapping values are not allowed", N_("yaml.colon_out_of_place")),
    ("could not find expected ':'", N_("yaml.not_key_value")),
    ("found a tab character", N_("yaml.tab")),
    ("found undefined alias", N_("yaml.undefined_alias")),
    ("did not find expected key", N_("yaml.indentation")),
    ("did not find expected ',' or ']'", N_("yaml.missing_comma_bracket")),
    ("did not find expected ',' or '}'", N_("yaml.missing_comma_brace")),
    ("did not find expected node content", N_("yaml.missing_value")),
    ("did not find expected <document start>", N_("yaml.text_after_document")),
    ("did not find expected '-' indicator", N_("yaml.list_indentation")),
    ("found unexpected end of stream", N_("yaml.unexpected_end")),
    ("block sequence entries are not allowed in this context", N_("yaml.list_out_of_place")),
    ("mapping keys are not allowed in this context", N_("yaml.key_out_of_place")),
    ("found character that cannot start any token", N_("yaml.cannot_start_token")),
    ("found unknown escape character", N_("yaml.unknown_escape")),
    ("found unexpected ':'", N_("yaml.unexpected_colon")),
    ("found undefined tag handle", N_("yaml.undefined_tag_handle")),
    ("did not find expected whitespace or line break", N_("yaml.tag_needs_space")),
    ("did not find expected alphabetic or numeric character", N_("yaml.anchor_without_name")),
    ("did not find expected comment or line break", N_("yaml.text_after_value")),
    ("found duplicate %YAML directive", N_("yaml.duplicate_directive")),
    ("found incompatible YAML document", N_("yaml.incompatible_directive")),
    ("found unknown directive", N_("yaml.unknown_directive")),
    ("could not find expected directive name", N_("yaml.unknown_directive")),
    ("found unexpected non-alphabetical character", N_("yaml.unknown_directive")),
    # PyYAML's pure-Python parser (where libyaml is not installed) words these its own way
    ("expected <block end>, but found", N_("yaml.indentation")),
    ("expected <block mapping start>", N_("yaml.indentation")),
    ("expected <block sequence start>", N_("yaml.indentation")),
    ("expected ',' or ']'", N_("yaml.missing_comma_bracket")),
    ("expected ',' or '}'", N_("yaml.missing_comma_brace")),
    ("expected alphabetic or numeric character", N_("yaml.anchor_without_name")),
    ("expected whitespace or line break", N_("yaml.tag_needs_space")),
    ("expected a comment or a line break", N_("yaml.text_after_value")),
    ("expected '<document start>'", N_("yaml.text_after_document")),
    ("found duplicate YAML directive", N_("yaml.duplicate_directive")),
]


def problem_text(exc: Any) -> str:
    return str(getattr(exc, "problem", None) or exc)


# PyYAML's pure-Python scanner names the character ("found character '@' that cannot start any token").
_NAMED_CHARACTER = re.compile(r"found character '(?P<c>.*)' that cannot start any token")


def kind(exc: Any) -> str | None:
    """The message id of a parse error's kind, or None for a kind not listed."""
    problem = problem_text(exc)
    named = _NAMED_CHARACTER.match(problem)
    if named:
        problem = "found a tab character" if named["c"] == "\\t" else "found character that cannot start any token"
    return next((msgid for start, msgid in _KINDS if problem.startswith(start)), None)


def words(exc: Any) -> dict[str, str]:
    """What is wrong, in words after "not valid YAML: " / "geen geldige YAML: ", in both languages."""
    msgid = kind(exc)
    if msgid is None:
        return {"nl": problem_text(exc), "en": problem_text(exc)}
    return {lang: tr(msgid, lang) for lang in LANGUAGES}


def messages(exc: Any) -> dict[str, str]:
    """The whole message: "not valid YAML: ..." (the parser's context after it in brackets, as
    developers know it) and "geen geldige YAML: ..."."""
    said = words(exc)
    context = getattr(exc, "context", None)
    return {"nl": tr("yaml.not_valid", "nl", words=said["nl"]),
            "en": tr("yaml.not_valid", "en", words=said["en"]) + (f" ({context})" if context else "")}


def position(exc: Any) -> tuple[int | None, int | None]:
    """Line and column (from 1) of the error, from the parser's mark."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
