"""`sto`: the command line of sto-toets (the console script; the top-level cli.py runs it too).

Exit codes (documented in README and docs/cli.md):
    0  the plan gets a positive advice (or the command succeeded)
    1  the plan does not get a positive advice (ineligible, negative advice, committee review)
    2  input error: unreadable plan, rulebook or verdict, unknown version, bad arguments
    3  internal error: the rules engine misbehaved; please report it with the input

Errors are printed Dutch first, with the English message once in brackets (engine/errors_nl.py);
`--lang en` (before or after the command) or STO_LANG=en prints them in English only.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .argparse_nl import LANG_ENV, DutchArgumentParser, english_wanted
from .cli_helpers import library, out, parse_date, read_verdict, starting

if TYPE_CHECKING:
    from .errors import StoError
    from .rulebook.model import Rulebook

EXIT_POSITIVE, EXIT_NOT_POSITIVE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
ALL = object()  # build_parser(command=ALL): every feature module registers its commands (tests, docs)


def cmd_assess(args: argparse.Namespace) -> int:
    with starting():
        from .assess import Assessor
        from .plan import load_plan
        from .verdict.model import Outcome
        from .verdict.render import render_text

        if args.output:  # before assessing (and storing): a path that cannot be written is refused first
            from .files import check_output

            check_output(args.output, "oordeel.json" if args.format == "json" else "oordeel.txt")
        assessor = Assessor(library(args))
    loaded = load_plan(args.plan, max_bytes=args.max_bytes)
    result = assessor.assess(loaded, rulebook=args.rulebook, as_of=args.as_of)
    if args.store:
        from .store.cli import store_cli_assessment

        store_cli_assessment(loaded, result.verdict)
    if args.format == "json":
        out(json.dumps(result.verdict.to_json(), ensure_ascii=False, indent=2), args.output, "oordeel.json")
    else:
        colour = args.output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        out(render_text(result.verdict, lang=args.lang, colour=colour, verbose=args.verbose), args.output,
             "oordeel.txt")
    return EXIT_POSITIVE if result.outcome is Outcome.positive_advice else EXIT_NOT_POSITIVE


def cmd_explain(args: argparse.Namespace) -> int:
    from .verdict.render import explain

    if args.output:
        from .files import check_output

        check_output(args.output, "uitleg.txt")
    out(explain(read_verdict(args.verdict), args.rule, args.lang), args.output)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    if args.what == "plan":
        from .plan import plan_json_schema

        schema = plan_json_schema()
    else:
        from .verdict import verdict_json_schema

        schema = verdict_json_schema()
    out(json.dumps(schema, ensure_ascii=False, indent=2), args.output, f"{args.what}.schema.json")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .errors import StoError
    from .files import write_output
    from .plan import INIT_TEMPLATE

    if args.path == "-":
        sys.stdout.write(INIT_TEMPLATE)
        return 0
    target = Path(args.path)
    if target.exists() and not target.is_dir() and not args.force:
        from .i18n import both

        raise StoError.said(both("cli.exists_force", target=target))
    write_output(target, INIT_TEMPLATE, "plan.yaml")
    print(f"Sjabloon geschreven naar {target}. Vul het in en controleer het met: sto assess {target}")
    return 0


def cmd_rulebooks(args: argparse.Namespace) -> int:
    if args.action == "diff":
        from .diff.cli import cmd_diff
        from .errors import StoError

        if not (args.ref and args.ref2):
            from .i18n import both

            raise StoError.said(both("cli.diff_needs_two",
                                     example="sto rulebooks diff sto-2020-2023@2021-05-27 sto-2020-2023@2022-07-07"))
        args.a, args.b = args.ref, args.ref2
        return cmd_diff(args)
    lib = library(args)
    if args.action == "list":
        # Per regulation, each with its own validity: two regulations can be in force at once.
        rows: list[str | None] = []  # None: no blank line before the first regulation
        for reg in lib.regulations.values():
            rows += ["" if rows else None, f"regeling {reg.id}: geldig {reg.valid_from} t/m {reg.valid_to or '—'} "
                                           f"({reg.versions[0].legal_source.citation})",
                     f"  {'versie':<30} {'geldig van':<11} {'tot en met':<11} {'regels':>6}  titel"]
            for b in reg.versions:
                rows.append(f"  {b.ref:<30} {b.valid_from.isoformat():<11} "
                            f"{(b.valid_to.isoformat() if b.valid_to else '—'):<11} {len(b.rules):>6}  {b.title}")
        out("\n".join(r for r in rows if r is not None), None)
    elif args.action == "validate":
        from .rules import compile_rulebook

        for b in lib.books:
            compiled = compile_rulebook(b)
            print(f"ok  {b.ref}  {len(b.rules)} regels -> {len(compiled.ruleset)} engine-regels  sha256 {b.sha256[:16]}")
        from .rulebook import messages as msg

        print(msg.render("{n, plural, one {# versie is} other {# versies zijn}} geldig; binnen elke regeling sluiten "
                         "de geldigheidsperioden zonder gat of overlap op elkaar aan.", "nl", n=len(lib.books)))
    else:
        if not args.ref:
            from .errors import StoError
            from .i18n import both

            raise StoError.said(both("cli.show_needs_version", example="sto rulebooks show sto-2020-2023@2018-09-13"))
        b = lib.get(args.ref)
        if args.format == "json":
            out(json.dumps({**b.resolved, "sha256": b.sha256, "files": list(b.files)}, ensure_ascii=False, indent=2,
                            default=str), None)
            return 0
        lines = render_rulebook(b, args.lang)
        out("\n".join(lines), None)
    return 0


def render_rulebook(b: Rulebook, lang: str = "nl") -> list[str]:
    """`sto rulebooks show`: a version's parameters and its rules per criterion family, in words a reader
    knows (the parameter names stay: the conditions use them)."""
    from . import units
    from .i18n import tr
    from .rulebook.model import FAMILY_NAMES
    from .verdict.model import SEVERITY_LABELS
    from .verdict.render import words

    w = words(lang)
    valid = tr("rulebook.show.valid", lang, start=b.valid_from, end=b.valid_to or "—")
    when = tr("rulebook.show.when", lang)
    lines = [f"{b.title}", f"{b.ref}  ({b.legal_source.citation}{', ' + b.legal_source.url if b.legal_source.url else ''})",
             f"{valid}; sha256 {b.sha256}", "", "Parameters:"]
    for p in b.parameters.values():
        description = getattr(p.spec.description, lang)
        lines.append(f"  {p.name:<28} {units.display(p.unit, p.engine_value, lang):<16} {description}"
                     f"  ({w[p.spec.basis.confidence.value]})")
    lines += ["", tr("rulebook.show.rules", lang)]
    for family, names in FAMILY_NAMES.items():
        rules = [r for r in b.rules if r.spec.family == family]
        if not rules:
            continue
        lines.append(f"  {names[lang]}")
        for r in rules:
            s = r.spec
            assumed = f"  ({w['assumed']})" if r.assumed else ""
            lines.append(f"    {s.id:<8} {SEVERITY_LABELS[s.severity.value][lang]:<12} {getattr(s.title, lang)}{assumed}")
            lines.append(f"             {when}: {' '.join(s.condition.split())}")
    return lines


def build_parser(english: bool = False, command: str | None | object = ALL) -> argparse.ArgumentParser:
    """The whole command line; `command`: the command about to run (from `command_of`), whose
    feature module alone is imported, or ALL."""
    p = DutchArgumentParser(prog="sto", english=english,
                            description="Toets regionale plannen Sterk Techniekonderwijs aan de regeling.")
    p.add_argument("--rulebooks", metavar="MAP", help="map met regelboeken (standaard: rulebooks/ van het project)")
    p.add_argument("--lang", dest="error_lang", choices=["nl", "en"], default=None,
                   help="taal van foutmeldingen: nl (standaard; het Engels volgt tussen haakjes) of en "
                        f"(alleen Engels); ook te kiezen met {LANG_ENV}=en of met de --lang van de opdracht zelf")
    sub = p.add_subparsers(dest="command", required=True, metavar="OPDRACHT",
                           title="opdrachten" if not english else "commands")

    a = sub.add_parser("assess", help="toets een plan en toon het oordeel")
    a.add_argument("plan", help="planbestand (YAML of JSON)")
    a.add_argument("--format", choices=["text", "json"], default="text",
                   help="text: leesbaar (standaard); json: het oordeel in JSON (schema: `sto schema verdict`)")
    a.add_argument("--lang", choices=["nl", "en"], default="nl",
                   help="taal van het oordeel en van foutmeldingen: nl (standaard) of en")
    a.add_argument("--rulebook", metavar="ID@VERSIE",
                   help="gebruik deze versie van het regelboek in plaats van de versie die op de indieningsdatum geldt")
    a.add_argument("--as-of", type=parse_date, metavar="DATUM",
                   help="gebruik de versie van de regeling van het plan die op deze datum geldt (JJJJ-MM-DD)")
    a.add_argument("--max-bytes", type=int, default=None, metavar="N",
                   help="weiger planbestanden groter dan N bytes (standaard 2 MB)")
    a.add_argument("-v", "--verbose", action="store_true",
                   help="toon de melding van elke regel, niet alleen van de regels die niet voldoen")
    a.add_argument("-o", "--output", metavar="BESTAND", help="schrijf naar dit bestand in plaats van naar het scherm")
    a.add_argument("--store", action="store_true",
                   help="bewaar de beoordeling ook in de auditopslag ($STO_DATABASE_URL), als adviserende zelfcheck")
    a.set_defaults(func=cmd_assess)

    e = sub.add_parser("explain", help="leg een bewaard oordeel uit, regel voor regel, tot op de velden van het plan")
    e.add_argument("verdict", help="oordeel in JSON, geschreven door `sto assess --format json`")
    e.add_argument("--rule", metavar="ID", help="leg alleen deze regel uit (bijvoorbeeld FIN-04)")
    e.add_argument("--lang", choices=["nl", "en"], default="nl",
                   help="taal van de uitleg en van foutmeldingen: nl (standaard) of en")
    e.add_argument("-o", "--output", metavar="BESTAND", help="schrijf naar dit bestand in plaats van naar het scherm")
    e.set_defaults(func=cmd_explain)

    s = sub.add_parser("schema", help="toon het JSON Schema van planbestanden of van oordelen")
    s.add_argument("what", choices=["plan", "verdict"], help="`plan`: planbestanden; `verdict`: oordelen")
    s.add_argument("-o", "--output", metavar="BESTAND", help="schrijf naar dit bestand in plaats van naar het scherm")
    s.set_defaults(func=cmd_schema)

    i = sub.add_parser("init", help="schrijf een Nederlands plansjabloon met toelichting")
    i.add_argument("path", nargs="?", default="plan.yaml",
                   help="waar het sjabloon komt (standaard plan.yaml; '-' voor het scherm)")
    i.add_argument("--force", action="store_true", help="overschrijf het bestand als het al bestaat")
    i.set_defaults(func=cmd_init)

    r = sub.add_parser("rulebooks", help="regelboekversies: overzicht (`list`), één versie (`show`), controle "
                                         "(`validate`), verschillen (`diff`)")
    r.add_argument("action", choices=["list", "show", "validate", "diff"],
                   help="`list`: alle versies; `show`: één versie; `validate`: controleer alle versies; "
                        "`diff`: vergelijk twee versies")
    r.add_argument("ref", nargs="?", help="ID@VERSIE bij `show`; de eerste versie bij `diff`")
    r.add_argument("ref2", nargs="?", help="de tweede versie bij `diff`")
    r.add_argument("--lang", choices=["nl", "en"], default="nl",
                   help="taal van `diff` en van foutmeldingen: nl (standaard) of en")
    r.add_argument("--format", choices=["text", "json"], default="text",
                   help="uitvoer van `show` en `diff`: text (standaard) of json")
    r.set_defaults(func=cmd_rulebooks)

    _add_features(sub, command)
    return p


# The feature packages' commands: name -> (the module whose `register(subparsers)` adds it, the line
# `sto --help` shows for it). Listed here, not discovered, so that `sto --help` and a core command
# import none of them (the store's module alone loads SQLAlchemy); a feature command imports its own
# module only. tests/test_cli.py checks these lines against what each module registers.
FEATURES: dict[str, tuple[str, str]] = {
    "funding": ("engine.funding_cli", "zet de gevraagde subsidie stap voor stap naast het regionale maximum"),
    "diff": ("engine.diff.cli", "wat er veranderd is tussen twee regelboekversies (ook: `sto rulebooks diff A B`)"),
    "impact": ("engine.diff.cli", "welke plannen tussen twee versies een andere uitkomst of andere regeluitkomsten "
                                  "krijgen"),
    "letter": ("engine.letters.cli", "schrijf een brief: zelfcheck, verzoek om aanvulling, advies of beschikking"),
    "coverage": ("engine.policy.cli", "dekking van de regels door de Nederlandse scenario's in features/ "
                                      "(regel x uitkomst x versie)"),
    "audit": ("engine.store.cli", "controleer de hashketen van de auditopslag; herbeoordeel, toon of som bewaarde "
                                  "beoordelingen op"),
    "prescreen": ("engine.prescreen.cli", "voortoets van alle plannen van een ronde in een map: parallel toetsen, "
                                          "opslaan, overzicht schrijven"),
    "serve": ("engine.service.cli", "start de HTTP-API en de webpagina's (uvicorn)"),
    "tokens": ("engine.service.cli", "beheer API-tokens: `add` (toont een nieuw token eenmalig), `list`, `remove`, "
                                     "`hash`"),
    "judge": ("engine.judgement.cli", "leg het oordeel van de commissie over één regel van een voortoets vast"),
    "advise": ("engine.judgement.cli", "leg het advies van de commissie aan de minister over een voortoets vast"),
    "withdraw": ("engine.judgement.cli", "leg vast dat de regio haar plan heeft ingetrokken (een feit, geen oordeel)"),
}


def _add_features(sub: argparse._SubParsersAction[DutchArgumentParser], command: str | None | object) -> None:
    """Register the module of `command` (every module for ALL); the other feature commands get a
    stand-in with their help line only, so the command list and usage errors still name them."""
    import importlib

    wanted = {module for module, _ in FEATURES.values()} if command is ALL else \
        {FEATURES[command][0]} if isinstance(command, str) and command in FEATURES else set()
    registered: set[str] = set()
    for name, (module, help_line) in FEATURES.items():
        if module not in wanted:
            sub.add_parser(name, help=help_line, add_help=False)
        elif module not in registered:
            registered.add(module)
            importlib.import_module(module).register(sub)


# Options before the command that take a value (`sto --rulebooks MAP assess ...`).
_GLOBAL_VALUE_OPTIONS = ("--rulebooks", "--lang")


def command_of(argv: list[str]) -> str | None:
    """The command word of a command line, or None (`sto`, `sto --help`); decided before parsing
    so that only that command's module is imported."""
    args = iter(argv)
    for arg in args:
        if arg == "--":
            return next(args, None)
        if arg in _GLOBAL_VALUE_OPTIONS:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def error_text(exc: StoError, lang: str) -> str:
    """What the CLI prints for a StoError: Dutch first with the English in brackets, or English only."""
    if lang == "en":
        return str(exc)
    from .errors_nl import render_error

    return render_error(exc)


def main(argv: list[str] | None = None) -> int:
    from .errors import EngineError, StoError

    argv = sys.argv[1:] if argv is None else list(argv)
    lang = "en" if english_wanted(argv) else "nl"  # decided before parsing: usage errors need it too
    args = build_parser(english=lang == "en", command=command_of(argv)).parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func  # each command's set_defaults(func=...)
    try:
        return func(args)
    except StoError as exc:
        print(error_text(exc, lang), file=sys.stderr)
        return EXIT_INPUT
    except EngineError as exc:
        if lang == "en":
            print(f"internal error in the rule engine: {exc}\nPlease report it with the plan; the outcome cannot be "
                  f"trusted.", file=sys.stderr)
        else:
            print(f"interne fout in de rule engine: {exc}\nMeld dit met het plan erbij; de uitkomst is niet "
                  f"betrouwbaar.", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        print("interrupted" if lang == "en" else "afgebroken", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if exc.filename is None:  # not about a file (a socket, a pipe): not the user's input
            raise
        # A file opened outside engine/files.py: still a located input error, not a traceback.
        from .files import error_for

        print(error_text(error_for(exc), lang), file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
