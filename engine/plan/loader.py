"""Read a plan document safely and report every problem with file, line, field path, expected and found.

Safety first, before anything is built from the text: a size limit checked before reading,
UTF-8 only, a bound on nesting depth kept while composing (the composer recurses per level, and
libyaml's crashes the process on a deep enough text) and located on the parser's event stream, a safe YAML loader
that refuses every non-standard tag, a bound on the expanded size of YAML aliases (a
"billion laughs" document is refused in milliseconds), one document per file, no duplicate keys.

Every failure is an `InputError`; no other exception escapes, whatever the input text.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import re
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, TypeGuard

import yaml
from pydantic import BaseModel, BeforeValidator, ValidationError
from yaml.constructor import ConstructorError

from .. import pydantic_messages, yaml_messages
from ..errors import InputError, Problem, SaidValueError, Texts
from ..i18n import LANGUAGES, N_, both, tr
from ..jsontypes import JSONObject
from . import model as _model
from .model import Plan
from .template import holds_placeholders, placeholders

DEFAULT_MAX_BYTES = 2_000_000
MAX_DEPTH = 50
MAX_EXPANDED_NODES = 100_000
LIMIT_ENV = "STO_MAX_PLAN_BYTES"

_TEMPLATE_HINT = N_("plan.hint.template")
_TOO_MANY_DIGITS = "the number has too many digits"  # our own reason in a ConstructorError
_YAML = "tag:yaml.org,2002:"
# The YAML 1.1 types a plan can need. binary/omap/pairs/set and python/* are deliberately absent.
_STANDARD_TAGS = frozenset(_YAML + t for t in ("str", "int", "float", "bool", "null", "map", "seq",
                                               "timestamp", "merge"))
_COLLECTION_START = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)

Positions = Mapping[str, tuple[int, int]]


@dataclass(frozen=True)
class LoadedPlan:
    """A validated plan together with what it was read from (for hashes, receipts and error locations)."""

    plan: Plan
    source: str
    raw: bytes
    sha256: str  # hex digest of `raw`: the bytes as submitted, not a normalised form
    data: JSONObject = field(default_factory=dict, compare=False, repr=False)
    positions: Positions = field(default_factory=dict, compare=False, repr=False)


# ---------------------------------------------------------------- entry points


def load_plan(path: str | os.PathLike[str], max_bytes: int | None = None) -> LoadedPlan:
    """Read and validate the plan file at `path`; raise InputError describing every problem."""
    source = str(path)
    limit = _limit(max_bytes, source)
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(source, [Problem.said(both("files.not_found"),
                                               hint=both("plan.hint.check_path_template"))]) from None
    except OSError as exc:
        raise InputError(source, [Problem.said(both("files.cannot_read", reason=exc.strerror or exc))]) from None
    if p.is_dir():
        raise InputError(source, [Problem.said(both("plan.folder_not_plan"), hint=both("plan.hint.plan_file"))])
    # Checked on the size the file system reports, so a huge file is never read into memory.
    if info.st_size > limit:
        raise InputError(source, [_too_big(info.st_size, limit)])
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(source, [Problem.said(both("files.cannot_read", reason=exc.strerror or exc))]) from None
    return load_plan_text(raw, source, max_bytes=limit)


def load_plan_text(raw: bytes | str, source: str = "<input>", max_bytes: int | None = None) -> LoadedPlan:
    """Validate a plan given as bytes or text. `source` names it in errors and decides JSON (*.json)."""
    raw = _as_bytes(raw, source)
    limit = _limit(max_bytes, source)
    if len(raw) > limit:
        raise InputError(source, [_too_big(len(raw), limit)])
    text = _decode(raw, source)
    is_json = source.lower().endswith(".json") or text.lstrip().startswith("{")
    data, positions = _read_json(text, source) if is_json else _read_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError(source, [Problem.said(both("plan.not_a_mapping", kind=_kind_of(data)), path="", line=1,
                                               column=1, hint=both(_TEMPLATE_HINT))])
    plan, problems = _validate(data)
    if holds_placeholders(data):
        problems += _placeholder_problems(data)
    if plan is None or problems:
        raise InputError(source, _sorted(_locate(problems, positions)))
    return LoadedPlan(plan, source, raw, hashlib.sha256(raw).hexdigest(), data, positions)


# ---------------------------------------------------------------- bytes and text


def _limit(max_bytes: int | None, source: str) -> int:
    if max_bytes is not None:
        return max_bytes
    env = os.environ.get(LIMIT_ENV, "").strip()
    if not env:
        return DEFAULT_MAX_BYTES
    if not env.isdigit():
        raise InputError(source, [Problem.said(both("plan.limit_not_a_number", variable=LIMIT_ENV),
                                               expected=both("plan.expected.whole_number_example", example=5000000),
                                               found=repr(env), hint=both("plan.hint.limit_unset", variable=LIMIT_ENV))])
    return int(env)


def _too_big(size: int, limit: int) -> Problem:
    return Problem.said(both("plan.too_large", size=_count(size), limit=_count(limit)),
                        hint=both("plan.hint.too_large", variable=LIMIT_ENV))


def _count(n: int) -> dict[str, str]:
    """A count of bytes with thousands separators: 2,000,000 in English, 2.000.000 in Dutch."""
    english = f"{n:,}"
    return {"en": english, "nl": english.replace(",", ".")}


def _as_bytes(raw: bytes | str, source: str) -> bytes:
    if isinstance(raw, bytes):
        return raw
    try:
        return raw.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates in a str cannot be written as UTF-8
        raise InputError(source, [Problem.said(both("plan.not_unicode", position=exc.start))]) from None


def _decode(raw: bytes, source: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(source, [Problem.said(both("text.not_utf8", offset=exc.start), line=line,
                                               hint=both("text.hint.save_utf8"))]) from None
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():  # as `not text.strip()`, without copying the text
        raise InputError(source, [Problem.said(both("plan.empty"), hint=both(_TEMPLATE_HINT))])
    if "\x00" in text:
        offset = raw.index(b"\x00")
        raise InputError(source, [Problem.said(both("plan.nul_characters"), line=raw[:offset].count(b"\n") + 1)])
    return text


_KINDS = {list: N_("plan.kind.list"), str: N_("plan.kind.text"), int: N_("plan.kind.number"),
          float: N_("plan.kind.number"), bool: N_("plan.kind.bool"), type(None): N_("plan.kind.nothing"),
          dt.date: N_("plan.type.date"), dt.datetime: N_("plan.type.datetime")}


def _kind_of(value: Any) -> dict[str, str] | str:
    """What a document is that is not a mapping; another type by its Python name (both languages)."""
    return both(_KINDS[type(value)]) if type(value) in _KINDS else type(value).__name__


# ---------------------------------------------------------------- YAML


class _TooDeep(yaml.YAMLError):
    """The composer went more than MAX_DEPTH + 1 nodes deep: the event check names where."""


class _PlanLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, with values that cannot be built reported at their line instead of crashing,
    and a composer that stops where the nesting gets too deep (it recurses per level, and libyaml's
    crashes the process on a deep enough text)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = self.deepest = 0

    # Called for every node the composer builds (not for aliases): a collection at nesting level d
    # is at depth d, its scalars at d + 1.
    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        self.depth += 1
        if self.depth > self.deepest:
            self.deepest = self.depth
            if self.depth > MAX_DEPTH + 1:
                raise _TooDeep("nested too deep")

    def ascend_resolver(self) -> None:
        self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as exc:
            reason = _TOO_MANY_DIGITS if "Exceeds the limit" in str(exc) else str(exc)
            raise ConstructorError(None, None, reason, node.start_mark) from None

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        # YAML reads 2019-02-30 as a timestamp and fails; keep the text so the plan model reports
        # "not an existing date" with the field path, like any other bad date.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_PlanLoader.add_constructor(_YAML + "timestamp", _PlanLoader.construct_yaml_timestamp)

# Numbers are plain decimals, as in YAML 1.2's core schema. YAML 1.1 (PyYAML's default) reads
# 1:0:0 as 3600 (base 60), 0x9C400 as 640000, 0123 as 83 (octal), 1_000 as 1000 and 1.0e-400 as 0:
# here those stay text, which the plan model refuses where a number belongs, at their line.
_DECIMAL_INT = re.compile(r"^[-+]?[0-9]+$")
_DECIMAL_FLOAT = re.compile(r"^[-+]?[0-9]+\.[0-9]+$")
_PlanLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_YAML + "int", _YAML + "float")]
    for first, resolvers in _PlanLoader.yaml_implicit_resolvers.items()
}
_PlanLoader.add_implicit_resolver(_YAML + "int", _DECIMAL_INT, list("-+0123456789"))
_PlanLoader.add_implicit_resolver(_YAML + "float", _DECIMAL_FLOAT, list("-+0123456789"))
_PlanLoader.add_constructor(_YAML + "int", lambda loader, node: int(node.value))
_PlanLoader.add_constructor(_YAML + "float", lambda loader, node: float(node.value))


def _read_yaml(text: str, source: str) -> tuple[Any, Positions]:
    loader = _PlanLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            # Nesting too deep is reported first, at the collection where it starts.
            _check_event_depth(text, source)
            raise InputError(source, [_yaml_problem(exc, text)]) from None
        if loader.deepest > MAX_DEPTH:  # scalars at that depth are fine, a collection is not
            _check_event_depth(text, source)
        if root is None:
            raise InputError(source, [Problem.said(both("plan.only_comments"), hint=both(_TEMPLATE_HINT))])
        _check_nodes(root, source)
        try:
            data = loader.construct_document(root)
        except yaml.YAMLError as exc:
            raise InputError(source, [_yaml_problem(exc, text)]) from None
        except RecursionError:
            raise InputError(source, [_nested()]) from None
    finally:
        loader.dispose()
    return data, _LazyPositions(text)


def _check_event_depth(text: str, source: str) -> None:
    """Refuse deep nesting from the (non-recursive) event stream, located at the first collection
    nested more than MAX_DEPTH levels deep.

    libyaml's scanner reads up to 1,024 characters ahead, and releases from 0.2.6 on refuse deep
    flow nesting themselves (at their own depth, in their own words) before our count reaches
    MAX_DEPTH. So when libyaml refuses the text, PyYAML's pure-Python parser (part of PyYAML,
    without a nesting limit of its own) counts again, and a document too deep for us gets our
    answer whatever libyaml release is installed.
    """
    try:
        _count_event_depth(text, source, _PlanLoader)
    except yaml.YAMLError as exc:
        if _PlanLoader is not yaml.SafeLoader:
            try:
                _count_event_depth(text, source, yaml.SafeLoader)
            except yaml.YAMLError:
                pass
        raise InputError(source, [_yaml_problem(exc, text)]) from None


def _count_event_depth(text: str, source: str, loader: type) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _COLLECTION_START):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(source, [_too_deep(event.start_mark)])
        elif isinstance(event, _COLLECTION_END):
            depth -= 1


class _Located(Protocol):
    """A position in the text, as both PyYAML's parsers mark events (0-based)."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


