"""`sto funding PLAN`: the funding computation, line by line, with the parameters used."""
from __future__ import annotations

import argparse
import json


def cmd_funding(args: argparse.Namespace) -> int:
    from .assess import Assessor
    from .funding import funding_summary, render_funding
    from .plan import load_plan
    from .rulebook import load_library

    assessor = Assessor(load_library(args.rulebooks))
    loaded = load_plan(args.plan)
    book, _, _ = assessor.select(loaded, args.rulebook, args.as_of)
    from .facts import derive_facts

    summary = funding_summary(book, derive_facts(loaded.plan), loaded.plan)
    if args.format == "json":
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_funding(summary, book, args.lang), end="")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .cli_helpers import parse_date

    f = sub.add_parser("funding", help="zet de gevraagde subsidie stap voor stap naast het regionale maximum")
    f.add_argument("plan", help="planbestand (YAML of JSON)")
    f.add_argument("--rulebook", metavar="ID@VERSIE",
                   help="gebruik deze versie van het regelboek in plaats van de versie die op de indieningsdatum geldt")
    f.add_argument("--as-of", type=parse_date, metavar="DATUM",
                   help="gebruik de versie van de regeling van het plan die op deze datum geldt (JJJJ-MM-DD)")
    f.add_argument("--lang", choices=["nl", "en"], default="nl", help="taal: nl (standaard) of en")
    f.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer: text (standaard) of json")
    f.set_defaults(func=cmd_funding)
