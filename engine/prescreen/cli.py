"""`sto prescreen DIR --round R -o REPORT_DIR`: the committee's pre-screen of a round.

Exit codes: 0 every file was assessed and stored; 2 some files were skipped (unreadable or
incomplete plans, plans of another round, a crashed worker) or the command could not run. The
report is written in both cases.
"""
from __future__ import annotations

import argparse
import os

from ..rulebook import messages as msg
from .run import STATUS_NL, problem_lines

# A skipped file's problems shown in the terminal; fouten.txt has them all, with field, expected and fix.
SHOWN_PROBLEMS = 8


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "prescreen", help="voortoets van alle plannen van een ronde in een map: parallel toetsen, opslaan, "
                          "overzicht schrijven",
        description="Toets elk planbestand (*.yaml, *.yml, *.json) dat direct in MAP staat, parallel in aparte "
                    "werkprocessen; bewaar elke beoordeling in de auditopslag (soort pre-screen); schrijf "
                    "overzicht.csv, overzicht.html, elk oordeel (oordelen/), fouten.txt en samenvatting.json in "
                    "RAPPORTMAP. Een onbruikbaar bestand, of een plan van een andere ronde, wordt gemeld en "
                    "overgeslagen; de voortoets gaat dan gewoon door. Exitcode 0 als alle bestanden getoetst zijn, "
                    "2 als er bestanden zijn overgeslagen (het rapport wordt dan toch geschreven).")
    p.add_argument("folder", metavar="MAP", help="map met de planbestanden van de ronde")
    p.add_argument("--round", type=int, required=True, metavar="R",
                   help="de indieningsronde; plannen met een andere submission.round worden gemeld en overgeslagen")
    p.add_argument("-o", "--output", required=True, metavar="RAPPORTMAP", help="map voor het rapport (wordt aangemaakt)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help=f"aantal werkprocessen (standaard: één per processorkern, hier {os.cpu_count()})")
    p.add_argument("--database", metavar="URL",
                   help="auditopslag (standaard: $STO_DATABASE_URL of sqlite:///./sto-toets.sqlite)")
    p.add_argument("--actor", default=None, metavar="NAAM",
                   help="wie de voortoets uitvoert (standaard: de gebruiker van het besturingssysteem)")
    p.set_defaults(func=cmd_prescreen)


def _actor(explicit: str | None) -> str:
    from engine.store.cli import os_user

    return explicit or os_user()


def cmd_prescreen(args: argparse.Namespace) -> int:
    from engine.errors import StoError
    from engine.i18n import both
    from engine.store import open_store

    from .run import find_plans, run_prescreen

    if args.workers is not None and args.workers < 1:
        raise StoError.said(both("prescreen.workers_at_least_one"))
    if args.round < 1:
        raise StoError.said(both("prescreen.round_number"))
    find_plans(args.folder)  # a wrong folder fails before the database is touched
    with open_store(args.database) as store:
        run = run_prescreen(args.folder, args.round, args.output, store=store, actor=_actor(args.actor),
                            workers=args.workers, rulebooks_dir=getattr(args, "rulebooks", None))
    outcomes: dict[str, int] = {}
    for r in run.assessed:
        if r.outcome is not None:  # an assessed file has one
            outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
    from engine.verdict import OUTCOME_LABELS, Outcome

    print(msg.render("Voortoets ronde {round}: {done} van {n, plural, one {# plan} other {# plannen}} getoetst en "
                     "opgeslagen.", "nl", round=run.round, done=len(run.assessed), n=len(run.results)))
    before = sum(r.stored_before for r in run.assessed)
    if before:
        print(msg.render("  Daarvan {n, plural, one {stond # voortoets} other {stonden # voortoetsen}} al in de "
                         "opslag van een eerdere run naar deze rapportmap: niet opnieuw opgeslagen.", "nl", n=before))
    for outcome in Outcome:
        if outcomes.get(outcome.value):
            print(f"  {outcomes[outcome.value]:>4}  {OUTCOME_LABELS[outcome]['nl']}")
    if run.skipped:
        print(msg.render("{n, plural, one {# bestand} other {# bestanden}} overgeslagen (details in {path}):", "nl",
                         n=len(run.skipped), path=os.path.join(run.report_dir, "fouten.txt")))
        for r in run.skipped:
            problems = problem_lines(r)
            if len(problems) == 1:
                print(f"  - {r.file}: {STATUS_NL[r.status]} — {problems[0]}")
                continue
            print(f"  - {r.file}: {STATUS_NL[r.status]}, {len(problems)} problemen:")
            for line in problems[:SHOWN_PROBLEMS]:
                print(f"      {line}")
            if len(problems) > SHOWN_PROBLEMS:
                print(f"      en nog {len(problems) - SHOWN_PROBLEMS}; alle problemen staan in fouten.txt")
    print(f"Rapport: {os.path.join(run.report_dir, 'overzicht.html')} en overzicht.csv")
    return 0 if not run.skipped else 2
