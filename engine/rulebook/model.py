"""The rulebook file format (YAML, one file per version) and the resolved, checked rulebook."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..i18n import N_, Labels
from ..jsontypes import JSONObject
from .expressions import Cond, FactRef, Value


class Family(str, Enum):
    eligibility = "eligibility"
    partner_composition = "partner_composition"
    concreteness = "concreteness"
    financial = "financial"
    organisation = "organisation"


FAMILY_NAMES = Labels({Family.eligibility: N_("family.eligibility"),
                       Family.partner_composition: N_("family.partner_composition"),
                       Family.concreteness: N_("family.concreteness"), Family.financial: N_("family.financial"),
                       Family.organisation: N_("family.organisation")})


class Severity(str, Enum):
    knockout = "knockout"  # eligibility knock-out: a failure makes the plan ineligible
    assessment = "assessment"  # a failure gives a negative advice
    advisory = "advisory"  # a failure is reported but does not change the outcome


class Confidence(str, Enum):
    verified = "verified"
    assumed = "assumed"


class FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Localized(FileModel):
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Basis(FileModel):
    source: str = Field(min_length=1, description="a source id from rulebooks/bronnen.yaml")
    section: str = Field(min_length=1, description="locator in that source: article, section, page "
                                                   "('artikel onbekend' where the article is not known)")
    confidence: Confidence
    quote: str | None = None
    url: str | None = None
    note: str | None = None
    # Filled in by the loader from the bibliography (the source's citation as a person writes it);
    # a rulebook file does not write it.
    citation: str | None = None


class LegalSource(FileModel):
    citation: str
    url: str | None = None
    kind: Literal["regulation", "amendment", "policy_letter"] = "regulation"
    source: str | None = Field(default=None, description="the source id in rulebooks/bronnen.yaml")


ParamType = Literal["money", "percentage", "date", "count", "factor", "hours", "year"]
PARAM_UNITS = {"money": "money", "percentage": "share", "date": "day", "count": "count", "factor": "factor",
               "hours": "minutes", "year": "year"}


class Parameter(FileModel):
    type: ParamType
    value: Any
    description: Localized
    basis: Basis


class ScheduleEntry(FileModel):
    """A date the rulebook knows that no rule tests: report deadlines, the next round (for letters)."""

    date: dt.date
    description: Localized
    basis: Basis


class Formula(FileModel):
    """A named computation (e.g. the regional funding maximum) that conditions may use by name.

    It is inlined into the engine's conditions at compile time; `sto funding` shows it term by term.
    """

    expression: str
    unit: Literal["money", "count", "share", "day", "minutes"]
    description: Localized


class Messages(FileModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)
    pass_: Localized = Field(alias="pass")
    fail: Localized
    not_applicable: Localized | None = None


class Remediation(FileModel):
    """How to pass: the plan field(s) to change and, where a number decides, how much."""

    fields: list[str] = Field(min_length=1, description="plan field paths the region changes, e.g. "
                              "'budget.cofinancing' or, in a for_each rule, 'partners[].cooperation_agreement.signed'")
    gap: str | None = Field(None, description="expression for how much must change; evaluated only when the rule "
                                              "fails; leave out for yes/no rules")
    unit: Literal["money", "count", "share", "day", "minutes"] | None = None
    message: Localized


class Rule(FileModel):
    id: str = Field(pattern=r"^[A-Z]{2,6}-[0-9]{2}[a-z]?$")
    family: Family
    severity: Severity
    title: Localized
    basis: Basis
    for_each: Literal["partner", "activity", "milestone", "cost_line", "offer_decision"] | None = None
    applies_when: str | None = None
    condition: str
    messages: Messages
    remediation: Remediation | None = None


class RulebookFile(FileModel):
    """One version as written in YAML; `extends` names an earlier version of the same rulebook."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    version: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    title: str
    summary: Localized | None = None
    legal_source: LegalSource
    valid_from: dt.date
    valid_to: dt.date | None = None
    extends: str | None = None
    changes: list[Localized] = []
    parameters: dict[str, Parameter] = {}
    remove_parameters: list[str] = []
    formulas: dict[str, Formula] = {}
    remove_formulas: list[str] = []
    schedule: dict[str, ScheduleEntry] = {}
    remove_schedule: list[str] = []
    rules: list[dict[str, Any]] = []  # full rules, or partial overrides of an inherited rule (merged, then checked)
    remove_rules: list[str] = []


# ---------------------------------------------------------------- resolved, compiled form


@dataclass(frozen=True)
class ParamValue:
    name: str
    type: str
    unit: str
    engine_value: int | float
    source_value: Any
    spec: Parameter


@dataclass(frozen=True)
class CheckedRule:
    spec: Rule
    condition: Cond
    applies: Cond | None
    gap: Value | None
    facts: tuple[FactRef, ...]  # read by applies_when and condition
    params: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def assumed(self) -> bool:
        return self.spec.basis.confidence == Confidence.assumed


@dataclass(frozen=True)
class CheckedFormula:
    name: str
    spec: Formula
    value: Value  # parsed, with parameters folded in


@dataclass(frozen=True)
class Rulebook:
    id: str
    version: str
    title: str
    legal_source: LegalSource
    valid_from: dt.date
    valid_to: dt.date | None
    files: tuple[str, ...]  # the chain of files it was resolved from, base first
    parameters: dict[str, ParamValue]
    rules: tuple[CheckedRule, ...]
    resolved: JSONObject  # canonical resolved content (what the hash covers)
    sha256: str
    summary: Localized | None = None
    changes: tuple[Localized, ...] = field(default=())
    schedule: dict[str, ScheduleEntry] = field(default_factory=dict)
    formulas: dict[str, CheckedFormula] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def rule(self, rule_id: str) -> CheckedRule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)
