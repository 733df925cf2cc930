"""The verdict: what the pipeline builds (engine/verdict/build.py), what letters, store, service and
CLI read, and the published JSON Schema (`sto schema verdict`).

Models are frozen: one verdict is read by many (a letter, the store, a page) and none may change
it; sealing makes a new one. `to_json` is the verdict's JSON form: the fields it was built or read
with, in schema order, so a verdict read back from a file or the store writes the same keys again
(verdicts made before a field existed do not grow a `null` for it).
"""
from __future__ import annotations

from enum import Enum
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field

from ..i18n import N_, Labels
from ..jsontypes import JSONObject

VERDICT_SCHEMA_VERSION: Literal["1.0"] = "1.0"


class Outcome(str, Enum):
    ineligible = "ineligible"
    negative_advice = "negative_advice"
    committee_review = "committee_review"
    positive_advice = "positive_advice"


# labels[key] -> {"nl": ..., "en": ...}, from the message catalogues
OUTCOME_LABELS = Labels({Outcome.ineligible: N_("verdict.outcome.ineligible"),
                         Outcome.negative_advice: N_("verdict.outcome.negative_advice"),
                         Outcome.committee_review: N_("verdict.outcome.committee_review"),
                         Outcome.positive_advice: N_("verdict.outcome.positive_advice")})

Status = Literal["pass", "fail", "needs_review", "not_applicable"]
Severity = Literal["knockout", "assessment", "advisory"]
Reason = Literal["engine_pass", "engine_fail", "assumed_basis", "missing_evidence", "not_applicable"]
EvidenceSource = Literal["engine", "plan"]
SelectedBy = Literal["submission_date", "as_of", "explicit"]
ChosenBy = Literal["plan", "submission_date"]
STATUS_LABELS = Labels({"pass": N_("verdict.status.pass"), "fail": N_("verdict.status.fail"),
                        "needs_review": N_("verdict.status.needs_review"),
                        "not_applicable": N_("verdict.status.not_applicable")})
SEVERITY_LABELS = Labels({"knockout": N_("verdict.severity.knockout"), "assessment": N_("verdict.severity.assessment"),
                          "advisory": N_("verdict.severity.advisory")})


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def to_json(self) -> JSONObject:
        """As JSON data: the fields it was built or read with, in schema order."""
        data: JSONObject = self.model_dump(mode="json", exclude_unset=True)
        return data


class Text(_M):
    nl: str
    en: str

    def of(self, lang: str) -> str:
        """The text in `lang` (nl, or en for anything else)."""
        return self.nl if lang == "nl" else self.en


class Basis(_M):
    source: str
    section: str
    confidence: Literal["verified", "assumed"]
    quote: str | None = None
    url: str | None = None
    note: str | None = None
    citation: str | None = Field(default=None, description="the source as a person cites it (rulebooks/bronnen.yaml)")


class FactEvidence(_M):
    fact: str = Field(description="owner.name, e.g. plan.cofinancing_share_bp")
    label: Text
    unit: str
    value: Any = Field(description="engine value (cents, basis points, day number, ...); null when absent")
    display: Text
    pointers: list[str] = Field(description="JSON pointers into the plan document")
    source: EvidenceSource = Field(description="engine: the value the engine matched; plan: from the facts")
    formula: str | None = None


class ParameterEvidence(_M):
    name: str
    type: str
    value: Any
    display: Text
    basis: Basis


class Violation(_M):
    item: str
    label: str
    pointer: str
    values: dict[str, Any]


class Remediation(_M):
    fields: list[str] = Field(default_factory=list, description="plan fields to change, dotted with list indices as in the plan "
                                             "(partners[2].cooperation_agreement.signed); index 0 is the first entry")
    gap: int | float | None = Field(default=None, description="how much must change, in the engine unit; absent for "
                                                      "yes/no rules")
    unit: str | None = None
    display: Text | None = None
    message: Text


class Finding(_M):
    rule_id: str
    title: Text
    family: str
    severity: Severity
    status: Status
    reason: Reason
    message: Text
    basis: Basis
    condition: str
    applies_when: str | None = None
    fired: list[str]
    evidence: list[FactEvidence]
    parameters: list[ParameterEvidence]
    violations: list[Violation] = []
    remediation: Remediation | None = None


class FamilySummary(_M):
    family: str
    name: Text
    status: Status
    counts: dict[str, int]


class RulebookRef(_M):
    id: str
    version: str
    sha256: str
    title: str
    legal_source: str
    files: list[str]


class RegulationChoice(_M):
    id: str = Field(description="the regulation (rulebook id) the plan applies under")
    chosen_by: ChosenBy = Field(
        description="plan: the plan names it (submission.regulation); submission_date: the regulation in force on "
                    "the submission date (the newer where two are in force)")


class Receipt(_M):
    plan_sha256: str
    plan_source: str
    rulebook: RulebookRef
    ruleset: str
    regulation: RegulationChoice | None = Field(
        default=None, description="which regulation the plan was judged under and why; absent in verdicts made before "
                          "it was recorded")
    selected_by: SelectedBy
    as_of: str
    engine: dict[str, str]
    packages: dict[str, str]
    python: str
    code_sha256: str | None = Field(default=None, description="sha256 of the sto-toets engine source that made this "
                                    "verdict (engine/**/*.py); absent in verdicts made before it was recorded")
    timestamp: str
    verdict_sha256: str = Field(description="sha256 of this verdict without timestamp, code_sha256 and this field")


class PlanSummary(_M):
    region: str
    region_kind: str
    lead_applicant: str
    submission_date: str
    round: int


class FundingLine(_M):
    label: Text
    computation: Text
    cents: int


class FundingMaximum(_M):
    kind: Literal["per_student", "fixed_range"]
    per_year_cents: int | None = None
    total_cents: int | None = None
    minimum_total_cents: int | None = None
    years: int | None = None
    lines: list[FundingLine] = []
    assumed: bool = False


class YearCents(_M):
    year: int
    cents: int


class Requested(_M):
    per_year: list[YearCents]
    total_cents: int


class Funding(_M):
    requested: Requested
    maximum: FundingMaximum | None = None


class Verdict(_M):
    schema_version: Literal["1.0"] = VERDICT_SCHEMA_VERSION
    outcome: Outcome
    outcome_label: Text
    plan: PlanSummary
    findings: list[Finding]
    families: list[FamilySummary]
    funding: Funding
    receipt: Receipt

    def to_sorted_json(self) -> JSONObject:
        """to_json with every object's keys sorted: the order the store keeps a verdict in, and so the
        order the API, `sto audit show` and a pre-screen's oordelen/ give it back in."""
        data: JSONObject = orjson.loads(orjson.dumps(self.to_json(), option=orjson.OPT_SORT_KEYS))
        return data

    @classmethod
    def from_json(cls, data: object) -> Verdict:
        """A verdict from its JSON data (a verdict file, a stored record); ValidationError if it is none."""
        return cls.model_validate(data)

    @property
    def rulebook_ref(self) -> str:
        return f"{self.receipt.rulebook.id}@{self.receipt.rulebook.version}"


def verdict_json_schema() -> JSONObject:
    schema = Verdict.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://sto-toets.example/schemas/verdict-{VERDICT_SCHEMA_VERSION}.json"
    schema["title"] = "sto-toets verdict"
    schema["description"] = ("The assessment of one STO regional plan against one rulebook version: outcome, "
                             "a finding per rule with the evidence it read, and a receipt with hashes.")
    return schema
