"""`sto audit`: check the chain, replay a stored assessment, list and show what is stored.

Exit codes: 0 all is well; 1 tampering found (verify) or the replay differs; 2 input error
(unknown id, unreachable database, bad arguments).
"""
from __future__ import annotations

import argparse
import json
import sys

from ..rulebook import messages as msg
from .store import DEFAULT_URL, URL_ENV

EXIT_OK, EXIT_FOUND, EXIT_INPUT = 0, 1, 2


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "audit", help="controleer de hashketen van de auditopslag; herbeoordeel, toon of som bewaarde beoordelingen op",
        description="De auditopslag bewaart elke beoordeling in een hashketen; er komt alleen iets bij, er verandert "
                    f"niets. Database: --database URL, anders ${URL_ENV}, anders {DEFAULT_URL}. "
                    "Exitcodes: 0 in orde, 1 manipulatie gevonden of herbeoordeling wijkt af, 2 invoerfout.")
    p.add_argument("--database", metavar="URL", help=f"database-URL (standaard: ${URL_ENV} of {DEFAULT_URL})")
    sub = p.add_subparsers(dest="audit_action", required=True)

    v = sub.add_parser("verify", help="loop de hashketen na; noem het eerste gewijzigde, verwijderde of ingevoegde record")
    v.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer: text (standaard) of json")
    v.add_argument("--expect", action="append", default=[], metavar="VOLGNUMMER:HASH", type=_anchor,
                   help="een eerder genoteerde recordhash (van `sto audit head`) die nog in de keten moet staan; "
                        "mag vaker worden gegeven")
    v.set_defaults(func=cmd_verify)

    h = sub.add_parser("head", help="toon volgnummer en hash van het nieuwste record, om buiten de database te noteren")
    h.set_defaults(func=cmd_head)

    r = sub.add_parser("replay", help="herbeoordeel een bewaard plan met de bewaarde regelboekversie en vergelijk")
    r.add_argument("id", help="id van de beoordeling (zie `sto audit list`)")
    r.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer: text (standaard) of json")
    r.set_defaults(func=cmd_replay)

    ls = sub.add_parser("list", help="som bewaarde beoordelingen op, nieuwste eerst")
    ls.add_argument("--region", metavar="NAAM", help="alleen deze regio (precies de naam)")
    ls.add_argument("--mode", choices=["self-check", "pre-screen"],
                    help="alleen zelfchecks (`self-check`) of alleen voortoetsen (`pre-screen`)")
    ls.add_argument("--limit", type=int, default=50, metavar="N", help="hoogstens N beoordelingen (standaard 50)")
    ls.add_argument("--offset", type=int, default=0, metavar="N", help="sla de eerste N over (standaard 0)")
    ls.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer: text (standaard) of json")
    ls.set_defaults(func=cmd_list)

    s = sub.add_parser("show", help="toon één bewaarde beoordeling: wie erom vroeg, wanneer, het oordeel")
    s.add_argument("id", help="id van de beoordeling (zie `sto audit list`)")
    s.add_argument("--format", choices=["text", "json"], default="text",
                   help="text (standaard) of json: het oordeel precies zoals het bewaard is")
    s.add_argument("--plan", action="store_true", help="toon het plan precies zoals het is ingediend")
    s.add_argument("--committee", action="store_true",
                   help="toon alleen het deel van de commissie: elk oordeel op volgorde, het advies en de stand "
                        "(met --format json als JSON)")
    s.add_argument("--lang", choices=["nl", "en"], default="nl",
                   help="taal van het oordeel en van foutmeldingen: nl (standaard) of en")
    s.set_defaults(func=cmd_show)


def _open(args):
    from .store import open_store

    return open_store(args.database, create=False)


