"""Read a plan document safely and report every problem with file, line, field path, expected and found.

Safety first, before anything is built from the text: a size limit checked before reading,
UTF-8 only, a safe YAML loader (no object-constructing tags), a bound on nesting depth and on
the expanded size of YAML aliases (a "billion laughs" document is refused in milliseconds),
one document per file, no duplicate keys.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError, Problem
from .model import Plan

DEFAULT_MAX_BYTES = 2_000_000
MAX_DEPTH = 50
MAX_EXPANDED_NODES = 100_000
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in
                  ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")}


@dataclass(frozen=True)
class LoadedPlan:
    plan: Plan
    source: str
    raw: bytes
    sha256: str
    data: dict = field(default_factory=dict, compare=False, repr=False)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)


def _limit(max_bytes: int | None) -> int:
    if max_bytes is not None:
        return max_bytes
    env = os.environ.get("STO_MAX_PLAN_BYTES")
    return int(env) if env and env.isdigit() else DEFAULT_MAX_BYTES


def _too_big(size: int, limit: int) -> Problem:
    return Problem(f"the file is {size:,} bytes; plans larger than {limit:,} bytes are refused",
                   hint="a real plan is far smaller: check you chose the right file; to raise the limit, "
                        "pass --max-bytes N or set STO_MAX_PLAN_BYTES")


def load_plan(path, max_bytes: int | None = None) -> LoadedPlan:
    source = str(path)
    p = Path(path)
    limit = _limit(max_bytes)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError(source, [Problem("file not found", hint="check the path; `sto init plan.yaml` writes a "
                                                                 "template to start from")]) from None
    except OSError as exc:
        raise InputError(source, [Problem(f"cannot read the file: {exc.strerror}")]) from None
    if p.is_dir():
        raise InputError(source, [Problem("this is a folder, not a plan file")])
    if size > limit:
        raise InputError(source, [_too_big(size, limit)])
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(source, [Problem(f"cannot read the file: {exc.strerror}")]) from None
    return load_plan_text(raw, source, max_bytes=limit)


def load_plan_text(raw: bytes | str, source: str = "<input>", max_bytes: int | None = None) -> LoadedPlan:
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    limit = _limit(max_bytes)
    if len(raw) > limit:
        raise InputError(source, [_too_big(len(raw), limit)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, [Problem(f"the file is not UTF-8 text (invalid byte at offset {exc.start})",
                                          hint="save the file as UTF-8")]) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(source, [Problem("the file is empty", hint="run `sto init plan.yaml` for a template")])
    if "\x00" in text:
        raise InputError(source, [Problem("the file contains NUL characters; it is not a text plan")])
    is_json = source.lower().endswith(".json") or text.lstrip().startswith("{")
    data, root = (_read_json(text, source) if is_json else _read_yaml(text, source))
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise InputError(source, [Problem(f"the plan must be a mapping of sections (region, partners, ...), "
                                          f"found {kind}", line=1, hint="run `sto init plan.yaml` for a template")])
    problems = _duplicate_ids(data)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        positions = _positions(root) if root is not None else {}
        problems += [_problem(err, positions) for err in exc.errors() if not (problems and not err["loc"])]
        problems = _locate(problems, positions)
        raise InputError(source, sorted(problems, key=lambda p: (p.line or 0, p.path))) from None
    except RecursionError:
        raise InputError(source, [Problem("the document is nested too deeply")]) from None
    if problems:
        positions = _positions(root) if root is not None else {}
        raise InputError(source, _locate(problems, positions))
    return LoadedPlan(plan, source, raw, hashlib.sha256(raw).hexdigest(), data,
                      _LazyPositions(root) if root is not None else {})


class _LazyPositions(dict):
    """Line and column per JSON pointer, computed on first use (only errors and explanations need it)."""

    def __init__(self, root):
        super().__init__()
        self._root, self._done = root, False

    def _fill(self):
        if not self._done:
            self._done = True
            self.update(_positions(self._root))

    def __getitem__(self, key):
        self._fill()
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._fill()
        return super().get(key, default)

    def __contains__(self, key):
        self._fill()
        return super().__contains__(key)

    def __len__(self):
        self._fill()
        return super().__len__()

    def __iter__(self):
        self._fill()
        return super().__iter__()

    def items(self):
        self._fill()
        return super().items()


# ---------------------------------------------------------------- YAML and JSON


def _read_yaml(text: str, source: str):
    loader = _Loader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise InputError(source, [_yaml_problem(exc)]) from None
        if root is None:
            raise InputError(source, [Problem("the file holds no YAML document",
                                              hint="run `sto init plan.yaml` for a template")])
        _check_nodes(root, source)
        try:
            data = loader.construct_document(root)
        except yaml.YAMLError as exc:
            raise InputError(source, [_yaml_problem(exc)]) from None
        except (RecursionError, ValueError, TypeError, OverflowError) as exc:
            raise InputError(source, [Problem(f"a value cannot be read: {exc}")]) from None
    finally:
        loader.dispose()
    return data, root


def _yaml_problem(exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"not valid YAML: {problem}" + (f" ({context})" if context else "")
    hint = "check indentation (spaces, not tabs) and that every 'key: value' line has a space after the colon"
    if "could not determine a constructor" in str(exc) or "tag" in str(problem):
        message = "YAML tags (!!python/..., !something) are not allowed in a plan"
        hint = "remove the tag; plans hold only plain values, lists and mappings"
    if "expected a single document" in str(exc):
        message, hint = "the file holds more than one YAML document ('---')", "keep one plan per file"
    return Problem(message, line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
                   hint=hint)


def _check_nodes(root, source: str) -> None:
    """Refuse tags, excessive depth, alias bombs and duplicate keys before constructing anything."""
    sizes: dict[int, int] = {}

    def visit(node, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known  # an alias to a node already counted: its expansion costs its size again
        if depth > MAX_DEPTH:
            raise InputError(source, [Problem(f"the document is nested more than {MAX_DEPTH} levels deep",
                                              line=node.start_mark.line + 1)])
        if node.tag not in _STANDARD_TAGS:
            raise InputError(source, [Problem(f"YAML tag '{node.tag}' is not allowed in a plan",
                                              line=node.start_mark.line + 1, column=node.start_mark.column + 1,
                                              hint="remove the tag; plans hold only plain values, lists "
                                                   "and mappings")])
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if key.value in seen:
                        raise InputError(source, [Problem(
                            f"key '{key.value}' appears twice in the same mapping (first on line {seen[key.value]})",
                            line=key.start_mark.line + 1, column=key.start_mark.column + 1,
                            hint="remove or rename one of them; YAML would silently keep only the last")])
                    seen[key.value] = key.start_mark.line + 1
                total += visit(key, depth + 1) + visit(value, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += visit(item, depth + 1)
        if total > MAX_EXPANDED_NODES:
            raise InputError(source, [Problem(
                f"the document expands to more than {MAX_EXPANDED_NODES:,} values (YAML aliases: '&' and '*')",
                line=node.start_mark.line + 1, hint="a plan needs no aliases; write the values out")])
        sizes[id(node)] = total
        return total

    visit(root, 0)


def _read_json(text: str, source: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, [Problem(f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)]) from None
    except RecursionError:
        raise InputError(source, [Problem("the document is nested too deeply")]) from None
    depth = _depth(data)
    if depth > MAX_DEPTH:
        raise InputError(source, [Problem(f"the document is nested more than {MAX_DEPTH} levels deep")])
    root = None
    try:  # JSON is (nearly) YAML: compose it only to know where each value stands
        root = _Loader(text).get_single_node()
    except yaml.YAMLError:
        root = None
    return data, root


def _depth(obj, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(obj, dict):
        return max((_depth(v, level + 1) for v in obj.values()), default=level)
    if isinstance(obj, list):
        return max((_depth(v, level + 1) for v in obj), default=level)
    return level


def _positions(root) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}

    def visit(node, pointer: str, depth: int):
        if depth > MAX_DEPTH:
            return
        out.setdefault(pointer, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    child = f"{pointer}/{key.value}"
                    out.setdefault(child, (key.start_mark.line + 1, key.start_mark.column + 1))
                    visit(value, child, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                visit(item, f"{pointer}/{i}", depth + 1)

    visit(root, "", 0)
    return out


# ---------------------------------------------------------------- validation problems


def _pointer(loc) -> str:
    return "".join(f"/{p}" for p in loc)


def _model_at(loc) -> type[BaseModel] | None:
    model: Any = Plan
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _inner_model(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_EXPECTED = {
    "int_type": "a whole number", "int_parsing": "a whole number", "bool_type": "true or false",
    "bool_parsing": "true or false", "string_type": "text", "float_type": "a number", "float_parsing": "a number",
    "dict_type": "a mapping (indented 'key: value' lines)", "model_type": "a mapping (indented 'key: value' lines)",
    "model_attributes_type": "a mapping (indented 'key: value' lines)",
    "tuple_type": "a list (lines starting with '- ')", "list_type": "a list (lines starting with '- ')",
    "missing": "a value for this required field", "extra_forbidden": "no such field here",
    "string_too_short": "non-empty text",
}


def _found(value) -> str:
    text = repr(value)
    if isinstance(value, (dict, list, tuple)):
        text = f"a {'mapping' if isinstance(value, dict) else 'list'} ({text[:60]}{'…' if len(text) > 60 else ''})"
    return text if len(text) <= 80 else text[:77] + "..."


def _problem(err: dict, positions: dict) -> Problem:
    loc, kind = tuple(err["loc"]), err["type"]
    pointer = _pointer(loc)
    msg = err["msg"].removeprefix("Value error, ")
    expected = _EXPECTED.get(kind)
    ctx = err.get("ctx") or {}
    hint = None
    if kind == "enum":
        expected = f"one of: {ctx.get('expected', '')}"
    elif kind == "literal_error":
        expected = f"one of: {ctx.get('expected', '')}"
    elif kind == "string_pattern_mismatch":
        field_name = str(loc[-1]) if loc else ""
        expected = ("a BRIN code: two digits and two capitals, optionally two digits for the location "
                    "(e.g. 21QK or 21QK00)" if "brin" in field_name else
                    "an identifier: a letter, then letters, digits, '_', '.' or '-' (at most 64)")
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than", "too_long", "too_short",
                  "string_too_long"):
        expected = msg
    elif kind == "value_error":
        expected = msg.split(", found")[0] if msg.startswith("expected") else None
    if kind == "missing":
        found = "nothing (the field is missing)"
        message = f"required field '{loc[-1]}' is missing" if loc else "a required field is missing"
    elif kind == "extra_forbidden":
        found = _found(err.get("input"))
        model = _model_at(loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        message = f"unknown field '{loc[-1]}'"
        hint = ((f"did you mean '{close[0]}'? " if close else "") +
                (f"allowed here: {', '.join(allowed)}" if allowed else "remove it"))
    else:
        found = _found(err.get("input"))
        message = msg if kind != "value_error" else msg
    return Problem(message, path=pointer, expected=expected, found=found, hint=hint)


def _locate(problems: list[Problem], positions: dict) -> list[Problem]:
    """Attach line and column: of the field itself, else of its nearest parent that has one."""
    for p in problems:
        if p.line is not None:
            continue
        pointer = p.path
        while True:
            if pointer in positions:
                p.line, p.column = positions[pointer]
                break
            if not pointer:
                break
            pointer = pointer.rsplit("/", 1)[0]
    return problems


def _duplicate_ids(data: dict) -> list[Problem]:
    problems = []
    budget = data.get("budget") if isinstance(data.get("budget"), dict) else {}
    for pointer, items in (("/partners", data.get("partners")), ("/activities", data.get("activities")),
                           ("/budget/cost_lines", budget.get("cost_lines"))):
        if not isinstance(items, list):
            continue
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                problems.append(Problem(f"id '{ident}' is used twice (also at {pointer}/{seen[ident]})",
                                        path=f"{pointer}/{i}/id", expected="a unique id", found=repr(ident),
                                        hint="give every item its own id; references (owner, activity) use it"))
            else:
                seen[ident] = i
    return problems

