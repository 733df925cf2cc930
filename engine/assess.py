"""The pipeline: plan -> facts -> rules (durable-rules) -> verdict with receipt.

    verdict = assess_file("examples/plans/noord-veluwe-compleet.yaml").verdict

Everything a verdict depends on is named in its receipt: the plan's hash, the rulebook
version and content hash, the compiled ruleset name, and the versions of the engine and
packages. Re-running the same plan with the same rulebook gives the same verdict, bar the
timestamp (`receipt.verdict_sha256` leaves it out).
"""
from __future__ import annotations

import datetime as dt
import gc
import platform
import time
from dataclasses import dataclass, field

from .facts import FactSet, derive_facts
from .funding import funding_summary
from .jsontypes import StrPath
from .plan import LoadedPlan, load_plan
from .rulebook import Library, Rulebook, load_library
from .rules import CompiledRulebook, compile_rulebook, ruleset_for
from .source import code_sha256, package_versions
from .verdict import OUTCOME_LABELS, Outcome, build_findings, family_summaries, outcome_of, seal
from .verdict.model import ChosenBy, Finding, PlanSummary, Receipt, RegulationChoice, RulebookRef, SelectedBy, Text, Verdict


@dataclass
class Assessment:
    verdict: Verdict
    rulebook: Rulebook
    facts: FactSet
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def outcome(self) -> Outcome:
        return self.verdict.outcome

    @property
    def findings(self) -> list[Finding]:
        return self.verdict.findings

    def rules_with(self, status: str) -> list[str]:
        return [f.rule_id for f in self.verdict.findings if f.status == status]


class Assessor:
    """Holds the rulebook library and the compiled rulesets of this process."""

    def __init__(self, library: Library | None = None):
        self.library = library or load_library()
        self._compiled: dict[str, CompiledRulebook] = {}

    def compiled(self, book: Rulebook) -> CompiledRulebook:
        key = f"{book.ref}@{book.sha256}"
        if key not in self._compiled:
            self._compiled[key] = compile_rulebook(book)
        return self._compiled[key]

    def regulation_of(self, loaded: LoadedPlan) -> tuple[str, ChosenBy] | None:
        """(regulation id, how it was chosen): the one the plan names ("plan"), else the one in force
        on its submission date ("submission_date"; the newer where two are in force). None when the
        plan names none and none was in force on its submission date."""
        named = loaded.plan.submission.regulation
        if named:
            return self.library.regulation(named).id, "plan"
        found = self.library.default_regulation(loaded.plan.submission.date)
        return (found.id, "submission_date") if found else None

    @staticmethod
    def _chosen_by(loaded: LoadedPlan) -> ChosenBy:
        return "plan" if loaded.plan.submission.regulation else "submission_date"

    def select(self, loaded: LoadedPlan, rulebook: str | None = None,
               as_of: dt.date | None = None) -> tuple[Rulebook, SelectedBy, dt.date]:
        """The version of the plan's regulation in force on the submission date, unless an explicit
        version or date is asked; a date is always read within the plan's regulation."""
        if rulebook:
            return self.library.get(rulebook), "explicit", as_of or loaded.plan.submission.date
        regulation = self.regulation_of(loaded)
        day = as_of if as_of is not None else loaded.plan.submission.date
        book = self.library.in_force(day, regulation[0] if regulation else None)
        return book, ("as_of" if as_of is not None else "submission_date"), day

    def assess(self, loaded: LoadedPlan, rulebook: str | None = None, as_of: dt.date | None = None,
               now: dt.datetime | None = None) -> Assessment:
        t0 = time.perf_counter()
        book, selected_by, as_of_day = self.select(loaded, rulebook, as_of)
        regulation = self.regulation_of(loaded) if rulebook else (book.id, self._chosen_by(loaded))
        compiled = self.compiled(book)
        facts = derive_facts(loaded.plan)
        t1 = time.perf_counter()
        firings = ruleset_for(compiled).evaluate(facts.engine_facts(compiled.item_types))
        t2 = time.perf_counter()
        findings = build_findings(book, compiled, facts, firings)
        t_findings = time.perf_counter()
        outcome = outcome_of(findings)
        plan = loaded.plan
        verdict = Verdict(
            schema_version="1.0",
            outcome=outcome,
            outcome_label=Text(**OUTCOME_LABELS[outcome]),
            plan=PlanSummary(region=plan.region.name, region_kind=plan.region.kind.value,
                             lead_applicant=plan.lead_applicant.board,
                             submission_date=plan.submission.date.isoformat(), round=plan.submission.round),
            findings=findings,
            families=family_summaries(findings),
            funding=funding_summary(book, facts, plan, compiled.funding),
            receipt=Receipt(
                plan_sha256=loaded.sha256,
                plan_source=loaded.source,
                rulebook=RulebookRef(id=book.id, version=book.version, sha256=book.sha256, title=book.title,
                                     legal_source=book.legal_source.citation,
                                     files=[_relative(f) for f in book.files]),
                ruleset=compiled.name,
                regulation=RegulationChoice(id=regulation[0], chosen_by=regulation[1]) if regulation else None,
                selected_by=selected_by,
                as_of=as_of_day.isoformat(),
                engine={"name": "durable-rules", "version": package_versions()["durable-rules"]},
                packages=package_versions(),
                python=platform.python_version(),
                code_sha256=code_sha256(),
                timestamp=(now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
                verdict_sha256="",
            ),
        )
        t_seal = time.perf_counter()
        verdict = seal(verdict)
        t3 = time.perf_counter()
        # seconds per step; `prepare` is version selection (compiling on first use) and the facts
        return Assessment(verdict, book, facts, {"prepare": t1 - t0, "engine": t2 - t1, "findings": t_findings - t2,
                                                 "verdict": t_seal - t_findings, "seal": t3 - t_seal})


def settle_heap() -> None:
    """Take what is alive now (rulebooks, compiled rulesets, schemas, templates, modules) out of
    the cyclic garbage collector's sight. Call once a long-running process is ready to work.

    Why: each plan leaves thousands of short-lived containers, and every few dozen plans the
    collector's full pass walks every live object again: ~15-30 ms on this machine kind, which
    showed as a pause every ~20 YAML plans (p99 68 ms against a 8 ms median). Frozen objects are
    never collected, which is what a process's startup state should be anyway.
    """
    gc.collect()
    gc.freeze()


def _relative(path: str) -> str:
    # receipts name rulebook files relative to the rulebook folder, so they do not leak machine paths
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


_DEFAULT: Assessor | None = None


def default_assessor() -> Assessor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Assessor()
    return _DEFAULT


def assess_file(path: StrPath, rulebook: str | None = None, as_of: dt.date | None = None,
                assessor: Assessor | None = None) -> Assessment:
    return (assessor or default_assessor()).assess(load_plan(path), rulebook=rulebook, as_of=as_of)