def _dump(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _anchor(text: str) -> tuple[int, str]:
    seq, _, digest = text.partition(":")
    digest = digest.strip().lower()
    if not seq.strip().isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise argparse.ArgumentTypeError(f"'{text}' is not SEQ:HASH (e.g. 42:3fa9…, the 64-character record_hash "
                                         "printed by `sto audit head`)")
    return int(seq), digest


def cmd_head(args: argparse.Namespace) -> int:
    with _open(args) as store:
        seq, digest = store.head()
    print(f"{seq}:{digest}")
    print(f"Noteer deze regel buiten de database (bijv. in het verslag van de commissie). Later controleert "
          f"`sto audit verify --expect {seq}:{digest[:8]}…` dat record {seq} nog ongewijzigd in de keten staat.",
          file=sys.stderr)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    with _open(args) as store:
        total, _ = store.head()
        # tqdm switches itself off when stderr is not a terminal
        with tqdm(total=total, desc="keten controleren", unit="record", file=sys.stderr, disable=None,
                  leave=False) as bar:
            report = store.verify(progress=lambda n: bar.update(1), anchors=dict(args.expect))
    if args.format == "json":
        _dump(report.model_dump())
    elif report.ok:
        print(msg.render("Keten in orde: {n, plural, one {# record} other {# records}} gecontroleerd; geen wijziging, "
                         "verwijdering of invoeging gevonden.", "nl", n=report.checked)
              + "\n" + msg.render("(Chain intact: {n, plural, one {# record} other {# records}} checked.)", "en",
                                  n=report.checked))
    else:
        print(msg.render("MANIPULATIE GEVONDEN na {n, plural, =0 {geen enkel goed record} one {# goed record} "
                         "other {# goede records}}:", "nl", n=report.checked) + f"\n  {report.reason['nl']}\n"
              f"(TAMPERING FOUND: {report.reason['en']})")
    return EXIT_OK if report.ok else EXIT_FOUND


def cmd_replay(args: argparse.Namespace) -> int:
    from engine.assess import Assessor
    from engine.rulebook import load_library

    with _open(args) as store:
        report = store.replay(args.id, Assessor(load_library(getattr(args, "rulebooks", None))))
    if args.format == "json":
        _dump(report.model_dump(exclude={"replayed_verdict"}))
        return EXIT_OK if report.identical else EXIT_FOUND
    if report.identical:
        code = {True: " De code van sto-toets is sinds de opslag gewijzigd; het oordeel niet.",
                False: " Ook de code van sto-toets is dezelfde als bij de opslag.", None: ""}[report.code_changed]
        print(f"Herbeoordeling van {report.id} met {report.rulebook_ref}: IDENTIEK. Het plan geeft opnieuw "
              f"precies het opgeslagen oordeel ({report.stored_outcome}); alleen het tijdstip verschilt.{code}\n"
              "(Replay: identical verdict.)")
    else:
        lines = "\n".join(f"  - {d}" for d in report.differences)
        print(f"Herbeoordeling van {report.id} met {report.rulebook_ref}: VERSCHILT van het opgeslagen oordeel "
              f"({report.stored_outcome} -> {report.replayed_outcome or 'geen'}):\n{lines}\n"
              f"(Replay differs: {len(report.differences)} difference(s).)")
    if report.committee is not None:
        from engine.judgement.cli import picture_text

        print("\nHet deel van de commissie, ongewijzigd zoals vastgelegd, naast de herbeoordeling (een oordeel dat "
              "door de herbeoordeling niet meer telt, staat als vervallen):\n" + picture_text(report.committee))
    return EXIT_OK if report.identical else EXIT_FOUND


def _summary(rec, pic: dict | None = None) -> dict:
    out = {"id": rec.id, "seq": rec.seq, "created_at": rec.created_at, "region": rec.region, "mode": rec.mode,
           "actor": rec.actor, "role": rec.role, "outcome": rec.outcome, "rulebook": rec.rulebook_ref,
           "plan_source": rec.plan_source, "plan_sha256": rec.plan_sha256, "record_hash": rec.record_hash}
    if pic is not None:
        out["committee"] = {"open_rules": pic["open_rules"], "outcome": pic["outcome"],
                            "advice": pic["advice"]["advice"] if pic["advice"] else None}
    return out


def _pictures(store, records) -> dict[str, dict]:
    """The committee's picture of every listed pre-screen (a self-check has none: it binds no one)."""
    from engine.judgement import picture

    pre = [r for r in records if r.mode == "pre-screen"]
    by_id = store.committee_records_for([r.id for r in pre])
    return {r.id: picture(r.verdict, [c.model_dump() for c in by_id.get(r.id, [])]) for r in pre}


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        records = store.list(region=args.region, mode=args.mode, limit=args.limit, offset=args.offset)
        total = store.count(region=args.region, mode=args.mode)
        pictures = _pictures(store, records)
    if args.format == "json":
        _dump({"total": total, "items": [_summary(r, pictures.get(r.id)) for r in records]})
        return EXIT_OK
    if not records:
        print("Geen opgeslagen beoordelingen" + (f" voor regio '{args.region}'" if args.region else "") + ".")
        return EXIT_OK
    print(f"{'nr':>5}  {'id':<32}  {'tijdstip (UTC)':<19}  {'soort':<10}  {'uitkomst':<36}  {'open':>4}  "
          f"{'advies':<26}  regio")
    for r in records:
        label = r.verdict.get("outcome_label", {}).get("nl", r.outcome)
        pic = pictures.get(r.id)
        n_open = str(len(pic["open_rules"])) if pic else "–"
        advice = pic["outcome_label"]["nl"] if pic and pic["outcome"] not in ("open", "ready") else "–"
        print(f"{r.seq:>5}  {r.id:<32}  {r.created_at[:19].replace('T', ' '):<19}  {r.mode:<10}  {label:<36}  "
              f"{n_open:>4}  {advice:<26}  {r.region}")
    if total > args.offset + len(records):
        print(f"... {total} in totaal; meer met --offset {args.offset + len(records)}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from engine.verdict.render import render_text

    from .store import StoreError

    with _open(args) as store:
        rec = store.get(args.id)
        pic = store.picture(rec.id) if rec is not None and rec.mode == "pre-screen" else None
    if rec is None:
        raise StoreError(f"geen beoordeling met id '{args.id}' (no assessment with this id); "
                         "`sto audit list` toont de ids")
    if args.committee:
        return _show_committee(args, pic)
    if args.plan:
        sys.stdout.buffer.write(rec.plan_bytes)
        sys.stdout.flush()
        return EXIT_OK
    if args.format == "json":
        _dump(rec.verdict)
        return EXIT_OK
    kind = {"self-check": "zelfcheck (adviserend)", "pre-screen": "voortoets (bindend)"}.get(rec.mode, rec.mode)
    print(f"Beoordeling {rec.id} — record {rec.seq} van de keten\n"
          f"  opgeslagen:  {rec.created_at}\n  soort:       {kind}\n  gevraagd door: {rec.actor} ({rec.role})\n"
          f"  plan:        {rec.plan_source} (sha256 {rec.plan_sha256})\n  regelboek:   {rec.rulebook_ref}\n"
          f"  record_hash: {rec.record_hash}\n  prev_hash:   {rec.prev_hash}\n")
    print(render_text(rec.verdict, lang=args.lang))
    if pic is not None:
        from engine.judgement.cli import picture_text

        print("\nHet deel van de commissie (oordelen op volgorde, advies):\n" + picture_text(pic))
    return EXIT_OK


def _show_committee(args, pic: dict | None) -> int:
    if args.format == "json":
        _dump(pic)
    elif pic is None:
        print("Dit is een zelfcheck: die is adviserend en krijgt geen oordeel of advies van de commissie.")
    else:
        from engine.judgement.cli import picture_text

        print(picture_text(pic, indent=""))
    return EXIT_OK


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"


def store_cli_assessment(loaded, verdict: dict) -> None:
    """`sto assess PLAN --store`: keep the assessment as an advisory self-check by this OS user."""
    from .store import open_store

    with open_store() as store:
        rec = store.record(plan_bytes=loaded.raw, plan_source=loaded.source, verdict=verdict, actor=os_user(),
                           role="cli", mode="self-check")
    print(f"Opgeslagen in de audit-store ({store.url.split('://')[0]}): id {rec.id}, record {rec.seq}. "
          f"Controleren: sto audit replay {rec.id}", file=sys.stderr)
