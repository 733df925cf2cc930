"""`sto coverage`: which scenarios in features/ show each rule of each rulebook version passing,
failing and needing review, and the gaps. Exit 0 without gaps, 1 with gaps or failing scenarios.

`sto coverage --mutanten`: the mutation run (engine/policy/mutation.py). Exit 0 when every mutant
that can change an outcome is noticed by a scenario, 1 otherwise."""
from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "coverage", help="dekking van de regels door de Nederlandse scenario's in features/ (regel x uitkomst x versie)",
        description="Voer elk scenario in features/ uit met de rule engine en toon per regel, uitkomst en "
                    "regelboekversie de scenario's die dat laten zien, en de gaten: een regel zonder scenario waarin "
                    "hij voldoet, of zonder scenario waarin hij niet voldoet (beoordeling nodig bij regels die op een "
                    "aanname rusten). Exitcode 0 als er geen gaten zijn en elk scenario slaagt, anders 1. "
                    "Scenario's schrijven: docs/gherkin-stappen.md.")
    p.add_argument("--features", metavar="MAP",
                   help="map met .feature-bestanden (standaard: features/ van het project)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer: text (standaard) of json")
    p.add_argument("--summary", action="store_true",
                   help="alleen de tabel en de gaten, zonder de scenario's per regel")
    p.add_argument("-o", "--output", metavar="BESTAND", help="schrijf naar dit bestand in plaats van naar het scherm")
    m = p.add_argument_group(
        "mutatietest", "--mutanten: verander het regelboek telkens op één punt (parameter of datum één eenheid, "
                       "vergelijking omgedraaid, deel van een voorwaarde weggelaten, andere ernst) en kijk of een "
                       "scenario dat opmerkt; exitcode 0 als elke mutant die een uitkomst kan veranderen wordt "
                       "opgemerkt (docs/gherkin-stappen.md, Mutatietest)")
    m.add_argument("--mutanten", action="store_true", help="draai de mutatietest in plaats van de dekking")
    m.add_argument("--mutant", metavar="TEKST", action="append",
                   help="alleen mutanten waarvan de naam deze tekst bevat (mag vaker; bv. --mutant FIN-04)")
    m.add_argument("--werkers", metavar="N", type=int, default=1,
                   help="aantal processen naast elkaar (standaard 1)")
    m.add_argument("--equivalent", metavar="BESTAND",
                   help="lijst van equivalente mutanten (standaard: features/mutanten-equivalent.yaml)")
    m.add_argument("--alle", action="store_true", help="toon elke mutant met zijn uitslag, niet alleen de overlevers")
    p.set_defaults(func=cmd_coverage)


def cmd_coverage(args: argparse.Namespace) -> int:
    from engine.assess import Assessor
    from engine.cli_helpers import library, out
    from engine.progress import iterate

    from .context import FEATURES_DIR
    from .coverage import as_json, render_text, run_coverage

    folder = Path(args.features) if args.features else FEATURES_DIR
    if not folder.is_dir():
        from engine.errors import StoError
        from engine.i18n import both

        raise StoError.said(both("coverage.no_features", folder=folder))

    def progress(items: Iterable[T]) -> Iterable[T]:
        return iterate(items, "scenario's", "scenario")

    if args.mutanten:
        return _cmd_mutation(args, folder)
    report = run_coverage(Assessor(library(args)), folder, progress=progress)
    if args.format == "json":
        out(json.dumps(as_json(report), ensure_ascii=False, indent=2), args.output)
    else:
        out(render_text(report, with_scenarios=not args.summary), args.output)
    return 0 if report.ok else 1


def _cmd_mutation(args: argparse.Namespace, folder: Path) -> int:
    from engine.cli_helpers import out
    from engine.errors import StoError
    from engine.i18n import both
    from engine.progress import iterate

    from .mutation import EQUIVALENT_FILE, as_json, render_text, run_mutation, select_matching

    if args.werkers < 1:
        raise StoError.said(both("mutation.workers_at_least_one", workers=args.werkers))
    equivalents = Path(args.equivalent) if args.equivalent else EQUIVALENT_FILE
    if args.equivalent and not equivalents.is_file():
        raise StoError.said(both("mutation.no_equivalents_file", path=equivalents))

    def progress(items: Iterable[T]) -> Iterable[T]:
        return iterate(items, "mutanten", "mutant")

    report = run_mutation(args.rulebooks, folder, equivalents,
                          select=select_matching(args.mutant) if args.mutant else None,
                          workers=args.werkers, progress=progress)
    if args.mutant and not report.results:
        names = [repr(t) for t in args.mutant]
        raise StoError.said(both("mutation.no_mutant_matches", names={"nl": " of ".join(names), "en": " or ".join(names)}))
    if args.format == "json":
        out(json.dumps(as_json(report), ensure_ascii=False, indent=2), args.output)
    else:
        out(render_text(report, verbose=args.alle), args.output)
    return 0 if report.ok else 1
