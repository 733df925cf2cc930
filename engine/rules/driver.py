"""A thin synchronous driver over durable-rules' C core (durable_rules_engine 2.0.28).

Why not `durable.engine.Host`: it starts timer threads that segfault after `delete_state`,
and it skips the agenda when one fact of a batch matches no rule (docs/design/durable-rules.md §1). The raw
API has no threads and returns the firings as JSON.

The protocol per plan, each step for a reason given in docs/design/durable-rules.md §3:
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
import re
import threading

import durable_rules_engine as dre
import orjson

from ..errors import EngineError
from ..jsontypes import JSONObject
from .compiler import ANCHOR_TYPE, CompiledRulebook

SENTINEL = "__sentinel__"
_NOT_HANDLED, _OBSERVED = 1, 2
MAX_PROPERTIES = 200  # the C core segfaults somewhere above ~254 properties per fact

# The C core finds a fact by the 32-bit FNV-1a hash of its id, without comparing the strings, so
# two distinct plan ids can share a hash and one fact then silently replaces the other
# ('partner:pf08a' and 'partner:p48b29' do; the batch assert does not report it). So the driver
# sends ids of its own, a fact's position in decimal, and puts the plan's ids back into the
# firings. Decimal positions have distinct hashes up to 797,185 (and none equals the anchor's);
# tests/test_driver.py checks every one below MAX_FACTS.
MAX_FACTS = 100_000


def engine_id(position: int) -> str:
    return str(position)


def dumps(obj: object) -> str:
    """JSON for the C parser. It segfaults on exponent floats (1e-05): check_facts refuses those
    before they get here, and orjson refuses NaN and infinity."""
    return orjson.dumps(obj).decode("utf-8")


_PLAIN = frozenset((int, str, bool))


def check_facts(facts: list[JSONObject]) -> None:
    """Facts are flat; refuse what would crash the C core rather than send it (docs/design/durable-rules.md §2)."""
    if len(facts) > MAX_FACTS:
        raise EngineError(f"{len(facts)} facts in one plan; the driver's limit is {MAX_FACTS}")
    ids = {f.get("id") for f in facts}
    if len(ids) < len(facts):
        # the raw API accepts a repeated id in one batch without a word (it reports nothing
        # observed), and the later fact silently shadows the earlier one
        seen: set[object] = set()
        for f in facts:  # fewer ids than facts: one of them comes again
            if f.get("id") in seen:
                raise EngineError(f"two facts of one plan share the id {f.get('id')!r}")
            seen.add(f.get("id"))
    if all(len(f) <= MAX_PROPERTIES for f in facts) and {type(v) for f in facts for v in f.values()} <= _PLAIN:
        return  # nearly every plan: only ints, strings and booleans
    for f in facts:
        if len(f) > MAX_PROPERTIES:
            raise EngineError(f"fact {f.get('id')} has {len(f)} properties; the engine's limit is {MAX_PROPERTIES}")
        for v in f.values():
            kind = type(v)
            if kind is int or kind is str or kind is bool:
                continue
            if kind is float and (not math.isfinite(v) or "e" in repr(v)):
                raise EngineError(f"fact {f.get('id')}: number {v!r} would crash the engine (exponent or non-finite)")
            if isinstance(v, (dict, list, tuple)):
                raise EngineError(f"fact {f.get('id')}: nested values are not allowed in facts")


# orjson reads an integer beyond 64 bits as a float, without a word; json reads it exactly.
_LONG_DIGITS = re.compile(r"[0-9]{20}")


def _loads_strictly(rule: str, payload: str) -> object:
    try:
        return json.loads(payload)
    except json.JSONDecodeError as exc:
        raise EngineError(f"unreadable firing of {rule}: {exc}") from None


class Firing:
    """One rule firing; the matched facts are parsed on first use.

    Every plan-level rule of a session matches the same stored plan fact, so the payload
    texts repeat; they are parsed once per session (shared cache), not once per firing.
    """

    __slots__ = ("rule", "_payload", "_cache", "_ids")

    def __init__(self, rule: str, payload: str, cache: dict[str, JSONObject], ids: list[str | None]) -> None:
        self.rule, self._payload, self._cache, self._ids = rule, payload, cache, ids

    @property
    def facts(self) -> JSONObject:
        cached = self._cache.get(self._payload)
        if cached is not None:
            return cached
        parsed: object
        if _LONG_DIGITS.search(self._payload):
            parsed = _loads_strictly(self.rule, self._payload)
        else:
            try:
                parsed = orjson.loads(self._payload)
            except orjson.JSONDecodeError:
                parsed = _loads_strictly(self.rule, self._payload)  # for json's own message
        facts: JSONObject = parsed if isinstance(parsed, dict) else {"m": parsed}
        for fact in facts.values():  # the plan's ids back in place of the engine's
            if isinstance(fact, dict) and isinstance(fact.get("id"), str) and fact["id"].isdigit():
                fact["id"] = self._ids[int(fact["id"])]
        self._cache[self._payload] = facts
        return facts


class LoadedRuleset:
    """One compiled ruleset inside this process's C core, plus its lock."""

    _sids = itertools.count(1)

    def __init__(self, compiled: CompiledRulebook) -> None:
        rules = dict(compiled.ruleset)
        rules[SENTINEL] = {"pri": 65000, "all": [{"m": {"t": ANCHOR_TYPE}}]}
        self.compiled = compiled
        self.handle = dre.create_ruleset(compiled.name, dumps(rules))
        self.lock = threading.Lock()

    def evaluate(self, facts: list[JSONObject]) -> list[Firing]:
        check_facts(facts)
        with self.lock:
            sid = f"{os.getpid()}-{next(self._sids)}"
            return self._run(sid, facts)

    def _run(self, sid: str, facts: list[JSONObject]) -> list[Firing]:
        h = self.handle
        raw: list[str] = []
        anchored = False
        try:
            if facts:
                code, _ = dre.assert_facts(h, dumps([{**f, "id": engine_id(i), "sid": sid} for i, f in enumerate(facts)]))
                if code == _OBSERVED:  # cannot happen with engine_id's distinct hashes; never ignore it
                    raise EngineError("durable-rules reported a repeated fact id in one session")
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
        firings: list[Firing] = []
        cache: dict[str, JSONObject] = {}
        ids: list[str | None] = [f.get("id") for f in facts]
        for message in raw:
            # each message is {"<rule name>":<matched facts>}; rule names never contain quotes
            end = message.find('":', 2)
            if not message.startswith('{"') or end < 0 or not message.endswith("}"):
                raise EngineError(f"unexpected firing format from the engine: {message[:80]}")
            firings.append(Firing(message[2:end], message[end + 2:-1], cache, ids))
        if not firings or firings[-1].rule != SENTINEL:
            raise EngineError("the sentinel rule did not fire last: the agenda did not drain")
        return firings[:-1]


_LOADED: dict[str, LoadedRuleset] = {}
_LOADED_LOCK = threading.Lock()


def ruleset_for(compiled: CompiledRulebook) -> LoadedRuleset:
    """Each (rulebook, version, content hash) is created once per process: rulesets can be
    neither replaced nor safely deleted in durable-rules (docs/design/durable-rules.md §6)."""
    with _LOADED_LOCK:
        loaded = _LOADED.get(compiled.name)
        if loaded is None:
            try:
                loaded = LoadedRuleset(compiled)
            except Exception as exc:
                raise EngineError(f"durable-rules refused ruleset {compiled.name}: {exc}") from exc
            _LOADED[compiled.name] = loaded
        return loaded

