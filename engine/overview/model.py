"""The round overview as data: one row per assessed plan, a status per criterion family, and the
rules that fail most often. Renderers (render.py) turn it into CSV and a self-contained HTML page."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FamilyColumn(_M):
    family: str
    name: dict[str, str]  # {"nl": ..., "en": ...}


class OverviewRow(_M):
    region: str
    region_kind: str
    lead_applicant: str
    round: int
    submission_date: str
    outcome: str
    outcome_label: dict[str, str]
    families: dict[str, str]  # family -> pass | fail | needs_review | not_applicable
    failing_rules: list[str]
    review_rules: list[str]
    rulebook_ref: str
    verdict_sha256: str
    plan_source: str
    assessment_id: str | None = None
    mode: str | None = None
    created_at: str | None = None
    verdict_href: str | None = None  # a link to the verdict file, where there is no web server to link to
    letter_href: str | None = None  # likewise, the draft letter
    # the committee's part (engine/judgement), computed; None for a self-check, which binds no one
    open_judgements: int | None = None  # deciding rules that need review and have no judgement yet
    committee_outcome: str | None = None  # open | ready | positive | positive-with-conditions | negative | withdrawn
    committee_label: dict[str, str] | None = None
    conditions: list[str] = []


class RuleCount(_M):
    rule_id: str
    title: dict[str, str]
    family: str
    count: int
    regions: list[str]


class SkippedFile(_M):
    """A file of the round that has no row: it could not be assessed, or belongs to another round."""

    file: str
    reason: str
    problems: list[str] = []  # each problem of the file in one Dutch line (where and what), when there are any


class Overview(_M):
    title: str
    round: int | None
    families: list[FamilyColumn]
    rows: list[OverviewRow]
    outcome_counts: dict[str, int]
    top_failing: list[RuleCount]
    generated_at: str
    skipped: list[SkippedFile] = []
    # rows per committee outcome (open, ready, positive, positive-with-conditions, negative, withdrawn);
    # approved = positive + positive-with-conditions
    process_counts: dict[str, int] = {}
