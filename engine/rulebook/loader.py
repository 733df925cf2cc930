"""Load, resolve (extends/override), check and select rulebook versions.

Everything is checked at load time so that a broken rulebook fails loudly before any plan is
assessed: unknown facts or parameters, unit mismatches, duplicate rule ids, a broken `extends`
chain, and validity ranges that leave a gap or overlap.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeAlias

from pydantic import ValidationError

from ..errors import RulebookError, VersionSelectionError
from ..facts.catalogue import CATALOGUE, PLAN
from ..i18n import both, tr
from ..jsontypes import JSONObject, StrPath
from . import messages as msg
from .bibliography import FILE_LIKE, Source, load_bibliography
from .expressions import ExpressionError, Scope, facts_read, params_read, parse_condition, parse_value, unit_of
from .model import (
    PARAM_UNITS,
    Basis,
    CheckedFormula,
    CheckedRule,
    Confidence,
    Formula,
    ParamValue,
    Remediation,
    Rule,
    Rulebook,
    RulebookFile,
    ScheduleEntry,
)
from .yamlfile import read_yaml

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "rulebooks"
MAX_RULEBOOK_BYTES = 1_000_000

Key: TypeAlias = tuple[str, str]  # (rulebook id, version): one rulebook file
Files: TypeAlias = dict[Key, tuple[Path, RulebookFile]]  # read_all: each file and where it was read
# _merge: a version's parameters and rules as raw mappings (checked later), its formulas, its schedule,
# and which file set each rule, parameter and schedule entry last
Merged: TypeAlias = tuple[dict[str, JSONObject], dict[str, Formula], dict[str, ScheduleEntry], dict[str, JSONObject],
                          dict[str, str]]


def rulebook_dir(explicit: StrPath | None = None) -> Path:
    return Path(explicit or os.environ.get("STO_RULEBOOKS") or DEFAULT_DIR)


# ---------------------------------------------------------------- reading files


def _read_file(path: Path) -> RulebookFile:
    name = str(path)
    if path.stat().st_size > MAX_RULEBOOK_BYTES:
        raise RulebookError.said_in(name, both("rulebook.too_large", limit=MAX_RULEBOOK_BYTES))
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise RulebookError.said_in(name, both("rulebook.not_a_mapping"))
    try:
        return RulebookFile.model_validate(data)
    except ValidationError as exc:
        raise RulebookError.said_in(name, _pydantic_message(exc), hint=both("rulebook.hint.format")) from None


def _pydantic_message(exc: ValidationError, prefix: str = "") -> dict[str, str]:
    """pydantic's errors as one message: the English as pydantic words it, the Dutch from each error's
    type and ctx (engine/pydantic_messages.py); an error it has no words for keeps its English, marked."""
    from ..errors_nl import UNKNOWN_TEXT
    from ..pydantic_messages import messages

    en, nl, top = [], [], tr("rulebook.top_level", "nl")
    for err in exc.errors()[:10]:
        loc = "/".join(str(p) for p in err["loc"])
        texts = messages(err)
        en.append(f"{prefix}{loc or '(top)'}: {err['msg']}")
        nl.append(f"{prefix}{loc or top}: "
                  f"{texts['nl'] if texts is not None else UNKNOWN_TEXT + err['msg']}")
    return {"nl": "; ".join(nl), "en": "; ".join(en)}


def read_all(directory: StrPath | None = None) -> Files:
    root = rulebook_dir(directory)
    if not root.is_dir():
        raise RulebookError.said_in(str(root), both("rulebook.folder_not_found"), hint=both("rulebook.hint.set_folder"))
    found: Files = {}
    for path in sorted(root.glob("*/*.yaml")):
        f = _read_file(path)
        if path.parent.name != f.id:
            raise RulebookError.said_in(str(path), both("rulebook.file_id_mismatch", id=f.id, folder=path.parent.name),
                                hint=both("rulebook.hint.move_file", folder=f"rulebooks/{f.id}/"))
        if path.stem != f.version:
            raise RulebookError.said_in(str(path), both("rulebook.file_version_mismatch", version=f.version, name=path.name),
                                     hint=both("rulebook.hint.name_file", name=f"{f.version}.yaml"))
        key = (f.id, f.version)
        if key in found:
            ref = f"{f.id}@{f.version}"
            raise RulebookError.said_in(str(path), both("rulebook.version_twice", ref=ref, other=found[key][0]))
        found[key] = (path, f)
    if not found:
        raise RulebookError.said_in(str(root), both("rulebook.no_files"))
    return found


# ---------------------------------------------------------------- resolving versions


def _parent_key(f: RulebookFile) -> Key | None:
    """`extends: 2019-02-27` names a version of the same rulebook; `extends: ID@VERSION` any rulebook."""
    if not f.extends:
        return None
    rid, sep, version = f.extends.partition("@")
    return (rid, version) if sep else (f.id, f.extends)


def _chain(first: Key, files: Files) -> list[tuple[Path, RulebookFile]]:
    chain: list[tuple[Path, RulebookFile]] = []
    seen: set[Key] = set()
    key: Key | None = first
    while key is not None:
        if key in seen:
            raise RulebookError.said_in(str(files[key][0]), both("rulebook.extends_loop"))
        seen.add(key)
        if key not in files:
            raise RulebookError.said_in(str(chain[-1][0]), both("rulebook.extends_missing", version=key[1], id=key[0]))
        path, f = files[key]
        chain.append((path, f))
        key = _parent_key(f)
    return list(reversed(chain))


def _merge(chain: list[tuple[Path, RulebookFile]]) -> Merged:
    """Parameters, formulas, schedule and rules after each version's overrides; and which file set each rule."""
    params: dict[str, JSONObject] = {}
    formulas: dict[str, Formula] = {}
    schedule: dict[str, ScheduleEntry] = {}
    rules: dict[str, JSONObject] = {}
    origin: dict[str, str] = {}  # rule id, "parameters/NAME" or "schedule/NAME" -> the file that set it last
    for path, f in chain:
        for name in f.remove_parameters:
            if name not in params:
                raise RulebookError.said_in(str(path), both("rulebook.remove_unknown", what="remove_parameters", name=name))
            params.pop(name)
        params.update({k: v.model_dump(mode="json", by_alias=True) for k, v in f.parameters.items()})
        origin.update({f"parameters/{k}": str(path) for k in f.parameters})
        origin.update({f"schedule/{k}": str(path) for k in f.schedule})
        for bag, names, what in ((formulas, f.remove_formulas, "remove_formulas"),
                                 (schedule, f.remove_schedule, "remove_schedule")):
            for name in names:
                if name not in bag:
                    raise RulebookError.said_in(str(path), both("rulebook.remove_unknown", what=what, name=name))
                bag.pop(name)
        formulas.update({k: v for k, v in f.formulas.items()})
        schedule.update({k: v for k, v in f.schedule.items()})
        ids_here: set[str] = set()
        for raw in f.rules:
            rid = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(rid, str):
                raise RulebookError.said_in(str(path), both("rulebook.rule_needs_id"))
            if rid in ids_here:
                raise RulebookError.said_in(str(path), both("rulebook.duplicate_rule", rule=rid), rule=rid,
                                         hint=both("rulebook.hint.duplicate_rule"))
            ids_here.add(rid)
            rules[rid] = {**rules[rid], **raw} if rid in rules else dict(raw)
            origin[rid] = str(path)
        for rid in f.remove_rules:
            if rid not in rules:
                raise RulebookError.said_in(str(path), both("rulebook.remove_unknown", what="remove_rules", name=rid),
                                            rule=rid)
            rules.pop(rid)
            origin.pop(rid)
    return params, formulas, schedule, rules, origin


