"""The committee's part as published JSON (the API's OpenAPI document declares it with these models;
engine/judgement/rules.py builds the same dicts)."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..verdict.model import Text


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Who(_Out):
    id: str
    seq: int = Field(description="its position in the audit chain")
    created_at: str
    actor: str = Field(description="who recorded it: the token's name, --actor or the OS user")
    role: str
    record_hash: str


class JudgementOut(_Who):
    rule_id: str
    holds: str = Field(description="yes | no | with-condition")
    holds_label: Text
    condition: str | None
    motivation: str
    machine_status: str = Field(description="the machine's status of the rule when it was judged")
    current: bool = Field(description="false when a later judgement on the same rule replaced it")
    moot: Text | None = Field(description="why it no longer counts against this verdict (a replay changed the rule)")


class AdviceOut(_Who):
    advice: str = Field(description="positive | positive-with-conditions | negative")
    label: Text
    conditions: list[str]
    motivation: str
    judgements: list[str] = Field(description="ids of the judgements it rests on")
    stale: Text | None = Field(description="why it no longer holds (judgements recorded after it, or moot ones)")
    earlier: list[str] = Field(description="ids of earlier advice it replaced")


class WithdrawalOut(_Who):
    motivation: str


class EffectiveOut(_Out):
    rule_id: str
    severity: str
    machine: str
    effective: str


class Picture(_Out):
    """The final picture of a pre-screen, computed from the machine's findings and the committee's records."""

    machine_outcome: str | None
    judgements: list[JudgementOut]
    open_rules: list[str] = Field(description="deciding rules that need review and have no judgement yet")
    advice: AdviceOut | None
    withdrawal: WithdrawalOut | None
    outcome: str = Field(description="open | ready | positive | positive-with-conditions | negative | withdrawn")
    outcome_label: Text
    effective: list[EffectiveOut] = Field(description="rules whose status the judgements change")


class CommitteeRecordOut(_Out):
    id: str
    seq: int
    created_at: str
    kind: str = Field(description="judgement | advice | withdrawal")
    assessment_id: str
    region: str
    actor: str
    role: str
    body: dict[str, Any]
    body_sha256: str
    prev_hash: str
    record_hash: str


class Appended(_Out):
    record: CommitteeRecordOut
    committee: Picture


class JudgementsAnswer(_Out):
    assessment_id: str
    judgements: list[JudgementOut]
    open_rules: list[str]
    outcome: str
    outcome_label: Text


class AdviceAnswer(_Out):
    assessment_id: str
    advice: AdviceOut | None
    withdrawal: WithdrawalOut | None
    open_rules: list[str]
    outcome: str
    outcome_label: Text
