"""Errors are public API: each says what is wrong, where (file, line, field path) and how to fix it.

The CLI maps every `StoError` to exit code 2 and prints `str(error)`; nothing else should
ever reach a user as a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Self

# A text in both languages, as engine.i18n.both() gives it: {"nl": ..., "en": ...}.
Texts = dict[str, str]


class WordedError(Exception):
    """An error whose message may come from the catalogue in Dutch and English (`said`); str() is
    the English."""

    texts: Texts | None = None

    @classmethod
    def said(cls, texts: Texts) -> Self:
        """The error with its message from the catalogue: `StoError.said(both(id, ...))`."""
        error = cls(texts["en"])
        error.texts = texts
        return error


class StoError(WordedError):
    """Base of every error a user can cause and fix."""

    exit_code = 2

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": str(self)}


@dataclass
class Problem:
    """One located problem in an input file."""

    message: str
    path: str = ""  # JSON pointer into the document, e.g. /partners/2/brin
    line: int | None = None
    column: int | None = None
    expected: str | None = None
    found: str | None = None
    hint: str | None = None
    # The Dutch of message, expected, found and hint, where the code that found the problem words
    # them from the message catalogue (engine/i18n.py); None where it has no Dutch (the CLI and the
    # API then show the English after a Dutch lead-in). A found value as written has no Dutch of its
    # own: it reads the same.
    nl: str | None = None
    nl_expected: str | None = None
    nl_found: str | None = None
    nl_hint: str | None = None

    @classmethod
    def said(cls, message: Texts | str, *, expected: Texts | None = None, found: Texts | str | None = None,
             hint: Texts | None = None, **where: Any) -> Problem:
        """A problem whose texts come from the catalogue, each as `both(id, ...)` gives it
        ({"nl": ..., "en": ...}); a plain string is English only (the message) or a value as written
        (found), which reads the same in Dutch."""
        def en(texts: Texts | str | None) -> str | None:
            return texts["en"] if isinstance(texts, dict) else texts

        def nl(texts: Texts | str | None) -> str | None:
            return texts["nl"] if isinstance(texts, dict) else None

        return cls(en(message) or "", nl=nl(message), expected=en(expected), nl_expected=nl(expected),
                   found=en(found), nl_found=nl(found), hint=en(hint), nl_hint=nl(hint), **where)

    @classmethod
    def from_pydantic(cls, error: Any, **fields: Any) -> Problem:
        """A problem for one pydantic error: the message built from its type and ctx, in English
        and Dutch (engine/pydantic_messages.py), at its location; pydantic's own text where the
        type has no message of ours (our validators' own words)."""
        from .pydantic_messages import messages

        texts = messages(error)
        fields.setdefault("path", "/" + "/".join(str(p) for p in error["loc"]))
        if texts is None:
            return cls(str(error["msg"]), **fields)
        return cls(texts["en"], nl=texts["nl"], **fields)

    def where(self, file: str | None) -> str:
        """file:line:column, as editors and terminals jump to it."""
        where = file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def render(self, file: str | None) -> str:
        parts = [f"{self.where(file)}: {self.message}"]
        if self.path:
            parts.append(f"  field:    {self.path}")
        if self.expected:
            parts.append(f"  expected: {self.expected}")
        if self.found is not None:
            parts.append(f"  found:    {self.found}")
        if self.hint:
            parts.append(f"  fix:      {self.hint}")
        return "\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class InputError(StoError):
    """A plan (or other input document) that cannot be read or does not fit the schema."""

    file: str | None
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"{self.file or '<input>'}: {len(self.problems)} problem(s) found"
        return "\n".join([head] + [p.render(self.file) for p in self.problems])

    def to_dict(self) -> dict[str, Any]:
        return {"error": "InputError", "file": self.file, "problems": [p.to_dict() for p in self.problems]}


@dataclass
class RulebookError(StoError):
    """A rulebook that does not load: the message names the file and, where it applies, the rule."""

    file: str
    message: str
    rule: str | None = None
    hint: str | None = None
    # The Dutch of message and hint where the code words them by catalogue id (`said_in`).
    nl: str | None = None
    nl_hint: str | None = None

    @classmethod
    def said_in(cls, file: str, message: Texts | str, rule: str | None = None,
                hint: Texts | str | None = None) -> RulebookError:
        """A rulebook error with its texts from the catalogue (`both(id, ...)`); a plain string is
        English only."""
        def en(texts: Texts | str | None) -> str | None:
            return texts["en"] if isinstance(texts, dict) else texts

        def nl(texts: Texts | str | None) -> str | None:
            return texts["nl"] if isinstance(texts, dict) else None

        return cls(file, en(message) or "", rule, en(hint), nl=nl(message), nl_hint=nl(hint))

    def __str__(self) -> str:
        where = self.file + (f" (rule {self.rule})" if self.rule else "")
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"error": "RulebookError", "file": self.file, "rule": self.rule, "message": self.message}


class SaidValueError(ValueError):
    """A validator's refusal worded from the catalogue: pydantic reports it as a `value_error` with
    the exception in its ctx, so the Dutch (and what was expected) travels with the English."""

    def __init__(self, message: Texts, expected: Texts | None = None):
        super().__init__(message["en"])
        self.texts, self.expected = message, expected


class VersionSelectionError(StoError):
    """No rulebook version (or more than one) applies to the asked date or id."""


class EngineError(Exception):
    """The rules engine misbehaved (both sides of a check fired, the agenda did not drain, ...).

    Not a user error: it means a bug in the compiler or the engine, and is reported as such.
    """

    exit_code = 3