def _cite(basis: Basis, sources: dict[str, Source], file: str, where: str, rule: str | None = None) -> Basis:
    """Check a basis against the bibliography and fill in its citation (and the source's URL)."""
    if basis.citation is not None:
        raise RulebookError.said_in(file, both("rulebook.citation_written", where=where), rule=rule,
                                    hint=both("rulebook.hint.remove_citation"))
    src = sources.get(basis.source)
    if src is None:
        close = difflib.get_close_matches(basis.source, sorted(sources), n=1)
        unknown = both("rulebook.unknown_source", where=where, source=basis.source)
        if close:
            unknown = {lang: text + tr("rulebook.did_you_mean", lang, name=close[0]) for lang, text in unknown.items()}
        raise RulebookError.said_in(file, unknown, rule=rule, hint=both("rulebook.hint.cite_or_add_source"))
    if src.kind == "own_reading" and basis.confidence != Confidence.assumed:
        raise RulebookError.said_in(file, both("rulebook.own_reading", where=where, source=basis.source,
                                               confidence=basis.confidence.value), rule=rule,
                                    hint=both("rulebook.hint.assumed_or_cite"))
    for field in ("section", "quote", "note"):
        text = getattr(basis, field)
        if text and FILE_LIKE.search(text):
            raise RulebookError.said_in(file, both("rulebook.names_a_file", where=where, field=field, text=repr(text)),
                                        rule=rule, hint=both("rulebook.hint.cite_through_bibliography"))
    return basis.model_copy(update={"citation": src.citation, "url": basis.url or src.url})


