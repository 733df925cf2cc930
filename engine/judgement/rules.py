"""The committee's part of a pre-screen, as pure functions: what may be judged, when an advice may
be recorded, and the final picture computed from the machine's findings and the committee's records.

Nothing here touches the store: the store calls `check_*` inside the transaction that appends the
record (so two members cannot race past a check), and every reader calls `picture` on what is
stored. The picture is computed, never stored or edited (docs/process.md, docs/audit.md).

Records (`kind`, `body`) as the store keeps them:
    judgement   {"rule_id", "holds": yes|no|with-condition, "condition", "motivation", "machine_status",
                 "assessment_record_hash"}
    advice      {"advice": positive|positive-with-conditions|negative, "conditions": [...], "motivation",
                 "judgements": [ids it rests on], "assessment_record_hash"}
    withdrawal  {"motivation", "assessment_record_hash"}
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import StoError, Texts
from ..i18n import N_, both, both_n

if TYPE_CHECKING:
    from ..verdict.model import Finding, Verdict

KINDS = ("judgement", "advice", "withdrawal")
HOLDS = ("yes", "no", "with-condition")
ADVICE = ("positive", "positive-with-conditions", "negative")
DECIDING = ("knockout", "assessment")  # severities that decide the outcome (advisory ones do not)

# The labels of each value, by message id (both(id) gives {"nl": ..., "en": ...}).
HOLDS_LABELS = {"yes": N_("judgement.holds.yes"), "no": N_("judgement.holds.no"),
                "with-condition": N_("judgement.holds.with_condition")}
ADVICE_LABELS = {"positive": N_("judgement.advice.positive"),
                 "positive-with-conditions": N_("judgement.advice.positive_with_conditions"),
                 "negative": N_("judgement.advice.negative")}
# The process outcome of a plan, as the round overview counts it.
PROCESS_OUTCOMES = {
    "open": N_("judgement.outcome.open"),
    "ready": N_("judgement.outcome.ready"),
    "positive": N_("judgement.outcome.positive"),
    "positive-with-conditions": N_("judgement.outcome.positive_with_conditions"),
    "negative": N_("judgement.outcome.negative"),
    "withdrawn": N_("judgement.outcome.withdrawn"),
}
# The machine's status of a finding as a judgement quotes it: Dutch words, the status code in English.
MACHINE_STATUS = {"pass": N_("judgement.machine.pass"), "fail": N_("judgement.machine.fail"),
                  "needs_review": N_("judgement.machine.needs_review"),
                  "not_applicable": N_("judgement.machine.not_applicable")}


def _machine_status(status: str) -> Texts:
    return both(MACHINE_STATUS[status]) if status in MACHINE_STATUS else {"nl": status, "en": status}


class JudgementError(StoError):
    """A judgement, advice or withdrawal that cannot be recorded: says what, where (the field) and how
    to fix it, in Dutch and English. `code` is stable for the API; `status` is the HTTP status.
    `str()` is the English (as for every StoError); the CLI prints the Dutch first (errors_nl)."""

    def __init__(self, code: str, nl: str, en: str, path: str = "", status: int = 422):
        super().__init__(en)
        self.code, self.nl, self.en, self.path, self.status = code, nl, en, path, status

    @classmethod
    def of(cls, code: str, text: dict[str, str], path: str = "", status: int = 422) -> JudgementError:
        """From a catalogue message in both languages (`both(id, ...)`, engine/i18n.py)."""
        return cls(code, text["nl"], text["en"], path, status)


# ---------------------------------------------------------------- checks before a record is appended


def rules(ids: Sequence[str]) -> dict[str, str]:
    """'regel ORG-02' or 'regels ORG-02, FIN-04', and the English."""
    return both_n("judgement.rules", "judgement.rules.plural", len(ids), ids=", ".join(ids))


def _no_control(text: str, field: str) -> str:
    # a NUL or other control character cannot be stored as text everywhere (PostgreSQL refuses NUL)
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        raise JudgementError.of("invalid_text", both("judgement.invalid_text", field=field), "/" + field)
    return text


def _text(value: Any, field: str, what: dict[str, str]) -> str:
    text = _no_control(value.strip(), field) if isinstance(value, str) else ""
    if not text:
        raise JudgementError.of("missing_" + field, both("judgement.missing_text", what=what, field=field),
                                "/" + field)
    return text


def _findings(verdict: Verdict | None) -> list[Finding]:
    """A verdict's findings; none when there is no verdict (a stored plan that can no longer be assessed)."""
    return verdict.findings if verdict is not None else []


def _finding(verdict: Verdict, rule_id: str) -> Finding | None:
    return next((f for f in verdict.findings if f.rule_id == rule_id), None)


