"""Reading the Dutch feature files into concrete scenarios (outlines expanded per Voorbeelden row).

Uses the official Gherkin parser (`gherkin-official`, the one pytest-bdd uses), so `sto coverage`
reads exactly the scenarios pytest runs, in any language the file declares (`# language: nl`).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser
from gherkin.parser_types import GherkinDocument
from gherkin.pickles.compiler import Compiler, GherkinDocumentWithURI, PickleArgumentDataTableEnvelope, PickleStep
from gherkin.token_scanner import TokenScanner

from .values import ScenarioError

STEP_TYPES = {"Context": "given", "Action": "when", "Outcome": "then"}
RULE_TAG = "@regel:"


@dataclass(frozen=True)
class ScenarioStep:
    keyword_type: str  # given / when / then
    text: str
    table: tuple[tuple[str, ...], ...] | None
    line: int


@dataclass(frozen=True)
class Scenario:
    feature: str  # path relative to the features folder's parent, e.g. features/x.feature
    feature_name: str
    name: str
    line: int
    tags: tuple[str, ...]
    steps: tuple[ScenarioStep, ...]
    # the Scenario / Abstract Scenario this one comes from: its line and its name with <placeholders>
    template_line: int = 0
    template_name: str = ""

    @property
    def where(self) -> str:
        return f"{self.feature}:{self.line}"

    @property
    def tagged_rules(self) -> frozenset[str]:
        return frozenset(t[len(RULE_TAG):] for t in self.tags if t.startswith(RULE_TAG))


def feature_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.feature"))


def read_feature(path: Path, relative_to: Path | None = None) -> list[Scenario]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: kan het bestand niet lezen ({exc})") from None
    name = str(path.relative_to(relative_to)) if relative_to else str(path)
    try:
        parsed = Parser().parse(TokenScanner(text))
    except (CompositeParserException, ParserException) as exc:
        raise ScenarioError(f"{name}: geen geldige Gherkin: {exc}") from None
    document: GherkinDocumentWithURI = {**parsed, "uri": name}
    lines = _step_lines(document)
    templates = _scenario_templates(document)
    feature_name = (document.get("feature") or {}).get("name", "")
    scenarios = []
    for pickle in Compiler().compile(document):
        steps = []
        for s in pickle["steps"]:
            steps.append(ScenarioStep(STEP_TYPES.get(s.get("type"), "given"), s["text"], _table_rows(s),
                                      lines.get(s["astNodeIds"][0], 0)))
        template_line, template_name = templates.get(pickle["astNodeIds"][0], (0, pickle["name"]))
        scenarios.append(Scenario(name, feature_name, pickle["name"], pickle.get("location", {}).get("line", 0),
                                  tuple(t["name"] for t in pickle["tags"]), tuple(steps), template_line,
                                  template_name))
    return scenarios


def read_features(folder: Path) -> list[Scenario]:
    base = folder.resolve().parent
    out: list[Scenario] = []
    for path in feature_files(folder):
        out.extend(read_feature(path.resolve(), base))
    return out


def _table_rows(step: PickleStep) -> tuple[tuple[str, ...], ...] | None:
    # gherkin types a step's argument as an empty envelope; one with a data table is its subtype
    table = cast(PickleArgumentDataTableEnvelope, step.get("argument", {})).get("dataTable")
    return tuple(tuple(c["value"] for c in r["cells"]) for r in table["rows"]) if table else None


def _mappings(node: object) -> Iterator[dict[str, Any]]:
    """Every mapping in a Gherkin AST, depth first."""
    children: list[object]
    if isinstance(node, dict):
        yield node
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        return
    for child in children:
        yield from _mappings(child)


def _scenario_templates(document: GherkinDocument) -> dict[str, tuple[int, str]]:
    scenarios = (node.get("scenario") for node in _mappings(document.get("feature")))
    return {s["id"]: (s["location"]["line"], s.get("name", ""))
            for s in scenarios if isinstance(s, dict) and "id" in s}


def _step_lines(document: GherkinDocument) -> dict[str, int]:
    return {node["id"]: node["location"]["line"] for node in _mappings(document.get("feature"))
            if "keyword" in node and "text" in node and "id" in node and "location" in node}