def _param_value(name: str, raw: JSONObject, file: str, sources: dict[str, Source] | None = None) -> ParamValue:
    from .model import Parameter

    spec = Parameter.model_validate(raw)
    if sources is not None:
        spec = spec.model_copy(update={"basis": _cite(spec.basis, sources, file, f"parameters/{name}/basis")})
    v = spec.value
    engine: int | float
    try:
        if spec.type == "money":
            engine = int(Decimal(str(v)) * 100)
        elif spec.type == "percentage":
            engine = int(Decimal(str(v)) * 100)
        elif spec.type == "date":
            d = v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))
            engine = d.toordinal()
        elif spec.type == "hours":
            engine = int(Decimal(str(v)) * 60)
        elif spec.type == "factor":
            engine = float(v)
        else:
            if isinstance(v, bool) or not isinstance(v, int):
                raise ValueError("expected a whole number")
            engine = v
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise RulebookError.said_in(file, both("rulebook.parameter_value", name=name, type=spec.type, value=repr(v),
                                               reason=exc)) from None
    return ParamValue(name, spec.type, PARAM_UNITS[spec.type], engine, v, spec)


def _check_formulas(formulas: dict[str, Formula], params: dict[str, ParamValue], file: str) -> dict[str, CheckedFormula]:
    scope = Scope(None, {k: (p.engine_value, p.unit) for k, p in params.items()})
    out: dict[str, CheckedFormula] = {}
    for name, spec in formulas.items():
        if name in params or name in CATALOGUE[PLAN]:
            raise RulebookError.said_in(file, both("rulebook.formula_name_clash", name=name))
        try:
            value = parse_value(spec.expression, Scope(None, scope.parameters, {k: v.value for k, v in out.items()}),
                                allow_division=False)
        except ExpressionError as exc:
            raise RulebookError.said_in(file, both("rulebook.formula_error", name=name, reason=exc.texts or str(exc))) from None
        if unit_of(value) != spec.unit:
            raise RulebookError.said_in(file, both("rulebook.formula_unit", name=name, unit=unit_of(value),
                                                   declared=spec.unit))
        out[name] = CheckedFormula(name, spec, value)
    return out