def judgeable(finding: Finding) -> tuple[bool, Texts | None]:
    """May the committee record a judgement on this finding? (yes, why not: None when it may)."""
    status, severity = finding.status, finding.severity
    why = None
    if status == "needs_review":
        return True, None
    if status == "not_applicable":
        why = both("judgement.why.not_applicable")
    elif severity == "advisory":
        why = both("judgement.why.advisory")
    elif severity == "knockout" and finding.basis.confidence == "verified":
        why = both("judgement.why.verified_knockout", status=_machine_status(status))
    return (False, why) if why else (True, None)


def current_judgements(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """rule_id -> the newest judgement record of that rule (a later judgement replaces an earlier one)."""
    out: dict[str, dict[str, Any]] = {}
    for r in records:
        if r["kind"] == "judgement":
            out[r["body"]["rule_id"]] = r
    return out


def open_rules(verdict: Verdict | None, records: Sequence[dict[str, Any]]) -> list[str]:
    """The deciding rules that need review and have no judgement yet, in the verdict's order."""
    judged = current_judgements(records)
    return [f.rule_id for f in _findings(verdict)
            if f.status == "needs_review" and f.severity in DECIDING and f.rule_id not in judged]


def _withdrawal(records: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    return next((r for r in records if r["kind"] == "withdrawal"), None)


def _not_withdrawn(records: Sequence[dict[str, Any]]) -> None:
    w = _withdrawal(records)
    if w is not None:
        raise JudgementError.of("withdrawn", both("judgement.withdrawn", seq=w["seq"]), status=409)


def check_judgement(verdict: Verdict, records: Sequence[dict[str, Any]], *, rule_id: str, holds: str, motivation: Any,
                    condition: Any = None) -> dict[str, Any]:
    """The body of a judgement record, or JudgementError."""
    _not_withdrawn(records)
    rule_id = (rule_id or "").strip().upper()
    finding = _finding(verdict, rule_id)
    if finding is None:
        known = ", ".join(f.rule_id for f in verdict.findings if judgeable(f)[0])
        raise JudgementError.of("unknown_rule", both("judgement.unknown_rule", rule=rule_id,
                                                     known=known or both("judgement.no_rules")), "/rule")
    ok, why = judgeable(finding)
    if not ok:
        raise JudgementError.of("not_judgeable", both("judgement.not_judgeable", rule=rule_id, why=why), "/rule")
    if holds not in HOLDS:
        raise JudgementError.of("invalid_holds", both("judgement.invalid_holds", holds=holds), "/holds")
    text = _text(motivation, "motivation", both("judgement.what.motivation"))
    cond = _no_control(condition.strip(), "condition") if isinstance(condition, str) else None
    if holds == "with-condition" and not cond:
        raise JudgementError.of("missing_condition", both("judgement.missing_condition"), "/condition")
    if holds != "with-condition" and cond:
        raise JudgementError.of("unexpected_condition", both("judgement.unexpected_condition"), "/condition")
    return {"rule_id": rule_id, "holds": holds, "condition": cond if holds == "with-condition" else None,
            "motivation": text, "machine_status": finding.status}


def check_advice(verdict: Verdict, records: Sequence[dict[str, Any]], *, advice: str, motivation: Any,
                 conditions: Sequence[Any] = ()) -> dict[str, Any]:
    """The body of an advice record, or JudgementError.

    Refused while deciding rules that need review have no judgement (the advice must rest on a
    judgement of every open question); a positive advice is refused while a deciding rule does not
    hold; 'positive' is refused while a judgement carries a condition. The conditions of the
    judgements come first in the advice's conditions, then the ones given here."""
    _not_withdrawn(records)
    if advice not in ADVICE:
        raise JudgementError.of("invalid_advice", both("judgement.invalid_advice", advice=advice), "/advice")
    text = _text(motivation, "motivation", both("judgement.what.advice_motivation"))
    still_open = open_rules(verdict, records)
    if still_open:
        raise JudgementError.of("judgements_open", both_n("judgement.judgements_open", "judgement.judgements_open.plural",
                                                          len(still_open), rules=rules(still_open),
                                                          first=still_open[0]), "/advice", 409)
    judged = current_judgements(records)
    extra = []
    for i, c in enumerate(conditions or ()):
        c = _no_control(c.strip(), f"conditions/{i}") if isinstance(c, str) else ""
        if not c:
            raise JudgementError.of("empty_condition", both("judgement.empty_condition", number=i + 1),
                                    f"/conditions/{i}")
        extra.append(c)
    from_judgements = [r["body"]["condition"] for r in judged.values() if r["body"]["holds"] == "with-condition"]
    if advice != "negative":
        failing = [f["rule_id"] for f in effective_findings(verdict, judged)
                   if f["effective"] == "fail" and f["severity"] in DECIDING]
        if failing:
            raise JudgementError.of("contradicts_judgements",
                                    both_n("judgement.contradicts_judgements", "judgement.contradicts_judgements.plural",
                                           len(failing), rules=rules(failing)), "/advice", 409)
    if advice == "positive" and (from_judgements or extra):
        raise JudgementError.of("conditions_need_advice", both("judgement.conditions_need_advice"), "/advice")
    all_conditions = list(dict.fromkeys(from_judgements + extra))
    if advice == "positive-with-conditions" and not all_conditions:
        raise JudgementError.of("missing_condition", both("judgement.advice_missing_condition"), "/conditions")
    if advice == "negative" and extra:
        raise JudgementError.of("unexpected_condition", both("judgement.negative_with_condition"), "/conditions")
    return {"advice": advice, "conditions": all_conditions if advice == "positive-with-conditions" else [],
            "motivation": text, "judgements": [r["id"] for r in judged.values()]}


def check_withdrawal(records: Sequence[dict[str, Any]], *, motivation: Any) -> dict[str, Any]:
    _not_withdrawn(records)
    return {"motivation": _text(motivation, "motivation", both("judgement.what.withdrawal_note"))}


# ---------------------------------------------------------------- the computed picture


def effective_findings(verdict: Verdict | None, judged: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Per finding: the machine status and, where a judgement counts, the effective one."""
    out = []
    for f in _findings(verdict):
        j = judged.get(f.rule_id)
        effective: str = f.status
        if j is not None and not moot_reason(f, j):
            effective = {"yes": "pass", "no": "fail", "with-condition": "pass"}[j["body"]["holds"]]
        out.append({"rule_id": f.rule_id, "severity": f.severity, "machine": f.status, "effective": effective})
    return out


def moot_reason(finding: Finding | None, judgement: dict[str, Any]) -> Texts | None:
    """Why a judgement no longer counts against this verdict's finding (None when it counts)."""
    rule_id = judgement["body"]["rule_id"]
    if finding is None:
        return both("judgement.moot.rule_gone", rule=rule_id)
    if finding.status != judgement["body"]["machine_status"]:
        was, now = judgement["body"]["machine_status"], finding.status
        return both("judgement.moot.machine_changed", was=_machine_status(was), now=_machine_status(now))
    if not judgeable(finding)[0]:
        return both("judgement.moot.not_judgeable", rule=rule_id)
    return None


def _who(r: dict[str, Any]) -> dict[str, Any]:
    return {"id": r["id"], "seq": r["seq"], "created_at": r["created_at"], "actor": r["actor"], "role": r["role"],
            "record_hash": r["record_hash"]}


def picture(verdict: Verdict | None, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The final picture of a plan: the machine's findings, every judgement in order (the current one
    per rule, replaced and moot ones marked), the open rules, the advice and the process outcome.

    `verdict` is the stored verdict, or a replayed one: judgements made on a finding the replay
    changed or removed are shown as moot and do not count; None: no verdict (the stored plan can no
    longer be assessed), against which every judgement is moot."""
    records = sorted(records, key=lambda r: r["seq"])
    judged = current_judgements(records)
    findings = {f.rule_id: f for f in _findings(verdict)}
    judgements = []
    for r in records:
        if r["kind"] != "judgement":
            continue
        b = r["body"]
        judgements.append({**_who(r), "rule_id": b["rule_id"], "holds": b["holds"],
                           "holds_label": both(HOLDS_LABELS[b["holds"]]), "condition": b.get("condition"),
                           "motivation": b["motivation"], "machine_status": b["machine_status"],
                           "current": judged[b["rule_id"]]["id"] == r["id"],
                           "moot": moot_reason(findings.get(b["rule_id"]), r)})
    counting = {k: v for k, v in judged.items() if not moot_reason(findings.get(k), v)}
    still_open = open_rules(verdict, list(counting.values()))
    advices = [r for r in records if r["kind"] == "advice"]
    advice = None
    if advices:
        last = advices[-1]
        b = last["body"]
        later = [j["id"] for j in judgements if j["seq"] > last["seq"]]
        moot_basis = [j["id"] for j in judgements if j["id"] in b["judgements"] and j["moot"]]
        stale = None
        if later:
            stale = both("judgement.stale.later_judgements")
        elif moot_basis or still_open:
            stale = both("judgement.stale.basis_moot")
        advice = {**_who(last), "advice": b["advice"], "label": both(ADVICE_LABELS[b["advice"]]),
                  "conditions": list(b["conditions"]), "motivation": b["motivation"], "judgements": list(b["judgements"]),
                  "stale": stale, "earlier": [a["id"] for a in advices[:-1]]}
    w = _withdrawal(records)
    withdrawal = {**_who(w), "motivation": w["body"]["motivation"]} if w else None
    if withdrawal:
        outcome = "withdrawn"
    elif advice and not advice["stale"]:
        outcome = advice["advice"]
    else:
        outcome = "open" if still_open else "ready"
    machine_outcome = verdict.outcome.value if verdict is not None else None
    return {"machine_outcome": machine_outcome, "judgements": judgements, "open_rules": still_open,
            "advice": advice, "withdrawal": withdrawal, "outcome": outcome, "outcome_label": both(PROCESS_OUTCOMES[outcome]),
            "effective": [e for e in effective_findings(verdict, counting) if e["machine"] != e["effective"]]}
