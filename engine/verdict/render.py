"""Verdict -> text for a terminal (Dutch by default), and the explanation of each rule."""
from __future__ import annotations

import functools

from ..i18n import N_, tr
from .model import SEVERITY_LABELS, STATUS_LABELS, Finding, Verdict

SYMBOLS = {"pass": "✔", "fail": "✘", "needs_review": "?", "not_applicable": "–"}
COLOURS = {"pass": "32", "fail": "31", "needs_review": "33", "not_applicable": "90"}
# The verdict's own words (headings, labels), by message id: `words(lang)[key]`.
_WORD_IDS = {"rulebook": N_("verdict.word.rulebook"), "outcome": N_("verdict.word.outcome"),
             "region": N_("verdict.word.region"), "submitted": N_("verdict.word.submitted"),
             "round": N_("verdict.word.round"), "basis": N_("verdict.word.basis"), "fix": N_("verdict.word.fix"),
             "assumed": N_("verdict.word.assumed"), "verified": N_("verdict.word.verified"),
             "summary": N_("verdict.word.summary"), "receipt": N_("verdict.word.receipt"),
             "plan": N_("verdict.word.plan"), "why": N_("verdict.word.why"), "read": N_("verdict.word.read"),
             "params": N_("verdict.word.params"), "items": N_("verdict.word.items"),
             "condition": N_("verdict.word.condition"), "applies": N_("verdict.word.applies"),
             "fired": N_("verdict.word.fired"), "formula": N_("verdict.word.formula"),
             "none_fired": N_("verdict.word.none_fired"), "fields": N_("verdict.word.fields")}


@functools.cache
def words(lang: str) -> dict[str, str]:
    return {key: tr(msgid, lang) for key, msgid in _WORD_IDS.items()}


def _paint(text: str, status: str, colour: bool) -> str:
    return f"\x1b[{COLOURS[status]}m{text}\x1b[0m" if colour else text


def render_text(verdict: Verdict, lang: str = "nl", colour: bool = False, verbose: bool = False) -> str:
    w = words(lang)
    plan, receipt = verdict.plan, verdict.receipt
    rb = receipt.rulebook
    lines = [
        f"{w['region']}: {plan.region} ({w['round']} {plan.round}, {w['submitted']} {plan.submission_date})",
        f"{w['rulebook']}: {rb.title} — {rb.id}@{rb.version} ({rb.legal_source})",
        "",
        f"{w['outcome']}: {verdict.outcome_label.of(lang).upper()}",
        "",
    ]
    by_family: dict[str, list[Finding]] = {}
    for f in verdict.findings:
        by_family.setdefault(f.family, []).append(f)
    for fam in verdict.families:
        findings = by_family.get(fam.family, [])
        if not findings:
            continue
        head = f"{SYMBOLS[fam.status]} {fam.name.of(lang)} — {STATUS_LABELS[fam.status][lang]}"
        lines.append(_paint(head, fam.status, colour))
        for f in findings:
            mark = _paint(SYMBOLS[f.status], f.status, colour)
            sev = SEVERITY_LABELS[f.severity][lang]
            lines.append(f"  {mark} {f.rule_id:<8} {f.title.of(lang)} [{sev}]")
            if f.status in ("fail", "needs_review") or verbose:
                lines.append(f"      {f.message.of(lang)}")
                b = f.basis
                lines.append(f"      {w['basis']}: {b.citation or b.source}, {b.section} ({w[b.confidence]})")
                if f.remediation:
                    lines.append(f"      → {w['fix']}: {f.remediation.message.of(lang)}")
        lines.append("")
    counts = {s: sum(1 for f in verdict.findings if f.status == s) for s in SYMBOLS}
    lines.append(f"{w['summary']}: " + ", ".join(f"{n} {STATUS_LABELS[s][lang]}" for s, n in counts.items() if n))
    lines.append(f"{w['receipt']}: {w['plan']} sha256 {receipt.plan_sha256[:16]}…, "
                 f"{rb.id}@{rb.version} sha256 {rb.sha256[:16]}…, "
                 f"verdict sha256 {receipt.verdict_sha256[:16]}…")
    return "\n".join(lines)


def explain(verdict: Verdict, rule_id: str | None = None, lang: str = "nl") -> str:
    """Why each rule came out as it did, down to the plan fields it read."""
    w = words(lang)
    findings = verdict.findings
    if rule_id is not None:
        findings = [f for f in findings if f.rule_id == rule_id]
        if not findings:
            from ..errors import StoError
            from ..i18n import both

            known = ", ".join(f.rule_id for f in verdict.findings)
            raise StoError.said(both("explain.unknown_rule", rule=rule_id, rules=known))
    rb = verdict.receipt.rulebook
    out = [f"{verdict.plan.region} — {rb.id}@{rb.version} — "
           f"{w['outcome'].lower()}: {verdict.outcome_label.of(lang)}", ""]
    for f in findings:
        out.append(f"{SYMBOLS[f.status]} {f.rule_id} {f.title.of(lang)}: {STATUS_LABELS[f.status][lang]}")
        out.append(f"  {w['why']}: {f.message.of(lang)}")
        if f.applies_when:
            out.append(f"  {w['applies']}: {f.applies_when}")
        out.append(f"  {w['condition']}: {f.condition}")
        out.append(f"  {w['fired']}: {', '.join(f.fired) or w['none_fired']}")
        if f.evidence:
            out.append(f"  {w['read']}:")
            for e in f.evidence:
                ptrs = ", ".join(e.pointers[:6]) + (" …" if len(e.pointers) > 6 else "")
                out.append(f"    - {e.label.of(lang)} ({e.fact}) = {e.display.of(lang)}   ← {ptrs or '—'}")
                if e.formula:
                    out.append(f"        {w['formula']}: {e.formula}")
        if f.parameters:
            out.append(f"  {w['params']}:")
            for p in f.parameters:
                pb = p.basis
                out.append(f"    - {p.name} = {p.display.of(lang)}   ({pb.citation or pb.source}, {pb.section})")
        if f.violations:
            out.append(f"  {w['items']}:")
            for v in f.violations[:25]:
                out.append(f"    - {v.label} ({v.pointer})")
        b = f.basis
        out.append(f"  {w['basis']}: {b.citation or b.source}, {b.section} ({w[b.confidence]})"
                   + (f" — {b.note}" if b.note else ""))
        if f.remediation:
            out.append(f"  → {w['fix']}: {f.remediation.message.of(lang)}")
            if f.remediation.fields:
                out.append(f"    {w['fields']}: {', '.join(f.remediation.fields)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