def _check_rule(raw: JSONObject, params: dict[str, ParamValue], file: str,
                formulas: dict[str, CheckedFormula] | None = None,
                sources: dict[str, Source] | None = None) -> CheckedRule:
    rid = raw.get("id")
    try:
        spec = Rule.model_validate(raw)
    except ValidationError as exc:
        raise RulebookError.said_in(file, _pydantic_message(exc), rule=rid, hint=both("rulebook.hint.format")) from None
    if sources is not None:
        spec = spec.model_copy(update={"basis": _cite(spec.basis, sources, file, "basis", rid)})
    inlined = {k: f.value for k, f in (formulas or {}).items()}
    scope = Scope(spec.for_each, {k: (p.engine_value, p.unit) for k, p in params.items()}, inlined)
    plan_scope = Scope(None, scope.parameters, inlined)
    try:
        applies = parse_condition(spec.applies_when, plan_scope) if spec.applies_when else None
        condition = parse_condition(spec.condition, scope)
        gap = None
        rem = spec.remediation
        if rem is not None and (rem.gap is None) != (rem.unit is None):
            raise ExpressionError.said(both("rulebook.gap_and_unit"))
        if rem is not None and rem.gap is not None:
            if spec.for_each:
                raise ExpressionError.said(both("rulebook.gap_plan_level"))
            gap = parse_value(rem.gap, plan_scope)
            if unit_of(gap) not in (rem.unit, "number", "count", "factor"):
                raise ExpressionError.said(both("rulebook.gap_unit", unit=unit_of(gap), declared=rem.unit))
    except ExpressionError as exc:
        raise RulebookError.said_in(file, exc.texts or str(exc), rule=rid, hint=both("rulebook.hint.conditions")) from None
    if spec.remediation is None:
        raise RulebookError.said_in(file, both("rulebook.no_remediation"), rule=rid,
                                    hint=both("rulebook.hint.no_remediation"))
    _check_fields(spec, spec.remediation, file)
    facts = tuple(facts_read(applies) if applies else ()) + tuple(facts_read(condition))
    if spec.for_each:
        optional = [f.name for f in facts_read(condition)
                    if f.owner == PLAN and CATALOGUE[PLAN][f.name].optional]
        if optional:
            # an absent plan fact inside a for-each would make the negated pass pattern match vacuously
            raise RulebookError.said_in(file, both("rulebook.for_each_optional", facts=", ".join(optional)), rule=rid)
        if not any(f.owner == spec.for_each for f in facts_read(condition)):
            raise RulebookError.said_in(file, both("rulebook.for_each_reads_item", kind=spec.for_each), rule=rid)
    _check_placeholders(spec, params, file)
    used = tuple(dict.fromkeys(params_read(condition) + (params_read(applies) if applies else [])
                               + (params_read(gap) if gap else [])))
    unique = tuple({(f.owner, f.name): f for f in facts}.values())
    if spec.basis.confidence == Confidence.verified:
        # a rule is no more certain than the numbers it reads
        shaky = [p for p in used if params[p].spec.basis.confidence == Confidence.assumed]
        if shaky:
            raise RulebookError.said_in(file, both("rulebook.verified_reads_assumed", parameters=str(shaky)), rule=rid,
                                        hint=both("rulebook.hint.verified_reads_assumed"))
    return CheckedRule(spec, condition, applies, gap, unique, used)


# Where the items of a for_each rule live in the plan, as remediation field paths write them.
ITEM_PATHS = {"partner": "partners[]", "activity": "activities[]", "milestone": "activities[].milestones[]",
              "cost_line": "budget.cost_lines[]", "offer_decision": "regional_vision.offer_decisions[]"}


