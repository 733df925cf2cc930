"""A thin synchronous driver over durable-rules' C core (durable_rules_engine 2.0.28).

Why not `durable.engine.Host`: it starts timer threads that segfault after `delete_state`,
and it skips the agenda when one fact of a batch matches no rule (REPORT §2, §1). The raw
API has no threads and returns the firings as JSON.

The protocol per plan, each step for a reason given in REPORT §4/§6:
1. assert all plan facts in one call (a fact that matches no rule is fine here);
2. assert the anchor fact last, in its own call, so `$not` sees the complete fact set;
3. drain the agenda; the sentinel rule (lowest priority) must fire last, proving it drained;
4. delete the session in `finally`, but only once an action ran (else `delete_state` may free garbage).
"""
from __future__ import annotations

import itertools
import json
import math
import os
import threading
from dataclasses import dataclass

import durable_rules_engine as dre

from ..errors import EngineError
from .compiler import ANCHOR_TYPE, CompiledRulebook

SENTINEL = "__sentinel__"
_NOT_HANDLED, _OBSERVED = 1, 2
MAX_PROPERTIES = 200  # the C core segfaults somewhere above ~254 properties per fact


def dumps(obj) -> str:
    """JSON the C parser can read: it segfaults on exponent floats (1e-05) and we never send NaN."""
    return json.dumps(_check_numbers(obj), ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _check_numbers(o):
    if isinstance(o, float):
        if not math.isfinite(o):
            raise EngineError("non-finite number in a fact")
        if "e" in repr(o) or "E" in repr(o):
            raise EngineError(f"float {o!r} would be written in exponent form, which crashes the engine")
        return o
    if isinstance(o, dict):
        return {k: _check_numbers(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_check_numbers(v) for v in o]
    return o


@dataclass(frozen=True)
class Firing:
    rule: str
    facts: dict  # alias -> the fact as the engine stored it


class LoadedRuleset:
    """One compiled ruleset inside this process's C core, plus its lock."""

    _sids = itertools.count(1)

    def __init__(self, compiled: CompiledRulebook):
        rules = dict(compiled.ruleset)
        rules[SENTINEL] = {"pri": 65000, "all": [{"m": {"t": ANCHOR_TYPE}}]}
        self.compiled = compiled
        self.handle = dre.create_ruleset(compiled.name, dumps(rules))
        self.lock = threading.Lock()

    def evaluate(self, facts: list[dict]) -> list[Firing]:
        for f in facts:
            if len(f) > MAX_PROPERTIES:
                raise EngineError(f"fact {f.get('id')} has {len(f)} properties; the engine's limit is {MAX_PROPERTIES}")
        with self.lock:
            sid = f"{os.getpid()}-{next(self._sids)}"
            return self._run(sid, facts)

    def _run(self, sid: str, facts: list[dict]) -> list[Firing]:
        h = self.handle
        raw: list[str] = []
        anchored = False
        try:
            if facts:
                code, _ = dre.assert_facts(h, dumps([{**f, "sid": sid} for f in facts]))
                if code == _OBSERVED:
                    raise EngineError("two facts of one plan share an id (or their 32-bit id hashes collide)")
            _, state = dre.assert_fact(h, dumps({"id": ANCHOR_TYPE, "t": ANCHOR_TYPE, "sid": sid}))
            anchored = True
            result = dre.start_action_for_state(h, state)
            message = result[1] if result is not None else None
            while message is not None:
                raw.append(message)
                message = dre.complete_and_start_action(h, state)
        except EngineError:
            raise
        except Exception as exc:  # the C module raises bare Exceptions with an error code
            raise EngineError(f"durable-rules failed: {exc}") from exc
        finally:
            if anchored:
                dre.delete_state(h, sid)
        firings = []
        for message in raw:
            for name, matched in json.loads(message).items():
                firings.append(Firing(name, matched if isinstance(matched, dict) else {"m": matched}))
        if not firings or firings[-1].rule != SENTINEL:
            raise EngineError("the sentinel rule did not fire last: the agenda did not drain")
        return firings[:-1]


_LOADED: dict[str, LoadedRuleset] = {}
_LOADED_LOCK = threading.Lock()


def ruleset_for(compiled: CompiledRulebook) -> LoadedRuleset:
    """Each (rulebook, version, content hash) is created once per process: rulesets can be
    neither replaced nor safely deleted in durable-rules (REPORT §2)."""
    with _LOADED_LOCK:
        loaded = _LOADED.get(compiled.name)
        if loaded is None:
            try:
                loaded = LoadedRuleset(compiled)
            except Exception as exc:
                raise EngineError(f"durable-rules refused ruleset {compiled.name}: {exc}") from exc
            _LOADED[compiled.name] = loaded
        return loaded

