"""Compare a stored verdict with a re-evaluation of the same plan: pure functions, Dutch lines.

Two verdicts are identical when their digests (`receipt.verdict_sha256`: everything but the
timestamp and the code's hash) agree. When they do not, `differences` says what changed, the
important things first: the rulebook's content, the engine code, the outcome, each rule's status,
then every other changed value by path.
"""
from __future__ import annotations

from typing import Any

from ..jsontypes import JSONObject
from ..verdict import STATUS_LABELS, verdict_digest

MAX_PATH_LINES = 40
_IGNORED = {("receipt", "timestamp"), ("receipt", "verdict_sha256"), ("receipt", "code_sha256")}
# reported in words by the first steps, so the generic walk leaves them out
_EXPLAINED = {("outcome",), ("outcome_label",), ("receipt", "rulebook", "sha256")}
# where a value sits in a verdict: keys of objects and positions in lists
_Path = tuple[str | int, ...]


def same_verdict(stored: JSONObject, replayed: JSONObject) -> bool:
    return verdict_digest(stored) == verdict_digest(replayed)


def _status(status: str) -> str:
    return STATUS_LABELS.get(status, {}).get("nl", status)


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rulebook_lines(stored: JSONObject, replayed: JSONObject) -> list[str]:
    old, new = stored["receipt"]["rulebook"], replayed["receipt"]["rulebook"]
    if old.get("sha256") == new.get("sha256"):
        return []
    return [f"regelboek {old.get('id')}@{old.get('version')}: de inhoud is gewijzigd sinds de opslag "
            f"(sha256 {str(old.get('sha256'))[:16]}… -> {str(new.get('sha256'))[:16]}…)"]


def code_changed(stored: JSONObject, replayed: JSONObject) -> bool | None:
    """Whether the engine code differs from the code that made the stored verdict; None when the
    stored verdict predates `receipt.code_sha256`."""
    old = stored.get("receipt", {}).get("code_sha256")
    if old is None:
        return None
    return bool(old != replayed.get("receipt", {}).get("code_sha256"))


def _code_lines(stored: JSONObject, replayed: JSONObject) -> list[str]:
    if not code_changed(stored, replayed):
        return []
    old, new = stored["receipt"]["code_sha256"], replayed["receipt"].get("code_sha256")
    return [f"de code van sto-toets is gewijzigd sinds de opslag (code_sha256 {old[:16]}… -> {str(new)[:16]}…); "
            f"de verschillen hieronder kunnen daaruit komen"]


def _outcome_lines(stored: JSONObject, replayed: JSONObject) -> list[str]:
    if stored["outcome"] == replayed["outcome"]:
        return []
    return [f"uitkomst: {stored['outcome_label']['nl']} -> {replayed['outcome_label']['nl']}"]


def _rule_lines(stored: JSONObject, replayed: JSONObject) -> tuple[list[str], set[str]]:
    old = {f["rule_id"]: f for f in stored["findings"]}
    new = {f["rule_id"]: f for f in replayed["findings"]}
    lines, changed = [], set()
    for rule_id in old.keys() | new.keys():
        if rule_id not in new:
            lines.append(f"regel {rule_id}: bestaat niet meer (was: {_status(old[rule_id]['status'])})")
            changed.add(rule_id)
        elif rule_id not in old:
            lines.append(f"regel {rule_id}: nieuw (nu: {_status(new[rule_id]['status'])})")
            changed.add(rule_id)
        elif old[rule_id]["status"] != new[rule_id]["status"]:
            lines.append(f"regel {rule_id}: {_status(old[rule_id]['status'])} -> {_status(new[rule_id]['status'])}")
    return sorted(lines), changed


def _walk(old: Any, new: Any, path: _Path, out: list[tuple[_Path, Any, Any]]) -> None:
    if path in _IGNORED or path in _EXPLAINED:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys(), key=str):
            _walk(old.get(key, _MISSING), new.get(key, _MISSING), path + (key,), out)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new)):
            _walk(a, b, path + (i,), out)
    elif old != new:
        out.append((path, old, new))


class _Missing:
    def __repr__(self) -> str:
        return "(ontbreekt)"


_MISSING = _Missing()


def _label(path: _Path, findings: list[JSONObject]) -> str:
    # findings are named by rule id rather than by list position, which means nothing to a reader
    if len(path) >= 2 and path[0] == "findings" and isinstance(path[1], int) and path[1] < len(findings):
        path = (f"findings[{findings[path[1]]['rule_id']}]",) + path[2:]
    return ".".join(str(p) for p in path)


def verdict_differences(stored: JSONObject, replayed: JSONObject) -> list[str]:
    """What differs between two verdicts, in Dutch; empty when they are the same bar the timestamp."""
    if same_verdict(stored, replayed):
        return []
    rules, gone_or_new = _rule_lines(stored, replayed)
    lines = _rulebook_lines(stored, replayed) + _code_lines(stored, replayed) + _outcome_lines(stored, replayed) + rules
    changes: list[tuple[_Path, Any, Any]] = []
    if gone_or_new:  # the finding lists no longer line up; compare everything but them
        _walk({k: v for k, v in stored.items() if k != "findings"},
              {k: v for k, v in replayed.items() if k != "findings"}, (), changes)
    else:
        _walk(stored, replayed, (), changes)
    findings = stored.get("findings", [])
    shown = [f"{_label(path, findings)}: {_short(a)} -> {_short(b)}" for path, a, b in changes
             if not (len(path) == 3 and path[0] == "findings" and path[2] == "status")]
    if len(shown) > MAX_PATH_LINES:
        shown = shown[:MAX_PATH_LINES] + [f"… en nog {len(shown) - MAX_PATH_LINES} verschil(len)"]
    lines += shown
    if not lines:  # only the stored digest itself is off: the stored verdict was sealed wrongly
        lines.append("receipt.verdict_sha256 van het opgeslagen oordeel klopt niet met de inhoud")
    return lines
