"""`sto letter VERDICT.json`: the committee's letter for a verdict, as Markdown, HTML or PDF."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .render import FORMATS, KINDS


def register(subparsers) -> None:
    from engine.cli_helpers import parse_date as _date

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


_SUFFIXES = {"md": "md", "markdown": "md", "html": "html", "htm": "html", "pdf": "pdf"}


def _format(args) -> str:
    """The format: --format, else the extension of -o (no extension: md). An extension that is no
    letter format, or one that contradicts --format, is refused: a .docx holding Markdown helps no one."""
    from engine.errors import StoError

    suffix = Path(args.output).suffix if args.output else ""
    from_suffix = _SUFFIXES.get(suffix.lower().lstrip("."))
    formats = ", ".join(f".{f}" for f in FORMATS)
    if suffix and from_suffix is None:
        raise StoError(f"{args.output}: '{suffix}' is not a letter format; choose one of: {formats} "
                       f"(the extension of -o decides the format)")
    if args.format and from_suffix and from_suffix != args.format:
        raise StoError(f"{args.output}: the extension '{suffix}' does not match --format {args.format}; "
                       f"name the file .{args.format} or leave out --format")
    return args.format or from_suffix or "md"


def cmd_letter(args: argparse.Namespace) -> int:
    from engine.cli_helpers import read_verdict
    from engine.errors import StoError
    from engine.files import check_output, write_output

    from .render import load_config, render_letter, schedule_for, validate_verdict

    fmt = "md" if args.fingerprint else _format(args)  # the fingerprint does not depend on the format
    if args.output and not args.fingerprint:  # before reading and rendering: a path that cannot be written
        check_output(args.output, f"brief.{fmt}")
    verdict = validate_verdict(read_verdict(args.verdict), args.verdict)
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
        write_output(args.output, letter.data, f"brief.{fmt}")
        print(f"{letter.kind} ({letter.lang}, {letter.format}) geschreven naar {args.output}; "
              f"datum {letter.letter_date.isoformat()}, kenmerk {letter.reference}, "
              f"vingerafdruk {letter.fingerprint}", file=sys.stderr)
    else:
        out = sys.stdout.buffer
        out.write(letter.data)
        out.flush()
    return 0
