"""`sto coverage`: which scenarios in features/ show each rule of each rulebook version passing,
failing and needing review, and the gaps. Exit 0 without gaps, 1 with gaps or failing scenarios."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "coverage", help="rule coverage of the Dutch scenarios in features/ (rule x outcome x version)",
        description="Run every scenario in features/ on the rules engine and print, per rule, outcome and "
                    "rulebook version, the scenarios that show it, and the gaps: a rule without a scenario "
                    "where it passes, or without one where it fails (needs review for rules resting on an "
                    "assumption). Exit 0 when there are no gaps and every scenario passes, 1 otherwise. "
                    "How to write scenarios: docs/gherkin-stappen.md.")
    p.add_argument("--features", metavar="DIR", help="folder with .feature files (default: the project's features/)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--summary", action="store_true", help="only the table and the gaps, not the covering scenarios")
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(func=cmd_coverage)


def cmd_coverage(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from cli import _library, _out
    from engine.assess import Assessor

    from .context import FEATURES_DIR
    from .coverage import as_json, render_text, run_coverage

    folder = Path(args.features) if args.features else FEATURES_DIR
    if not folder.is_dir():
        from engine.errors import StoError

        raise StoError(f"{folder}: geen map met feature-bestanden; geef met --features de map met .feature-bestanden "
                       f"(standaard: features/ van het project)")

    def progress(items):
        # tqdm switches itself off when stderr is not a terminal
        return tqdm(items, desc="scenario's", unit="scenario", file=sys.stderr, disable=None, leave=False)

    report = run_coverage(Assessor(_library(args)), folder, progress=progress)
    if args.format == "json":
        _out(json.dumps(as_json(report), ensure_ascii=False, indent=2), args.output)
    else:
        _out(render_text(report, with_scenarios=not args.summary), args.output)
    return 0 if report.ok else 1
