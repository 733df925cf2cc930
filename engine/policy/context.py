"""The state of one scenario: the plan being changed, the chosen rulebook version or date, the
engine's verdict once a `Dan` step asks for it, and what the scenario checked.

The verdict always comes from the real pipeline (`engine.assess.Assessor`): the plan the scenario
built is validated by the plan loader, turned into facts and run on durable-rules. A scenario only
compares what the engine reported with what it expects.
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from engine.assess import Assessment, Assessor
from engine.errors import StoError
from engine.plan import load_plan, load_plan_text

from .values import ScenarioError

if TYPE_CHECKING:
    from engine.verdict.model import Finding, Verdict

    from .vocabulary import CommitteeState

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FEATURES_DIR = PROJECT_ROOT / "features"
# Named plans a scenario can start from: the scenario base plans first, then the example plans.
PLAN_DIRS = (FEATURES_DIR / "plannen", PROJECT_ROOT / "examples" / "plans")


@dataclass(frozen=True)
class Observation:
    """One rule status a scenario checked and the engine reported."""

    rule_id: str
    status: str
    version: str  # rulebook ref, e.g. sto-2020-2023@2022-07-07


@dataclass
class ScenarioContext:
    assessor: Assessor
    plan: dict[str, Any] | None = None
    plan_name: str = ""
    rulebook: str | None = None
    as_of: dt.date | None = None
    _assessment: Assessment | None = None
    observations: list[Observation] = field(default_factory=list)
    named_rules: set[str] = field(default_factory=set)  # rules any step named (for "alle andere regels")
    steps_done: int = 0
    committee: CommitteeState | None = None  # the committee's store, once a step pre-screened the plan

    # ---------------------------------------------------------------- building the plan

    def start(self, name: str) -> None:
        self.plan = copy.deepcopy(_named_plan(name))
        self.plan_name = name
        self.changed()

    def require_plan(self) -> dict[str, Any]:
        if self.plan is None:
            raise ScenarioError('begin het scenario met een plan, bijvoorbeeld: Gegeven het voorbeeldplan '
                                '"basisplan-2020-2023"')
        return self.plan

    def changed(self) -> None:
        # any change after a check means the next check assesses the changed plan
        self._assessment = None

    def choose_version(self, ref: str) -> None:
        self.rulebook = self.resolve_version(ref)
        self.changed()

    def choose_date(self, day: dt.date) -> None:
        self.as_of = day
        self.rulebook = None
        self.changed()

    def resolve_version(self, ref: str) -> str:
        books = self.assessor.library.books
        hits = [b.ref for b in books if b.ref == ref or ("@" not in ref and b.version == ref)]
        if len(hits) != 1:
            known = ", ".join(b.ref for b in books)
            raise ScenarioError(f"onbekende regelversie '{ref}'; bekende versies: {known} "
                                f"(of alleen de datum, zoals 2022-07-07)")
        return hits[0]

    # ---------------------------------------------------------------- the engine's answer

    def assessment(self) -> Assessment:
        if self._assessment is None:
            plan = self.require_plan()
            raw = orjson.dumps(plan, default=str)
            try:
                loaded = load_plan_text(raw, f"{self.plan_name or 'scenario'}.json")
            except StoError as exc:
                raise ScenarioError(f"het plan dat dit scenario maakt is ongeldig:\n{exc}") from None
            self._assessment = self.assessor.assess(loaded, rulebook=self.rulebook, as_of=self.as_of)
        return self._assessment

    @property
    def verdict(self) -> Verdict:
        return self.assessment().verdict

    @property
    def version(self) -> str:
        book = self.assessment().rulebook
        return book.ref

    def finding(self, rule_id: str) -> Finding:
        self.named_rules.add(rule_id)
        for f in self.verdict.findings:
            if f.rule_id == rule_id:
                return f
        known = ", ".join(f.rule_id for f in self.verdict.findings)
        raise ScenarioError(f"regel {rule_id} komt niet voor in {self.version}; regels in deze versie: {known}")

    def observe(self, rule_id: str, status: str) -> None:
        self.observations.append(Observation(rule_id, status, self.version))


@lru_cache(maxsize=64)
def _named_plan(name: str) -> dict[str, Any]:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ScenarioError(f"'{name}' is geen plannaam; gebruik de bestandsnaam zonder .yaml, "
                            f"zoals \"basisplan-2020-2023\"")
    for folder in PLAN_DIRS:
        for suffix in (".yaml", ".yml", ".json"):
            path = folder / f"{name}{suffix}"
            if path.is_file():
                try:
                    return load_plan(path).data
                except StoError as exc:
                    raise ScenarioError(f"het voorbeeldplan '{name}' is ongeldig:\n{exc}") from None
    known = ", ".join(sorted(p.stem for folder in PLAN_DIRS if folder.is_dir() for p in folder.glob("*.y*ml")))
    raise ScenarioError(f"onbekend voorbeeldplan '{name}'; bekende plannen: {known}")


def known_plans() -> list[str]:
    return sorted(p.stem for folder in PLAN_DIRS if folder.is_dir() for p in folder.glob("*.y*ml"))
