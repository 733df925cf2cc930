"""`sto letter BRON`: a letter for a verdict file or a stored pre-screen, as Markdown, HTML or PDF."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import both
from .dossier import KINDS, Dossier
from .render import FORMATS

if TYPE_CHECKING:
    from ..verdict.model import Verdict


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from engine.cli_helpers import parse_date as _date

    p = subparsers.add_parser(
        "letter", help="schrijf een brief: zelfcheck, verzoek om aanvulling, advies of beschikking",
        description="Schrijf een brief bij een voortoets. BRON is een oordeel in JSON (`sto assess PLAN --format json "
                    "-o BESTAND`; alleen de zelfcheckbrief) of het id van een opgeslagen voortoets (`sto audit list`). "
                    "Vier soorten, elk met de afzender en de vorm die de procedure geeft: zelfcheck (sto-toets aan de "
                    "regio; geen advies, geen besluit), aanvulling (DUS-I namens de minister aan de penvoerder, "
                    "artikel 4:5 Awb; alleen voor gegevens die ontbreken bij een eis die de regeling duidelijk "
                    "stelt), advies (de beoordelingscommissie aan de minister; na `sto advise`) en beschikking (de "
                    "minister, namens deze DUS-I, aan de penvoerder: verlening of afwijzing volgens het advies, met "
                    "grondslag en bezwaarclausule; een concept om te controleren en te ondertekenen). `--kind auto` "
                    "kiest de brief die de procedure nu vraagt. Dezelfde invoer geeft altijd dezelfde brief; de "
                    "vingerafdruk ervan staat in de bijlage.")
    p.add_argument("source", metavar="BRON",
                   help="oordeel in JSON (van `sto assess PLAN --format json -o BESTAND`) of id van een opgeslagen "
                        "voortoets")
    p.add_argument("--kind", choices=("auto",) + KINDS, default="auto",
                   help="welke brief (standaard: auto, de brief die de procedure nu vraagt)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="md, html of pdf (standaard: naar de extensie van -o, anders md)")
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="taal van de brief: nl (standaard) of en")
    p.add_argument("--date", type=_date, metavar="JJJJ-MM-DD",
                   help="datum van de brief (standaard: de datum van het nieuwste stuk waarop de brief berust, zodat "
                        "opnieuw maken dezelfde brief geeft)")
    p.add_argument("--config", metavar="BESTAND",
                   help="instellingen van het briefhoofd (standaard: templates/letters/briefhoofd.yaml)")
    p.add_argument("--database", metavar="URL",
                   help="auditopslag bij een id (standaard: $STO_DATABASE_URL of sqlite:///./sto-toets.sqlite)")
    p.add_argument("--fingerprint", action="store_true",
                   help="toon alleen de vingerafdruk van de brief (om die te vergelijken met de vingerafdruk in een brief)")
    p.add_argument("-o", "--output", metavar="BESTAND",
                   help="schrijf de brief naar dit bestand (de extensie bepaalt het formaat) in plaats van naar het scherm")
    p.set_defaults(func=cmd_letter)


_SUFFIXES = {"md": "md", "markdown": "md", "html": "html", "htm": "html", "pdf": "pdf"}


def _format(args: argparse.Namespace) -> str:
    """The format: --format, else the extension of -o (no extension: md). An extension that is no
    letter format, or one that contradicts --format, is refused: a .docx holding Markdown helps no one."""
    from engine.errors import StoError

    suffix = Path(args.output).suffix if args.output else ""
    from_suffix = _SUFFIXES.get(suffix.lower().lstrip("."))
    formats = ", ".join(f".{f}" for f in FORMATS)
    if suffix and from_suffix is None:
        raise StoError.said(both("letters.not_a_format", output=args.output, suffix=suffix, formats=formats))
    if args.format and from_suffix and from_suffix != args.format:
        raise StoError.said(both("letters.extension_mismatch", output=args.output, suffix=suffix, format=args.format))
    return args.format or from_suffix or "md"


def _load(args: argparse.Namespace) -> tuple[Verdict, Dossier | None]:
    """(verdict, dossier): a verdict file has no dossier; a stored assessment brings its records."""
    from engine.cli_helpers import read_verdict
    from engine.errors import StoError
    from engine.store.store import ID_PATTERN

    from .render import validate_verdict

    if Path(args.source).exists() or not ID_PATTERN.match(args.source):
        return validate_verdict(read_verdict(args.source), args.source), None
    from engine.store import open_store

    with open_store(args.database, create=False) as store:
        stored = store.get(args.source)
        if stored is None:
            raise StoError.said(both("letters.no_such_source", source=args.source))
        return stored.verdict, Dossier.from_store(stored, store.committee_records(stored.id))


def cmd_letter(args: argparse.Namespace) -> int:
    from engine.errors import StoError
    from engine.files import check_output, write_output

    from .render import load_config, render_letter, rulebook_view

    fmt = "md" if args.fingerprint else _format(args)  # the fingerprint does not depend on the format
    if args.output and not args.fingerprint:  # before reading and rendering: a path that cannot be written
        check_output(args.output, f"brief.{fmt}")
    verdict, dossier = _load(args)
    if fmt == "pdf" and not args.output and sys.stdout.isatty():
        raise StoError.said(both("letters.pdf_binary"))
    config = load_config(args.config) if args.config else None
    library = None
    if getattr(args, "rulebooks", None):
        from engine.rulebook import load_library

        library = load_library(args.rulebooks)
    letter = render_letter(verdict, kind=args.kind, lang=args.lang, fmt=fmt, dossier=dossier, config=config,
                           letter_date=args.date, rulebook=rulebook_view(verdict, library))
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