def _too_deep(mark: _Located | None) -> Problem:
    if mark is None:  # the parsers mark every event; the type allows none
        return _nested(hint=both("plan.hint.too_deep"))
    return _nested(line=mark.line + 1, column=mark.column + 1, hint=both("plan.hint.too_deep"))


def _nested(**where: Any) -> Problem:
    return Problem.said(both("plan.too_deep", depth=MAX_DEPTH), **where)


def _yaml_problem(exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml reports reader errors as a byte offset, not a mark.
        line = text.encode("utf-8")[:exc.position].count(b"\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        said = both("plan.yaml_character", code=f"{code:04X}", reason=exc.reason)
        return Problem.said(said, line=line, hint=both("plan.hint.control_character"))
    problem = str(getattr(exc, "problem", None) or exc)
    context = getattr(exc, "context", None)
    if isinstance(exc, ConstructorError):
        if "unhashable key" in problem:
            reason = both("plan.value_key")
        elif problem == _TOO_MANY_DIGITS:
            reason = both("plan.value_digits")
        else:  # the constructor's own words (a value Python cannot build), in both languages
            reason = {"en": problem, "nl": problem}
        return Problem.said(both("plan.value_unreadable", reason=reason), line=line, column=column,
                            hint=both("plan.hint.plain_value"))
    if "expected a single document" in str(context) + problem:
        return Problem.said(both("plan.two_documents"), line=line, column=column, hint=both("plan.hint.one_plan"))
    said = yaml_messages.messages(exc)  # the parser's kind of error, worded from the catalogue
    return Problem.said(said, line=line, column=column, hint=both("plan.hint.yaml_syntax"))


def _check_nodes(root: yaml.Node, source: str) -> None:
    """Refuse tags, excessive depth, alias bombs and duplicate keys before constructing anything.

    Aliases make the node graph a DAG (or even cyclic); expanded size and height are memoised per
    node so checking costs the size of the text, not of its expansion.
    """
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_nodes: set[int] = set()

    def visit(node: yaml.Node, depth: int) -> None:
        key = id(node)
        if key in open_nodes:
            raise InputError(source, [Problem.said(
                both("plan.alias_loop"), line=node.start_mark.line + 1, column=node.start_mark.column + 1,
                hint=both("plan.hint.no_aliases"))])
        if key in size:
            # An alias to a node already checked: its expansion costs its size again, and its
            # subtree is as deep here as it is high.
            if depth + height[key] > MAX_DEPTH:
                raise InputError(source, [_too_deep(node.start_mark)])
            return
        if depth > MAX_DEPTH:
            raise InputError(source, [_too_deep(node.start_mark)])
        if node.tag not in _STANDARD_TAGS:
            raise InputError(source, [_tag_problem(node)])
        children = list(_children(node, source))
        open_nodes.add(key)
        for child in children:
            if isinstance(child, yaml.ScalarNode):  # most nodes: no need for a call of their own
                if child.tag not in _STANDARD_TAGS:
                    raise InputError(source, [_tag_problem(child)])
                size[id(child)] = height[id(child)] = 1
            else:
                visit(child, depth + 1)
        open_nodes.discard(key)
        total = 1 + sum(size[id(c)] for c in children)
        # Without aliases a subtree never counts more nodes than have been written (and the size
        # limit bounds those); only what aliases add on top is limited here.
        if total - len(size) - 1 > MAX_EXPANDED_NODES:
            raise InputError(source, [Problem.said(
                both("plan.alias_bomb", limit=_count(MAX_EXPANDED_NODES)),
                line=node.start_mark.line + 1, column=node.start_mark.column + 1, hint=both("plan.hint.no_aliases"))])
        size[key] = total
        height[key] = 1 + max((height[id(c)] for c in children), default=0)

    visit(root, 0)


def _tag_problem(node: yaml.Node) -> Problem:
    tag = node.tag.replace(_YAML, "!!")
    return Problem.said(both("plan.yaml_tag", tag=tag), found=tag, line=node.start_mark.line + 1,
                        column=node.start_mark.column + 1, hint=both("plan.hint.remove_tag"))


def _children(node: yaml.Node, source: str) -> Iterable[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        seen: dict[tuple[str, str], int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != _YAML + "merge":
                # Compare resolved tag and text: `1:` and `"1":` are different keys.
                ident = (key.tag, key.value)
                if ident in seen:
                    raise InputError(source, [Problem.said(
                        both("plan.duplicate_key", key=key.value, line=seen[ident]),
                        line=key.start_mark.line + 1, column=key.start_mark.column + 1,
                        hint=both("plan.hint.duplicate_key_yaml"))])
                seen[ident] = key.start_mark.line + 1
            yield key
            yield value


def _escape(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _positions(root: yaml.Node) -> Positions:
    """Line and column (1-based) of every key, value and list item, by JSON pointer."""
    out: dict[str, tuple[int, int]] = {}
    stack: list[tuple[yaml.Node, str, int]] = [(root, "", 0)]
    while stack:  # iterative: aliases may repeat subtrees, and depth is already bounded, but no recursion
        node, pointer, depth = stack.pop()
        out.setdefault(pointer, (node.start_mark.line + 1, node.start_mark.column + 1))
        if depth >= MAX_DEPTH:
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    child = f"{pointer}/{_escape(key.value)}"
                    # The key's position, not the value's: that is the line a reader looks for.
                    out.setdefault(child, (key.start_mark.line + 1, key.start_mark.column + 1))
                    stack.append((value, child, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value))
    return out


# ---------------------------------------------------------------- JSON


class _ExponentNumber(str):
    """A JSON number written with an exponent, kept as its text: json would read 1e-400 as 0.0."""


def _exponent_numbers(data: Any, pointer: str = "") -> Iterable[tuple[str, str]]:
    if isinstance(data, _ExponentNumber):
        yield pointer, str(data)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _exponent_numbers(value, f"{pointer}/{_escape(key)}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _exponent_numbers(value, f"{pointer}/{i}")


def _read_json(text: str, source: str) -> tuple[Any, Positions]:
    duplicates: list[str] = []
    exponents: list[str] = []

    def number(text: str) -> float | _ExponentNumber:
        if "e" in text or "E" in text:
            exponents.append(text)
            return _ExponentNumber(text)
        return float(text)

    def pairs(items: list[tuple[str, Any]]) -> JSONObject:
        out = dict(items)  # later values win, first positions kept: as json.loads does
        if len(out) < len(items):  # rare: name the repeated keys in the order they repeat
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    duplicates.append(key)
                seen.add(key)
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_float=number)
    except json.JSONDecodeError as exc:
        raise InputError(source, [Problem.said(both("plan.json_invalid", detail=_json_detail(exc.msg)),
                                               line=exc.lineno, column=exc.colno, hint=both("plan.hint.json_syntax"))]) \
            from None
    except RecursionError:
        raise InputError(source, [_nested()]) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise InputError(source, [Problem.said(both("plan.json_value", reason=str(exc)))]) from None
    if _depth(data) > MAX_DEPTH:
        raise InputError(source, [_nested()])
    if duplicates:
        # JSON is (nearly always) YAML: compose it to name the duplicate key's line.
        root = _compose_quietly(text)
        if root is not None:
            _check_nodes(root, source)
        raise InputError(source, [Problem.said(both("plan.duplicate_key_json", key=duplicates[0]),
                                               hint=both("plan.hint.duplicate_key"))])
    positions = _LazyPositions(text)
    # Walked only where the parser met such a number: most plans have none.
    kept = list(_exponent_numbers(data)) if exponents else []
    if kept:
        raise InputError(source, [
            Problem.said(both("plan.exponent", number=written), path=pointer,
                         line=positions.get(pointer, (None, None))[0], column=positions.get(pointer, (None, None))[1],
                         hint=both("plan.hint.plain_decimals"))
            for pointer, written in kept])
    return data, positions


# Python's JSON parser words its errors in a few fixed English texts: each, by how it starts, to
# a message id (as engine/yaml_messages.py does for the YAML parser). Another text is shown as it is.
_JSON_KINDS = (
    ("Expecting ',' delimiter", N_("plan.json.comma")),
    ("Expecting ':' delimiter", N_("plan.json.colon")),
    ("Expecting property name enclosed in double quotes", N_("plan.json.property_name")),
    ("Illegal trailing comma before end of object", N_("plan.json.trailing_comma")),
    ("Illegal trailing comma before end of array", N_("plan.json.trailing_comma")),
    ("Expecting value", N_("plan.json.value")),
    ("Extra data", N_("plan.json.extra_data")),
    ("Unterminated string starting at", N_("plan.json.unterminated_string")),
    ("Invalid control character at", N_("plan.json.control_character")),
    ("Invalid \\uXXXX escape", N_("plan.json.unicode_escape")),
    ("Invalid \\escape", N_("plan.json.escape")),
)


def _json_detail(msg: str) -> dict[str, str]:
    msgid = next((msgid for start, msgid in _JSON_KINDS if msg.startswith(start)), None)
    return {"en": msg, "nl": tr(msgid, "nl") if msgid else msg}


def _compose_quietly(text: str) -> yaml.Node | None:
    try:
        root: yaml.Node | None = _PlanLoader(text).get_single_node()
        return root
    except yaml.YAMLError:
        return None


class _LazyPositions(Mapping[str, tuple[int, int]]):
    """Line and column per JSON pointer of a document that passed the reader's checks, found
    when first asked for.

    Only error messages need them; a valid plan never pays for composing the text (again).
    """

    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def _found(self) -> Positions:
        root = _compose_quietly(self._text)
        return _positions(root) if root is not None else {}

    def __getitem__(self, key: str) -> tuple[int, int]:
        return self._found[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


def _depth(obj: Any) -> int:
    """How many non-empty containers deep the document goes, stopping just past MAX_DEPTH.

    Breadth-first and iterative: a recursive walk cost a third of parsing a typical JSON plan.
    """
    level, layer = 0, [obj]
    while True:
        deeper, nonempty = [], False
        for node in layer:
            values = node.values() if type(node) is dict else node if type(node) is list else None
            if values:
                nonempty = True
                deeper += [v for v in values if type(v) is dict or type(v) is list]
        if not nonempty:
            return level
        level += 1
        if level > MAX_DEPTH:
            return level
        layer = deeper


# ---------------------------------------------------------------- validation problems


def _validate(data: JSONObject) -> tuple[Plan | None, list[Problem]]:
    # Ids are looked at only when the model refuses the plan: it refuses repeated ids itself.
    try:
        return Plan.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    except RecursionError:
        return None, [*_duplicate_ids(data),
                      _nested()]
    dup_problems = _duplicate_ids(data)
    problems = list(dup_problems)
    for err in errors:
        # The model's own duplicate-id check: already reported, at the item, by _duplicate_ids.
        if dup_problems and not err["loc"] and str(err.get("msg", "")).startswith("Value error, duplicate id"):
            continue
        problems.append(_problem(err))
    return None, problems


def _pointer(loc: Iterable[object]) -> str:
    return "".join(f"/{_escape(p)}" for p in loc)


def _model_at(loc: Iterable[object]) -> type[BaseModel] | None:
    """The model class that the field at `loc` lives in, if the path follows the schema."""
    current: Any = Plan
    for part in loc:
        if isinstance(part, int):
            continue
        if not _is_model(current) or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current if _is_model(current) else None


def _is_model(obj: object) -> TypeGuard[type[BaseModel]]:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _field_parser(loc: tuple[int | str, ...]) -> Any:
    """The BeforeValidator function of the field at `loc` (dates, money, quantities), if any."""
    names = [p for p in loc if not isinstance(p, int)]
    owner = _model_at(loc[:-1]) if names else None
    info = owner.model_fields.get(str(loc[-1])) if owner else None
    if info is None:
        return None
    candidates = list(info.metadata)
    pending = [info.annotation]
    while pending:  # Optional[Annotated[...]] hides the metadata one level down
        annotation = pending.pop()
        candidates.extend(getattr(annotation, "__metadata__", ()))
        pending.extend(typing.get_args(annotation))
    return next((m.func for m in candidates if isinstance(m, BeforeValidator)), None)


_EXPECTED_BY_PARSER = {
    _model._parse_date: N_("plan.expected.date_written"),
    _model._parse_money: N_("plan.expected.amount_full"),
    _model._parse_quantity: N_("plan.expected.quantity"),
}

_MAPPING = N_("plan.expected.mapping")
_LIST = N_("plan.expected.list")
_WHOLE, _BOOL, _NUMBER = N_("plan.expected.whole_number"), N_("plan.expected.true_false"), N_("plan.expected.number")
_EXPECTED = {
    "int_type": _WHOLE, "int_parsing": _WHOLE, "int_from_float": _WHOLE,
    "bool_type": _BOOL, "bool_parsing": _BOOL,
    "string_type": N_("plan.expected.text"), "float_type": _NUMBER, "float_parsing": _NUMBER,
    "dict_type": _MAPPING, "model_type": _MAPPING, "model_attributes_type": _MAPPING,
    "tuple_type": _LIST, "list_type": _LIST,
    "missing": N_("plan.expected.required"), "extra_forbidden": N_("plan.expected.no_such_field"),
    "string_too_short": N_("plan.expected.not_empty"), "invalid_key": N_("plan.expected.field_name"),
}
_BOUNDS = {"greater_than_equal": ("ge", N_("plan.expected.at_least")),
           "less_than_equal": ("le", N_("plan.expected.at_most")),
           "greater_than": ("gt", N_("plan.expected.more_than")),
           "less_than": ("lt", N_("plan.expected.less_than"))}


def _expected(kind: str, loc: tuple[int | str, ...], ctx: Mapping[str, object]) -> Texts | None:
    if kind in ("enum", "literal_error"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return both("plan.expected.one_of", options=", ".join(options) if options else ctx.get("expected", ""))
    if kind == "string_pattern_mismatch":
        if loc and "brin" in str(loc[-1]):
            return both("plan.expected.brin")
        return both("plan.expected.identifier")
    if kind in _BOUNDS:
        name, msgid = _BOUNDS[kind]
        return both(msgid, bound=ctx.get(name))
    if kind in ("too_long", "string_too_long"):
        what = N_("plan.expected.at_most_characters") if kind == "string_too_long" else N_("plan.expected.at_most_items")
        return both(what, n=ctx.get("max_length"))
    if kind == "value_error":
        parser = _field_parser(loc)
        if parser in _EXPECTED_BY_PARSER:
            return both(_EXPECTED_BY_PARSER[parser])
        error = ctx.get("error")
        return error.expected if isinstance(error, SaidValueError) else None
    return both(_EXPECTED[kind]) if kind in _EXPECTED else None


def _found(value: Any) -> Texts | str:
    """The value found: as written (a plain string, the same in both languages), or what it is."""
    if value is None:
        return both("plan.found.null")
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return both("plan.found.type", type=type(value).__name__)
    if isinstance(value, (dict, list, tuple)):
        shown = f"{text[:60]}{'…' if len(text) > 60 else ''}"
        return both(N_("plan.found.mapping") if isinstance(value, dict) else N_("plan.found.list"), value=shown)
    return text if len(text) <= 80 else text[:77] + "..."


# What to write where a number or true/false was expected, by pydantic's error type: the hint
# itself, and the same as what to fill in where the value is empty.
_WRITE_INSTEAD = {"int": (N_("plan.hint.write_int"), N_("plan.hint.fill_in_int")),
                  "float": (N_("plan.hint.write_float"), N_("plan.hint.fill_in_float")),
                  "bool": (N_("plan.hint.write_bool"), N_("plan.hint.fill_in_bool"))}


def _reads_as(kind: str, text: str) -> bool:
    """Whether the text, without its quotes, is a value of the expected kind ('1' for a whole number)."""
    text = text.strip()
    if kind == "bool":
        return text.lower() in ("true", "false")
    try:
        number = float(text)
    except ValueError:
        return False
    return number.is_integer() if kind == "int" else number == number


def _hint(kind: str, value: Any, loc: tuple[int | str, ...]) -> Texts | None:
    scalar = kind.split("_")[0]
    if scalar in _WRITE_INSTEAD and kind.endswith(("_type", "_parsing", "_from_float")):
        # The hint fits the value found: quotes around a number, or a text where a number belongs.
        if isinstance(value, str) and _reads_as(scalar, value):
            return both("plan.hint.remove_quotes")
        if isinstance(value, str) and scalar == "float" and _reads_as(scalar, value.replace(",", ".")):
            return both("plan.hint.decimal_point")
        if value is None:
            return both(_WRITE_INSTEAD[scalar][1])
        if isinstance(value, (dict, list)):
            return None
        return both(_WRITE_INSTEAD[scalar][0])
    if kind == "string_type" and value is None:
        owner = _model_at(loc[:-1]) if loc else None
        info = owner.model_fields.get(str(loc[-1])) if owner else None
        required = info is None or info.is_required()
        return both(N_("plan.hint.fill_in_text") if required else N_("plan.hint.fill_in_text_optional"))
    if kind == "string_type" and not isinstance(value, (dict, list)):
        return both("plan.hint.quote_text")
    if kind == "missing" and loc:
        return both("plan.hint.add_field", field=loc[-1])
    if kind == "extra_forbidden" and loc:
        owner = _model_at(loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        parts = [both("plan.hint.unknown_field")]
        if close:
            parts.append(both("plan.hint.did_you_mean", name=close[0]))
        if allowed:
            parts.append(both("plan.hint.allowed_fields", fields=", ".join(allowed)))
        return {lang: "".join(part[lang] for part in parts) for lang in LANGUAGES}
    return None


def _problem(err: Any) -> Problem:
    loc, kind = tuple(err["loc"]), err["type"]
    msg = str(err["msg"]).removeprefix("Value error, ")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    # The message from pydantic's error type and ctx, not its English (engine/pydantic_messages.py);
    # a missing or unknown field is named; our validators say theirs by id (SaidValueError).
    found = _found(value)
    said: Texts | None
    if kind == "missing":
        said = both("plan.required_field", field=loc[-1]) if loc else both("plan.required_field_unnamed")
        found = both("plan.found.missing")
    elif kind == "extra_forbidden" and loc:
        said = both("plan.unknown_field", field=loc[-1])
    elif kind == "value_error" and isinstance(ctx.get("error"), SaidValueError):
        said = ctx["error"].texts
    else:
        said = pydantic_messages.messages(err)
    return Problem.said(msg if said is None else said, path=_pointer(loc), expected=_expected(kind, loc, ctx), found=found,
                        hint=_hint(kind, value, loc))


def _locate(problems: list[Problem], positions: Positions) -> list[Problem]:
    """Attach line and column: of the field itself, else of its nearest parent that has one."""
    for p in problems:
        pointer = p.path
        while p.line is None:
            if pointer in positions:
                p.line, p.column = positions[pointer]
            elif not pointer:
                break
            pointer = pointer.rsplit("/", 1)[0]
    return problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.path))


def _placeholder_problems(data: JSONObject) -> list[Problem]:
    """The `sto init` template's examples still in the plan: a template is not a plan (not a verdict
    either: no rule is judged on example names), so each is an input problem, named where it is."""
    return [Problem.said(both("plan.template_example"), path=pointer, expected=both("plan.expected.own_value"),
                         found=_found(value), hint=both(fix))
            for pointer, value, fix in placeholders(data)]


def _duplicate_ids(data: JSONObject) -> list[Problem]:
    budget = data.get("budget")
    cost_lines = budget.get("cost_lines") if isinstance(budget, dict) else None
    problems = []
    for pointer, items in (("/partners", data.get("partners")), ("/activities", data.get("activities")),
                           ("/budget/cost_lines", cost_lines)):
        if not isinstance(items, list):
            continue
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                other = pointer + "/" + str(seen[ident])
                problems.append(Problem.said(both("plan.duplicate_id", id=ident, other=other),
                                             path=f"{pointer}/{i}/id", expected=both("plan.expected.unique_id"),
                                             found=repr(ident), hint=both("plan.hint.unique_id")))
            else:
                seen[ident] = i
    return problems
