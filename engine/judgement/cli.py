"""`sto judge`, `sto advise`, `sto withdraw`: the committee's part of a stored pre-screen, appended to
the audit chain (docs/process.md, docs/audit.md).

Exit codes: 0 recorded; 2 refused or input error (the message says what and how to fix it).
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from .rules import ADVICE, HOLDS, rules

if TYPE_CHECKING:
    from ..store.store import AuditStore, CommitteeRecord


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="id van de voortoets (zie `sto audit list --mode pre-screen`)")
    p.add_argument("--motivation", required=True, metavar="TEKST",
                   help="de motivering, in het Nederlands (verplicht, niet leeg)")
    p.add_argument("--actor", metavar="NAAM",
                   help="wie dit vastlegt (standaard: de gebruiker van het besturingssysteem)")
    p.add_argument("--database", metavar="URL",
                   help="auditopslag (standaard: $STO_DATABASE_URL of sqlite:///./sto-toets.sqlite)")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="uitvoer: text (standaard) of json (het record en het beeld dat eruit volgt)")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    j = subparsers.add_parser(
        "judge", help="leg het oordeel van de commissie over één regel van een voortoets vast",
        description="Leg het oordeel van de beoordelingscommissie over één regel van een opgeslagen voortoets vast, "
                    "als nieuw record in de hashketen. Kan bij elke regel met 'beoordeling nodig', en bij een "
                    "beoordelingsregel die voldoet of niet voldoet (overrulen); nooit bij een knock-out die op een "
                    "vastgesteld feit berust. Een later oordeel over dezelfde regel vervangt het eerdere; beide "
                    "blijven bewaard.")
    _common(j)
    j.add_argument("--rule", required=True, metavar="REGEL", help="de regel, bijvoorbeeld ORG-02")
    j.add_argument("--holds", required=True, choices=HOLDS,
                   help="`yes`: voldoet; `no`: voldoet niet; `with-condition`: voldoet onder voorwaarde (met --condition)")
    j.add_argument("--condition", metavar="TEKST", help="de voorwaarde, bij `--holds with-condition`")
    j.set_defaults(func=cmd_judge)

    a = subparsers.add_parser(
        "advise", help="leg het advies van de commissie aan de minister over een voortoets vast",
        description="Leg het advies van de beoordelingscommissie aan de minister vast: positief, positief onder "
                    "voorwaarden of negatief (nog niet voldragen). Een advies is geen besluit: de minister beslist "
                    "bij beschikking. Geweigerd zolang er regels met 'beoordeling nodig' zonder oordeel zijn, en "
                    "een positief advies zolang een beslissende regel niet voldoet. De voorwaarden uit de oordelen "
                    "komen vanzelf in het advies.")
    _common(a)
    a.add_argument("--advice", required=True, choices=ADVICE,
                   help="`positive`, `positive-with-conditions` of `negative`")
    a.add_argument("--condition", action="append", default=[], metavar="TEKST",
                   help="een voorwaarde bij `positive-with-conditions`; mag vaker worden gegeven")
    a.set_defaults(func=cmd_advise)

    w = subparsers.add_parser(
        "withdraw", help="leg vast dat de regio haar plan heeft ingetrokken (een feit, geen oordeel)",
        description="Leg vast dat de regio haar aanvraag heeft ingetrokken. Dat is een feit in de procedure, geen "
                    "oordeel: daarna worden geen oordelen of adviezen meer vastgelegd.")
    _common(w)
    w.set_defaults(func=cmd_withdraw)


def _actor(args: argparse.Namespace) -> str:
    from ..store.cli import os_user

    return args.actor or os_user()


def _report(args: argparse.Namespace, store: AuditStore, record: CommitteeRecord) -> int:
    pic = store.picture(record.assessment_id)
    if args.format == "json":
        sys.stdout.write(json.dumps({"record": record.model_dump(), "picture": pic}, ensure_ascii=False, indent=2)
                         + "\n")
        return 0
    what = {"judgement": "Oordeel", "advice": "Advies", "withdrawal": "Intrekking"}[record.kind]
    print(f"{what} vastgelegd: record {record.seq} van de keten (id {record.id}), door {record.actor}, "
          f"{record.created_at}.")
    print(picture_text(pic))
    return 0


def picture_text(pic: dict[str, Any], indent: str = "  ") -> str:
    """The committee's part in Dutch, for the terminal (also used by `sto audit show` and `replay`)."""
    lines = []
    for j in pic["judgements"]:
        state = " [vervallen: " + j["moot"]["nl"] + "]" if j["moot"] else ("" if j["current"] else " [vervangen]")
        cond = f"; voorwaarde: {j['condition']}" if j["condition"] else ""
        lines.append(f"{indent}oordeel {j['rule_id']}: {j['holds_label']['nl']}{cond} — {j['motivation']} "
                     f"({j['actor']}, {j['created_at'][:19].replace('T', ' ')}, record {j['seq']}){state}")
    if pic["open_rules"]:
        verb = "vraagt" if len(pic["open_rules"]) == 1 else "vragen"
        lines.append(f"{indent}open: {rules(pic['open_rules'])['nl']} {verb} nog een oordeel van de commissie")
    advice = pic["advice"]
    if advice:
        lines.append(f"{indent}advies: {advice['label']['nl']} — {advice['motivation']} ({advice['actor']}, "
                     f"record {advice['seq']})")
        for c in advice["conditions"]:
            lines.append(f"{indent}  voorwaarde: {c}")
        if advice["stale"]:
            lines.append(f"{indent}  let op: {advice['stale']['nl']}")
    if pic["withdrawal"]:
        w = pic["withdrawal"]
        lines.append(f"{indent}ingetrokken door de regio — {w['motivation']} (vastgelegd door {w['actor']}, record "
                     f"{w['seq']})")
    lines.append(f"{indent}stand: {pic['outcome_label']['nl']} (uitkomst van de machine: "
                 f"{pic['machine_outcome'] or 'geen'})")
    return "\n".join(lines)


def cmd_judge(args: argparse.Namespace) -> int:
    from ..store import open_store

    with open_store(args.database, create=False) as store:
        rec = store.judge(args.id, rule_id=args.rule, holds=args.holds, motivation=args.motivation,
                          condition=args.condition, actor=_actor(args))
        return _report(args, store, rec)


def cmd_advise(args: argparse.Namespace) -> int:
    from ..store import open_store

    with open_store(args.database, create=False) as store:
        rec = store.advise(args.id, advice=args.advice, motivation=args.motivation, conditions=args.condition,
                           actor=_actor(args))
        return _report(args, store, rec)


def cmd_withdraw(args: argparse.Namespace) -> int:
    from ..store import open_store

    with open_store(args.database, create=False) as store:
        rec = store.withdraw(args.id, motivation=args.motivation, actor=_actor(args))
        return _report(args, store, rec)
