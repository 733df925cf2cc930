"""Rule coverage: which scenarios show each rule of each rulebook version passing, failing and
needing review, as the engine actually reported it.

A scenario covers (version, rule, status) when it ran without error, checked that status of
that rule with a `Dan` step, and names the rule in a tag (`@regel:FIN-04`). Tags and checks
must agree: a tag for a rule the scenario never checks, or a check of a rule without its tag,
is reported as a problem.

Every rule needs a scenario where it passes and one where it does not: `fail` for rules with a
verified basis; `needs_review` for rules marked `assumed`, which can never fail (the verdict
turns their failure into a committee review). A verified rule that reads a fact that may be
missing (e.g. the co-financing share when there are no costs) can also need review, and then
needs a scenario for that too.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.assess import Assessor
from engine.facts.catalogue import CATALOGUE, PLAN
from engine.rulebook import CheckedRule, Rulebook
from engine.rulebook import messages as msg

from .context import FEATURES_DIR, Observation, ScenarioContext
from .reader import Scenario, feature_files, read_feature
from .values import LABEL_BY_STATUS, CheckFailed, ScenarioError
from .vocabulary import run_step

STATUSES = ("pass", "fail", "needs_review", "not_applicable")


@dataclass
class ScenarioResult:
    scenario: Scenario
    observations: list[Observation] = field(default_factory=list)
    error: str | None = None
    tag_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.tag_problems


def run_scenario(assessor: Assessor, scenario: Scenario) -> ScenarioResult:
    ctx = ScenarioContext(assessor)
    result = ScenarioResult(scenario)
    for s in scenario.steps:
        try:
            run_step(ctx, s.keyword_type, s.text, s.table)
        except (ScenarioError, CheckFailed) as exc:
            result.error = f"regel {s.line}: {exc}"
            return result
        except Exception as exc:  # noqa: BLE001 - one broken scenario must not stop the coverage of the others
            result.error = f"regel {s.line}: interne fout ({type(exc).__name__}: {exc}); meld dit met het scenario erbij"
            return result
    result.observations = list(ctx.observations)
    result.tag_problems = tag_problems(scenario.tagged_rules, ctx.observations)
    return result


def tag_problems(tagged: frozenset[str] | set[str], observations: list[Observation]) -> list[str]:
    checked = {o.rule_id for o in observations}
    problems = [f"de tag @regel:{r} noemt een regel waarvan het scenario de status niet controleert"
                for r in sorted(tagged - checked)]
    problems += [f"het scenario controleert regel {r} maar noemt die niet in een tag; voeg @regel:{r} toe"
                 for r in sorted(checked - tagged)]
    return problems


def required_statuses(rule: CheckedRule) -> tuple[str, ...]:
    """The statuses a rule must be shown in: pass, and fail or (for assumed rules) needs_review."""
    if rule.assumed:
        return ("pass", "needs_review")
    reads_optional = any(ref.owner == PLAN and CATALOGUE[PLAN].get(ref.name) is not None
                         and CATALOGUE[PLAN][ref.name].optional for ref in rule.facts)
    return ("pass", "fail", "needs_review") if reads_optional else ("pass", "fail")


@dataclass
class CoverageReport:
    books: list[Rulebook]
    results: list[ScenarioResult]
    # (version ref, rule id, status) -> scenarios covering it
    cells: dict[tuple[str, str, str], list[Scenario]]
    gaps: list[tuple[str, str, str]]  # (version ref, rule id, status)
    read_errors: list[str]

    @property
    def failed(self) -> list[ScenarioResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.gaps and not self.failed and not self.read_errors

    def gaps_by_rule(self) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for ref, rule_id, status in self.gaps:
            out[rule_id].append((ref, status))
        return dict(out)


def run_coverage(assessor: Assessor | None = None, features: Path = FEATURES_DIR,
                 progress: Callable[[list[Scenario]], Iterable[Scenario]] | None = None) -> CoverageReport:
    assessor = assessor or Assessor()
    read_errors: list[str] = []
    scenarios: list[Scenario] = []
    if not features.is_dir():
        read_errors.append(f"de map {features} met feature-bestanden bestaat niet")
    for path in feature_files(features):
        # one broken file is reported; the scenarios of the others still count
        try:
            scenarios += read_feature(path.resolve(), features.resolve().parent)
        except ScenarioError as exc:
            read_errors.append(str(exc))
    iterator = progress(scenarios) if progress else scenarios
    results = [run_scenario(assessor, s) for s in iterator]
    return build_report(assessor.library.books, results, read_errors)


def build_report(books: list[Rulebook], results: list[ScenarioResult], read_errors: list[str]) -> CoverageReport:
    cells: dict[tuple[str, str, str], list[Scenario]] = defaultdict(list)
    for r in results:
        if not r.ok:
            continue
        tagged = r.scenario.tagged_rules
        for o in dict.fromkeys(r.observations):
            if o.rule_id in tagged and r.scenario not in cells[(o.version, o.rule_id, o.status)]:
                cells[(o.version, o.rule_id, o.status)].append(r.scenario)
    gaps = [(b.ref, rule.id, status) for b in books for rule in b.rules for status in required_statuses(rule)
            if not cells.get((b.ref, rule.id, status))]
    return CoverageReport(list(books), results, dict(cells), gaps, read_errors)


# ---------------------------------------------------------------- presenting it


def as_json(report: CoverageReport) -> dict[str, Any]:
    versions = []
    for b in report.books:
        rules = []
        for rule in b.rules:
            required = required_statuses(rule)
            rules.append({
                "rule_id": rule.id, "assumed": rule.assumed, "required": list(required),
                "statuses": {s: [{"feature": sc.feature, "line": sc.line, "scenario": sc.name}
                                 for sc in report.cells.get((b.ref, rule.id, s), [])] for s in STATUSES},
                "gaps": [s for s in required if not report.cells.get((b.ref, rule.id, s))],
            })
        versions.append({"version": b.ref, "rules": rules})
    return {
        "ok": report.ok,
        "scenarios": len(report.results),
        "failed_scenarios": [{"feature": r.scenario.feature, "line": r.scenario.line, "scenario": r.scenario.name,
                              "error": r.error, "tag_problems": r.tag_problems} for r in report.failed],
        "read_errors": report.read_errors,
        "gaps": [{"version": v, "rule_id": rule, "status": s} for v, rule, s in report.gaps],
        "versions": versions,
    }


def ordered_rule_ids(books: list[Rulebook]) -> list[str]:
    # grouped by family in the order the rulebooks list them, then by number (ELIG-02 before ELIG-07)
    ids = list(dict.fromkeys(rule.id for b in books for rule in b.rules))
    families = list(dict.fromkeys(i.rsplit("-", 1)[0] for i in ids))
    return sorted(ids, key=lambda i: (families.index(i.rsplit("-", 1)[0]),
                                      int(i.rsplit("-", 1)[1]) if i.rsplit("-", 1)[1].isdigit() else 0, i))


def render_text(report: CoverageReport, with_scenarios: bool = True) -> str:
    short = {b.ref: b.version for b in report.books}
    refs = [b.ref for b in report.books]
    rule_ids = ordered_rule_ids(report.books)
    rules_by_ref = {b.ref: {rule.id: rule for rule in b.rules} for b in report.books}
    passed = sum(1 for r in report.results if r.ok)
    lines = [f"Dekking van de regels door de scenario's: {len(report.results)} scenario's, {passed} geslaagd.",
             "Per regel, uitkomst en versie: het aantal scenario's dat die uitkomst laat zien.",
             "  ONTBREEKT = vereist maar geen scenario;  - = niet vereist en geen scenario;  "
             "x = de regel bestaat niet in deze versie.",
             "  Regels met [aanname] kunnen niet 'voldoet niet' geven; daar is 'beoordeling nodig' de andere kant.",
             ""]
    width = max(len(short[r]) for r in refs) + 2
    lines.append(f"{'regel':<18}{'uitkomst':<21}" + "".join(f"{short[r]:>{width}}" for r in refs))
    for rule_id in rule_ids:
        assumed = any(rules_by_ref[r].get(rule_id) is not None and rules_by_ref[r][rule_id].assumed for r in refs)
        label = f"{rule_id}{' [aanname]' if assumed else ''}"
        for i, status in enumerate(STATUSES):
            cells = []
            for ref in refs:
                rule = rules_by_ref[ref].get(rule_id)
                covered = len(report.cells.get((ref, rule_id, status), []))
                if rule is None:
                    cells.append("x")
                elif covered:
                    cells.append(str(covered))
                elif status in required_statuses(rule):
                    cells.append("ONTBREEKT")
                else:
                    cells.append("-")
            lines.append(f"{label if i == 0 else '':<18}{LABEL_BY_STATUS[status]:<21}"
                         + "".join(f"{c:>{width}}" for c in cells))
    if with_scenarios:
        lines += ["", "Dekkende scenario's (een Abstract Scenario eenmaal, met de versies van zijn Voorbeelden):"]
        for rule_id in rule_ids:
            for status in STATUSES:
                by_template: dict[tuple[str, int, str], list[str]] = defaultdict(list)
                for ref in refs:
                    for sc in report.cells.get((ref, rule_id, status), []):
                        versions = by_template[(sc.feature, sc.template_line or sc.line, sc.template_name or sc.name)]
                        if short[ref] not in versions:
                            versions.append(short[ref])
                if not by_template:
                    continue
                lines.append(f"  {rule_id} {LABEL_BY_STATUS[status]}:")
                existing = [ref for ref in refs if rule_id in rules_by_ref[ref]]
                for (feature, line, name), versions in by_template.items():
                    which = "alle versies" if len(versions) == len(existing) > 1 else ", ".join(versions)
                    lines.append(f"    {feature}:{line}  {name}  ({which})")
    lines.append("")
    if report.read_errors:
        lines.append("Feature-bestanden die niet te lezen zijn:")
        lines += [f"  {e}" for e in report.read_errors]
    if report.failed:
        lines.append(f"{len(report.failed)} scenario('s) mislukt (die tellen niet mee voor de dekking):")
        for r in report.failed:
            lines.append(f"  {r.scenario.where}  {r.scenario.name}")
            for problem in ([r.error] if r.error else []) + r.tag_problems:
                lines += [f"      {part}" for part in problem.splitlines()]
    if report.gaps:
        lines.append(msg.render("Gaten: {n, plural, one {# combinatie} other {# combinaties}} van regel, versie en "
                                "uitkomst zonder scenario:", "nl", n=len(report.gaps)))
        for rule_id, missing in report.gaps_by_rule().items():
            by_status: dict[str, list[str]] = defaultdict(list)
            for ref, status in missing:
                by_status[status].append(short[ref])
            for status, versions in by_status.items():
                lines.append(f"  {rule_id}: geen scenario waarin de regel '{LABEL_BY_STATUS[status]}' is, "
                             f"in versie {', '.join(versions)}")
        lines.append("Schrijf een scenario met de tag @regel:<id> dat die uitkomst laat zien "
                     "(docs/gherkin-stappen.md).")
    if report.ok:
        lines.append(f"Geen gaten: elke regel van elke versie ({len(refs)}) heeft een scenario waarin hij voldoet "
                     f"en een waarin hij niet voldoet of beoordeling nodig heeft.")
    return "\n".join(lines)
