"""`sto letter VERDICT.json`: the committee's letter for a verdict, as Markdown, HTML or PDF."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .render import FORMATS, KINDS


def register(subparsers) -> None:
    from cli import _date

    p = subparsers.add_parser(
        "letter", help="schrijf de brief van de commissie bij een oordeel (afwijzing, goedkeuring, aanvulling, zelfcheck)",
        description="Schrijf de brief van de commissie bij een oordeel dat `sto assess PLAN --format json` heeft "
                    "geschreven. `--kind auto` kiest de brief naar de uitkomst: niet subsidiabel of negatief advies "
                    "-> afwijzing, beoordeling door de commissie nodig -> aanvulling, positief advies -> goedkeuring. "
                    "Hetzelfde oordeel met dezelfde soort brief, taal, datum en sjablonen geeft altijd dezelfde brief; "
                    "de vingerafdruk ervan staat in de bijlage.")
    p.add_argument("verdict", help="oordeel in JSON, geschreven door `sto assess PLAN --format json -o BESTAND`")
    p.add_argument("--kind", choices=("auto",) + KINDS, default="auto",
                   help="welke brief (standaard: auto, naar de uitkomst)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="md, html of pdf (standaard: naar de extensie van -o, anders md)")
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="taal van de brief: nl (standaard) of en")
    p.add_argument("--date", type=_date, metavar="JJJJ-MM-DD",
                   help="datum van de brief (standaard: de datum van het ontvangsttijdstip in het oordeel, zodat "
                        "opnieuw maken dezelfde brief geeft)")
    p.add_argument("--config", metavar="BESTAND",
                   help="instellingen van het briefhoofd (standaard: templates/letters/briefhoofd.yaml)")
    p.add_argument("--fingerprint", action="store_true",
                   help="toon alleen de vingerafdruk van de brief (om die te vergelijken met de vingerafdruk in een brief)")
    p.add_argument("-o", "--output", metavar="BESTAND",
                   help="schrijf de brief naar dit bestand (de extensie bepaalt het formaat) in plaats van naar het scherm")
    p.set_defaults(func=cmd_letter)


def _format(args) -> str:
    if args.format:
        return args.format
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    return {"htm": "html", "markdown": "md"}.get(suffix, suffix) if suffix in FORMATS + ("htm", "markdown") else "md"


def cmd_letter(args: argparse.Namespace) -> int:
    from cli import read_verdict
    from engine.errors import StoError

    from .render import load_config, render_letter, schedule_for, validate_verdict

    verdict = validate_verdict(read_verdict(args.verdict), args.verdict)
    fmt = "md" if args.fingerprint else _format(args)  # the fingerprint does not depend on the format
    if fmt == "pdf" and not args.output and sys.stdout.isatty():
        raise StoError("a PDF letter is binary; write it to a file with -o FILE (or redirect standard output)")
    config = load_config(args.config) if args.config else None
    library = None
    if getattr(args, "rulebooks", None):
        from engine.rulebook import load_library

        library = load_library(args.rulebooks)
    schedule = schedule_for(verdict, library)
    letter = render_letter(verdict, kind=args.kind, lang=args.lang, fmt=fmt, config=config,
                           letter_date=args.date, schedule=schedule)
    if args.fingerprint:
        print(letter.fingerprint)
        return 0
    if args.output:
        Path(args.output).write_bytes(letter.data)
        print(f"{letter.kind} ({letter.lang}, {letter.format}) geschreven naar {args.output}; "
              f"datum {letter.letter_date.isoformat()}, kenmerk {letter.reference}, "
              f"vingerafdruk {letter.fingerprint}", file=sys.stderr)
    else:
        out = sys.stdout.buffer
        out.write(letter.data)
        out.flush()
    return 0
