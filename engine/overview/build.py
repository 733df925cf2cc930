"""Verdicts (or stored assessments) -> Overview. Pure: same input, same overview."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..judgement.rules import PROCESS_OUTCOMES
from ..rulebook.model import FAMILY_NAMES, Family
from ..verdict import Outcome
from ..verdict.model import Verdict
from .model import FamilyColumn, Overview, OverviewRow, RuleCount, SkippedFile

if TYPE_CHECKING:
    from ..store.store import CommitteeRecord

TOP_FAILING = 10
FAMILY_COLUMNS = [FamilyColumn(family=f.value, name=dict(FAMILY_NAMES[f])) for f in Family]
# the order in which a committee reads a round: the clearest problems first
OUTCOME_ORDER = {Outcome.ineligible.value: 0, Outcome.negative_advice.value: 1,
                 Outcome.committee_review.value: 2, Outcome.positive_advice.value: 3}


def _parts(item: Any) -> tuple[Verdict, dict[str, Any]]:
    """(verdict, extra row fields) from a Verdict, a StoredAssessment, or {"verdict": Verdict, ...}."""
    if isinstance(item, Verdict):
        return item, {}
    if isinstance(item, dict):
        extra = {k: v for k, v in item.items() if k in ("assessment_id", "mode", "created_at", "verdict_href",
                                                           "letter_href")}
        return item["verdict"], extra
    return item.verdict, {"assessment_id": item.id, "mode": item.mode, "created_at": item.created_at}


def committee_fields(verdict: Verdict, records: list[dict[str, Any]] | None, mode: str | None) -> dict[str, Any]:
    """The committee's part of a row: open judgements and the advice, computed from the records."""
    from ..judgement import picture

    if mode == "self-check":
        return {}
    pic = picture(verdict, records or [])
    conditions = pic["advice"]["conditions"] if pic["outcome"] == "positive-with-conditions" else []
    return {"open_judgements": len(pic["open_rules"]), "committee_outcome": pic["outcome"],
            "committee_label": dict(pic["outcome_label"]), "conditions": conditions}


def overview_row(verdict: Verdict, committee: list[dict[str, Any]] | None = None, **extra: Any) -> OverviewRow:
    plan, receipt = verdict.plan, verdict.receipt
    extra.update(committee_fields(verdict, committee, extra.get("mode")))
    return OverviewRow(
        region=plan.region, region_kind=plan.region_kind, lead_applicant=plan.lead_applicant,
        round=plan.round, submission_date=plan.submission_date, outcome=verdict.outcome.value,
        outcome_label=verdict.outcome_label.to_json(),
        families={f.family: f.status for f in verdict.families},
        failing_rules=[f.rule_id for f in verdict.findings if f.status == "fail"],
        review_rules=[f.rule_id for f in verdict.findings if f.status == "needs_review"],
        rulebook_ref=verdict.rulebook_ref, verdict_sha256=receipt.verdict_sha256,
        plan_source=receipt.plan_source, **extra)


def top_failing(verdicts: list[Verdict], top: int = TOP_FAILING) -> list[RuleCount]:
    """The rules that fail in the most plans, most frequent first (ties by rule id)."""
    counts: dict[str, dict[str, Any]] = {}
    for verdict in verdicts:
        for f in verdict.findings:
            if f.status != "fail":
                continue
            entry = counts.setdefault(f.rule_id, {"title": f.title.to_json(), "family": f.family, "regions": []})
            entry["regions"].append(verdict.plan.region)
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]["regions"]), kv[0]))
    return [RuleCount(rule_id=rule_id, title=e["title"], family=e["family"], count=len(e["regions"]),
                      regions=sorted(set(e["regions"]))) for rule_id, e in ranked[:top]]


def _latest_per_region(parts: list[tuple[Verdict, dict[str, Any]]]) -> list[tuple[Verdict, dict[str, Any]]]:
    # stored assessments carry created_at; plain verdicts count in input order (later wins)
    latest: dict[str, tuple[tuple[str, int], tuple[Verdict, dict[str, Any]]]] = {}
    for index, (verdict, extra) in enumerate(parts):
        key = (extra.get("created_at") or "", index)
        region = verdict.plan.region
        if region not in latest or key > latest[region][0]:
            latest[region] = (key, (verdict, extra))
    return [entry for _, entry in latest.values()]


def build_overview(items: Iterable[Any], *, round: int | None = None, title: str | None = None,
                   latest_per_region: bool = False, top: int = TOP_FAILING,
                   skipped: Iterable[tuple[str, str] | tuple[str, str, Iterable[str]]] = (), now: dt.datetime | None = None,
                   committee: Mapping[str, Sequence[CommitteeRecord | dict[str, Any]]] | None = None) -> Overview:
    """One row per verdict, sorted by outcome (worst first) then region.

    items: Verdicts, StoredAssessment records, or {"verdict": Verdict, "assessment_id": ..., "verdict_href": ...}.
    round: keep only plans of this submission round (None: all).
    latest_per_region: keep only the newest assessment of each region (for a running overview of self-checks).
    skipped: (file, reason) or (file, reason, problems) of files that have no row, listed under the table.
    committee: assessment id -> its committee records (`AuditStore.committee_records_for`), for the
        open judgements and the advice per plan; without it, every pre-screen's judgements are open.
    """
    parts = [_parts(item) for item in items]
    if round is not None:
        parts = [p for p in parts if p[0].plan.round == round]
    if latest_per_region:
        parts = _latest_per_region(parts)
    committee = committee or {}

    def records(extra: dict[str, Any]) -> list[dict[str, Any]]:
        return [r if isinstance(r, dict) else r.model_dump() for r in committee.get(extra.get("assessment_id") or "", [])]

    rows = sorted((overview_row(v, records(extra), **extra) for v, extra in parts),
                  key=lambda r: (OUTCOME_ORDER.get(r.outcome, 9), r.region.casefold(), r.created_at or ""))
    outcome_counts = {o: sum(1 for r in rows if r.outcome == o) for o in OUTCOME_ORDER}
    process_counts = {o: sum(1 for r in rows if r.committee_outcome == o) for o in PROCESS_OUTCOMES}
    default_title = f"Overzicht ronde {round}" if round is not None else "Overzicht beoordelingen"
    return Overview(title=title or default_title, round=round, families=FAMILY_COLUMNS, rows=rows,
                    outcome_counts=outcome_counts, process_counts=process_counts,
                    top_failing=top_failing([v for v, _ in parts], top),
                    skipped=[SkippedFile(file=s[0], reason=s[1], problems=list(s[2]) if len(s) > 2 else [])
                             for s in skipped],
                    generated_at=(now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"))
