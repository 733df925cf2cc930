"""`sto letter VERDICT.json`: the committee's letter for a verdict, as Markdown, HTML or PDF."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .render import FORMATS, KINDS


def register(subparsers) -> None:
    from cli import _date

    p = subparsers.add_parser(
        "letter", help="write the committee's letter for a verdict (afwijzing, goedkeuring, aanvulling, zelfcheck)",
        description="Write the committee's letter for a verdict written by `sto assess PLAN --format json`. "
                    "`--kind auto` picks it from the outcome: ineligible or negative advice -> afwijzing, "
                    "committee review -> aanvulling, positive advice -> goedkeuring. The same verdict, kind, "
                    "language, date and templates always give the same letter; its fingerprint is printed "
                    "in the annex.")
    p.add_argument("verdict", help="verdict JSON written by `sto assess PLAN --format json -o FILE`")
    p.add_argument("--kind", choices=("auto",) + KINDS, default="auto",
                   help="which letter (default: auto, from the outcome)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="md, html or pdf (default: from the -o suffix, else md)")
    p.add_argument("--lang", choices=["nl", "en"], default="nl")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help="letter date (default: the date of the verdict's receipt timestamp, so that "
                        "re-rendering gives the same letter)")
    p.add_argument("--config", metavar="FILE", help="letterhead configuration (default: templates/letters/briefhoofd.yaml)")
    p.add_argument("--fingerprint", action="store_true",
                   help="print only the letter's fingerprint (to compare with the one in a letter)")
    p.add_argument("-o", "--output", metavar="FILE")
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