def _unwrap(annotation: object) -> tuple[object, bool]:
    """(model or scalar type, is_list) behind Optional, Annotated and tuple[X, ...]."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in args if a is not type(None))
        elif origin in (tuple, list):
            annotation, is_list = args[0], True
        else:
            return annotation, is_list


def plan_field_problem(path: str) -> dict[str, str] | None:
    """Why a remediation field path names no field of the plan document ({"nl": ..., "en": ...}), or
    None when it does.

    Paths are dotted, with `[]` after a list: `partners[].cooperation_agreement.signed`; a path may
    end on a list itself (`partners`, `budget.cofinancing`) when the remedy is to add an entry.
    """
    from pydantic import BaseModel

    from ..plan.model import Plan

    model: object = Plan
    done: list[str] = []
    segments = path.split(".")
    for i, segment in enumerate(segments):
        name, is_item = (segment[:-2], True) if segment.endswith("[]") else (segment, False)
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return both("rulebook.field.no_fields", done=".".join(done), segment=segment)
        field = model.model_fields.get(name)
        if field is None:
            close = difflib.get_close_matches(name, list(model.model_fields), n=1)
            of = ".".join(done) or {"en": "the plan", "nl": "het plan"}
            if close:
                return both("rulebook.field.unknown_close", name=name, of=of, close=close[0])
            return both("rulebook.field.unknown", name=name, of=of, fields=", ".join(model.model_fields))
        model, is_list = _unwrap(field.annotation)
        last = i == len(segments) - 1
        if is_list != is_item and not (is_list and last):  # a path may end on the list itself: 'partners'
            if is_list:
                return both("rulebook.field.is_a_list", name=name)
            return both("rulebook.field.not_a_list", name=name)
        done.append(segment)
    return None


def _check_fields(spec: Rule, remediation: Remediation, file: str) -> None:
    for path in remediation.fields:
        problem = plan_field_problem(path)
        if problem:
            raise RulebookError.said_in(file, both("rulebook.remediation_field", path=path, problem=problem), rule=spec.id,
                                        hint=both("rulebook.hint.remediation_field"))
        if spec.for_each and not path.startswith(ITEM_PATHS[spec.for_each] + "."):
            raise RulebookError.said_in(file, both("rulebook.remediation_field_item", path=path, kind=spec.for_each,
                                                   items=ITEM_PATHS[spec.for_each]), rule=spec.id,
                                        hint=both("rulebook.hint.item_field", items=ITEM_PATHS[spec.for_each]))


def _count_names(spec: Rule, params: dict[str, ParamValue]) -> set[str]:
    """Placeholders that hold a count, the only values a plural may choose by."""
    out = {n for n, f in CATALOGUE[PLAN].items() if f.unit == "count"}
    out |= {n for n, p in params.items() if p.unit in ("count", "year")}
    if spec.for_each:
        out |= {n for n, f in CATALOGUE[spec.for_each].items() if f.unit == "count"} | {"count"}
    if spec.remediation and spec.remediation.unit == "count":
        out.add("gap")
    return out


def _check_placeholders(spec: Rule, params: dict[str, ParamValue], file: str) -> None:
    allowed = set(CATALOGUE[PLAN]) | set(params)
    if spec.for_each:
        allowed |= set(CATALOGUE[spec.for_each]) | {"items", "count"}
    texts = [(kind, getattr(spec.messages, attr)) for kind, attr in
             (("pass", "pass_"), ("fail", "fail"), ("not_applicable", "not_applicable"))]
    checks = [(f"messages.{kind}.{lang}", getattr(loc, lang), allowed)
              for kind, loc in texts if loc is not None for lang in ("nl", "en")]
    if spec.remediation:
        remedy = (allowed | {"fields"} | ({"gap"} if spec.remediation.gap is not None else set())
                  | ({"where"} if spec.for_each else set()))
        checks += [(f"remediation.message.{lang}", getattr(spec.remediation.message, lang), remedy)
                   for lang in ("nl", "en")]
    counts = _count_names(spec, params)
    for where, text, names in checks:
        try:
            found = msg.names(text)
            choices = msg.choice_args(text)
        except (ValueError, msg.MessageError) as exc:  # a MessageError says why by id; Python's formatter in English
            reason = exc.texts if isinstance(exc, msg.MessageError) and exc.texts else str(exc)
            raise RulebookError.said_in(file, both("rulebook.message_syntax", where=where, reason=reason), rule=spec.id,
                                        hint=both("rulebook.hint.counts")) from None
        unknown = [n for n in found if n not in names]
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(names), n=2)
            if close:
                raise RulebookError.said_in(file, both("rulebook.unknown_placeholder_close", where=where, name=unknown[0],
                                                       close=close[0]), rule=spec.id)
            raise RulebookError.said_in(file, both("rulebook.unknown_placeholder", where=where, name=unknown[0]),
                                        rule=spec.id)
        not_counts = [n for n, kind in choices if kind == "plural" and n not in counts]
        if not_counts:
            raise RulebookError.said_in(file, both("rulebook.plural_needs_count", where=where, name=not_counts[0]),
                                        rule=spec.id, hint=both("rulebook.hint.plural"))


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def resolve(key: Key, files: Files, sources: dict[str, Source]) -> Rulebook:
    chain = _chain(key, files)
    path, head = chain[-1]
    params_raw, formulas_raw, schedule, rules_raw, origin = _merge(chain)
    params = {name: _param_value(name, raw, origin[f"parameters/{name}"], sources) for name, raw in params_raw.items()}
    params_raw = {name: p.spec.model_dump(mode="json", by_alias=True) for name, p in params.items()}
    schedule = {name: entry.model_copy(update={"basis": _cite(entry.basis, sources, origin[f"schedule/{name}"],
                                                               f"schedule/{name}/basis")})
                for name, entry in schedule.items()}
    if head.legal_source.source is not None and head.legal_source.source not in sources:
        raise RulebookError.said_in(str(path), both("rulebook.unknown_legal_source", source=head.legal_source.source),
                                    hint=both("rulebook.hint.cite_source"))
    clash = set(params) & set(CATALOGUE[PLAN])
    if clash:
        raise RulebookError.said_in(str(path), both("rulebook.parameter_fact_clash", names=sorted(clash)))
    formulas = _check_formulas(formulas_raw, params, str(path))
    rules = tuple(_check_rule(raw, params, origin[rid], formulas, sources) for rid, raw in rules_raw.items())
    used = {p for r in rules for p in r.params} | {p for f in formulas.values() for p in params_read(f.value)}
    unused = sorted(set(params) - used)
    if unused:
        raise RulebookError.said_in(str(path), both("rulebook.unused_parameters", names=unused),
                                    hint=both("rulebook.hint.unused_parameters"))
    resolved = {
        "id": head.id, "version": head.version, "title": head.title,
        "legal_source": head.legal_source.model_dump(mode="json"),
        "valid_from": head.valid_from.isoformat(), "valid_to": head.valid_to.isoformat() if head.valid_to else None,
        "parameters": params_raw,
        "formulas": {k: v.model_dump(mode="json") for k, v in formulas_raw.items()},
        "schedule": {k: v.model_dump(mode="json") for k, v in schedule.items()},
        "rules": [r.spec.model_dump(mode="json", by_alias=True, exclude_none=True) for r in rules],
    }
    sha = hashlib.sha256(_canonical(resolved).encode()).hexdigest()
    return Rulebook(id=head.id, version=head.version, title=head.title, legal_source=head.legal_source,
                    valid_from=head.valid_from, valid_to=head.valid_to, files=tuple(str(p) for p, _ in chain),
                    parameters=params, rules=rules, resolved=resolved, sha256=sha, summary=head.summary,
                    changes=tuple(head.changes), schedule=dict(schedule), formulas=formulas)


def _check_timeline(books: Iterable[Rulebook]) -> None:
    """Within one regulation (one rulebook id) the versions tile its period: no gap, no overlap.

    Different regulations may be in force at once (2020-2023 and 2025-2028 both from 3 April to
    31 December 2024), so dates are only compared within a regulation.
    """
    by_id: dict[str, list[Rulebook]] = {}
    for b in sorted(books, key=lambda b: (b.valid_from, b.version)):
        if b.valid_to is not None and b.valid_to < b.valid_from:
            raise RulebookError.said_in(b.files[-1], both("rulebook.valid_to_before", to=b.valid_to, start=b.valid_from))
        by_id.setdefault(b.id, []).append(b)
    for versions in by_id.values():
        for a, b in zip(versions, versions[1:]):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                until = a.valid_to or {"en": "open end", "nl": "open einde"}
                raise RulebookError.said_in(
                    b.files[-1], both("rulebook.versions_overlap", b=b.ref, start=b.valid_from, a=a.ref, until=until),
                    hint=both("rulebook.hint.end_earlier", a=a.ref, day=b.valid_from - dt.timedelta(days=1)))
            if a.valid_to + dt.timedelta(days=1) != b.valid_from:
                raise RulebookError.said_in(
                    b.files[-1], both("rulebook.versions_gap", a=a.ref, until=a.valid_to, b=b.ref, start=b.valid_from),
                    hint=both("rulebook.hint.close_gap", b=b.ref, day=a.valid_to + dt.timedelta(days=1), a=a.ref))


@dataclass(frozen=True)
class Regulation:
    """One regulation (one rulebook id) and its versions, oldest first; in force from the first
    version's valid_from to the last version's valid_to."""

    id: str
    versions: tuple[Rulebook, ...]

    @property
    def title(self) -> str:
        return self.versions[0].title

    @property
    def valid_from(self) -> dt.date:
        return self.versions[0].valid_from

    @property
    def valid_to(self) -> dt.date | None:
        return self.versions[-1].valid_to

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def span(self) -> str:
        return f"{self.valid_from} .. {self.valid_to or 'open'}"


class Library:
    """All rulebook versions in a folder, resolved and checked, grouped by regulation."""

    def __init__(self, books: list[Rulebook], root: Path, sources: dict[str, Source] | None = None):
        self.books = sorted(books, key=lambda b: (b.valid_from, b.id))
        self.root = root
        grouped: dict[str, list[Rulebook]] = {}
        for b in self.books:
            grouped.setdefault(b.id, []).append(b)
        # oldest regulation first
        self.regulations: dict[str, Regulation] = {
            rid: Regulation(rid, tuple(vs)) for rid, vs in sorted(grouped.items(), key=lambda kv: kv[1][0].valid_from)}
        self.sources = sources or {}  # the bibliography (rulebooks/bronnen.yaml), by source id

    def get(self, ref: str) -> Rulebook:
        rid, _, version = ref.partition("@")
        for b in self.books:
            if b.id == rid and b.version == version:
                return b
        known = ", ".join(b.ref for b in self.books)
        raise VersionSelectionError.said(both("version.unknown", ref=ref, known=known))

    def regulation(self, rid: str) -> Regulation:
        if rid not in self.regulations:
            known = ", ".join(f"{r.id} ({r.span()})" for r in self.regulations.values())
            raise VersionSelectionError.said(both("version.unknown_regulation", regulation=rid, known=known))
        return self.regulations[rid]

    def regulations_on(self, on: dt.date) -> list[Regulation]:
        return [r for r in self.regulations.values() if r.covers(on)]

    def default_regulation(self, submitted: dt.date) -> Regulation | None:
        """The regulation a plan that names none applies under: the one in force on its submission
        date; where two are in force, the newer (only the newer one takes applications then: the
        2020-2023 regulation had no application window left in 2024). None if none is in force."""
        live = self.regulations_on(submitted)
        return max(live, key=lambda r: r.valid_from) if live else None

    def in_force(self, on: dt.date, regulation: str | None = None) -> Rulebook:
        """The version in force on a date: within `regulation` if given, else of the one regulation
        in force then. A date covered by no version, or by two regulations without a choice, is an error."""
        if regulation is None:
            live = self.regulations_on(on)
            if len(live) > 1:
                names = ", ".join(f"{r.id} ({r.span()})" for r in live)
                raise VersionSelectionError.said(both("version.several_regulations", date=on.isoformat(),
                                                      n=len(live), regulations=names))
            books: Sequence[Rulebook] = self.books
        else:
            books = self.regulation(regulation).versions
        hits = [b for b in books if b.covers(on)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            if regulation is not None:
                reg = self.regulations[regulation]
                raise VersionSelectionError.said(both("version.regulation_not_in_force", regulation=regulation,
                                                      date=on.isoformat(), span=reg.span()))
            spans = "; ".join(f"{b.ref}: {b.valid_from} .. {b.valid_to or 'open'}" for b in self.books)
            raise VersionSelectionError.said(both("version.none_in_force", date=on.isoformat(), spans=spans))
        raise VersionSelectionError.said(both("version.overlap", date=on.isoformat(), n=len(hits),
                                              versions=", ".join(b.ref for b in hits)))


def load_library(directory: StrPath | None = None, *, cache: bool = True) -> Library:
    """Every rulebook version in `directory` (default: STO_RULEBOOKS or the project's rulebooks/),
    resolved and checked; from the on-disk cache when neither the rulebooks nor the code changed
    since it was built (engine/rulebook/cache.py), else built here and cached."""
    if cache:
        from .cache import cached_library

        return cached_library(directory)
    return build_library(directory)


def build_library(directory: StrPath | None = None) -> Library:
    files = read_all(directory)
    sources = load_bibliography(rulebook_dir(directory))
    books = [resolve(key, files, sources) for key in files]
    _check_timeline(books)
    return Library(books, rulebook_dir(directory), sources)
