"""`sto audit`: check the chain, replay a stored assessment, list and show what is stored.

Exit codes: 0 all is well; 1 tampering found (verify) or the replay differs; 2 input error
(unknown id, unreachable database, bad arguments).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import TYPE_CHECKING

from ..jsontypes import JSONObject
from ..rulebook import messages as msg
from .checkpoint import FILE_ENV, KEY_ENV, PUBLIC_KEY_ENV, PublicKeys
from .store import DEFAULT_URL, URL_ENV

if TYPE_CHECKING:
    from ..plan import LoadedPlan
    from ..verdict.model import Verdict
    from .store import AuditStore, StoredAssessment

EXIT_OK, EXIT_FOUND, EXIT_INPUT = 0, 1, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    v.add_argument("--public-key", action="append", default=[], metavar="BESTAND",
                   help=f"publieke sleutel van de controlepunten (het .pub-bestand van `sto audit keygen`; standaard "
                        f"${PUBLIC_KEY_ENV}, anders die van ${KEY_ENV}); mag vaker worden gegeven")
    v.add_argument("--checkpoints", metavar="BESTAND",
                   help=f"bestand met ondertekende controlepunten (standaard ${FILE_ENV}, anders de sleutel + "
                        f"'.checkpoints')")
    v.set_defaults(func=cmd_verify)

    k = sub.add_parser("keygen", help="maak een sleutel om controlepunten van de keten te ondertekenen")
    k.add_argument("--key", metavar="PAD", help=f"waar de geheime sleutel komt (standaard ${KEY_ENV}); de publieke "
                                               f"sleutel komt in PAD.pub")
    k.set_defaults(func=cmd_keygen)

    c = sub.add_parser("checkpoint", help="toon het nieuwste ondertekende controlepunt, om te publiceren")
    c.add_argument("--checkpoints", metavar="BESTAND", help=f"bestand met controlepunten (standaard ${FILE_ENV})")
    c.add_argument("--public-key", action="append", default=[], metavar="BESTAND",
                   help=f"publieke sleutel om de handtekening te controleren (standaard ${PUBLIC_KEY_ENV})")
    c.set_defaults(func=cmd_checkpoint)

    m = sub.add_parser("migrate", help="maak of werk de tabellen van de audit-store bij (als eigenaar van de database)")
    m.add_argument("--service-role", metavar="ROL",
                   help="PostgreSQL: geef deze rol daarna alleen de rechten die de service nodig heeft")
    m.set_defaults(func=cmd_migrate)

    ro = sub.add_parser("roles", help="toon de SQL voor een eigenaarsrol en een servicerol met minimale rechten "
                                      "(PostgreSQL)")
    ro.add_argument("--owner", default="sto_owner", metavar="ROL", help="de rol die migreert (standaard sto_owner)")
    ro.add_argument("--service", default="sto_service", metavar="ROL",
                    help="de rol waarmee de service draait (standaard sto_service)")
    ro.add_argument("--schema", default="sto", metavar="SCHEMA", help="het schema van de tabellen (standaard sto)")
    ro.set_defaults(func=cmd_roles)

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


def _open(args: argparse.Namespace) -> AuditStore:
    from .store import open_store

    return open_store(args.database, create=False)


def _dump(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _anchor(text: str) -> tuple[int, str]:
    seq, _, digest = text.partition(":")
    digest = digest.strip().lower()
    if not seq.strip().isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        from ..argparse_nl import usage_text
        from ..i18n import N_

        raise argparse.ArgumentTypeError(usage_text(N_("store.not_an_anchor"), value=text))
    return int(seq), digest


def cmd_head(args: argparse.Namespace) -> int:
    with _open(args) as store:
        seq, digest = store.head()
    print(f"{seq}:{digest}")
    print(f"Noteer deze regel buiten de database (bijv. in het verslag van de commissie). Later controleert "
          f"`sto audit verify --expect {seq}:{digest[:8]}…` dat record {seq} nog ongewijzigd in de keten staat.",
          file=sys.stderr)
    return EXIT_OK


def _public_keys(paths: list[str]) -> PublicKeys | None:
    from .checkpoint import load_public_key

    paths = paths or [p for p in os.environ.get(PUBLIC_KEY_ENV, "").split(os.pathsep) if p]
    return PublicKeys([load_public_key(p) for p in paths]) if paths else None


def _checkpoint_source(args: argparse.Namespace, store: AuditStore) -> tuple[PublicKeys | None, str | None]:
    """(public keys, checkpoint file) for verify and checkpoint: given, else from the environment, else the
    signer's own (a store opened with $STO_CHECKPOINT_KEY)."""
    from ..i18n import both
    from .checkpoint import CheckpointError

    if args.public_key or store.signer is None:
        keys = _public_keys(args.public_key)
    else:
        keys = store.signer.keys  # its own key and the earlier ones of $STO_CHECKPOINT_PUBLIC_KEY
    path = args.checkpoints or os.environ.get(FILE_ENV) or None
    if path is None and store.signer is not None:
        path = str(store.signer.file)
    if path is not None and not args.checkpoints and not os.path.exists(path):
        path = None  # configured, but nothing appended since: verify notes that the file is missing
    if path is not None and keys is None:
        raise CheckpointError.said(both("audit.public_key_needed", env=PUBLIC_KEY_ENV))
    return keys, path


_NO_CHECKPOINTS = ("Let op: er zijn geen ondertekende controlepunten gecontroleerd (geen --public-key, ${key} of "
                   "${pub}). Zonder controlepunten kan niet worden vastgesteld of wie de databaselogin heeft de keten "
                   "heeft ingekort of vanaf een record heeft herschreven met opnieuw berekende hashes; de keten "
                   "bewijst dan alleen iets tegenover wie niet bij de database kan (docs/audit.md).\n"
                   "(Without signed checkpoints, truncation or a rewrite by whoever holds the database login cannot "
                   "be detected.)")


def cmd_verify(args: argparse.Namespace) -> int:
    from ..progress import bar as progress_bar

    with _open(args) as store:
        keys, path = _checkpoint_source(args, store)
        total, _ = store.head()
        with progress_bar(total, "keten controleren", "record", leave=False) as bar:
            report = store.verify(progress=lambda n: bar.update(1), anchors=dict(args.expect), keys=keys,
                                  checkpoint_file=path)
    if args.format == "json":
        _dump({**report.model_dump(), "checkpoints_checked": keys is not None})
    elif report.ok:
        print(msg.render("Keten in orde: {n, plural, one {# record} other {# records}} gecontroleerd; geen wijziging, "
                         "verwijdering of invoeging gevonden.", "nl", n=report.checked)
              + "\n" + msg.render("(Chain intact: {n, plural, one {# record} other {# records}} checked.)", "en",
                                  n=report.checked))
        if keys is None:
            print(_NO_CHECKPOINTS.replace("${key}", f"${KEY_ENV}").replace("${pub}", f"${PUBLIC_KEY_ENV}"))
        elif report.newest_checkpoint:
            where = f"; controlepuntbestand {printable(report.checkpoint_file)}" if report.checkpoint_file else ""
            since = f", elk record sinds record {report.signed_from} is ondertekend" if report.signed_from else ""
            print(f"De keten sluit aan op het nieuwste ondertekende controlepunt: record {report.newest_checkpoint}"
                  f"{since}{where}.\n(The chain extends the newest signed checkpoint, record "
                  f"{report.newest_checkpoint}.)")
        for note in report.notes:
            print(f"Let op: {note['nl']}\n({note['en']})")
    else:
        assert report.reason is not None  # a walk that fails says why
        print(msg.render("MANIPULATIE GEVONDEN na {n, plural, =0 {geen enkel goed record} one {# goed record} "
                         "other {# goede records}}:", "nl", n=report.checked) + f"\n  {report.reason['nl']}\n"
              f"(TAMPERING FOUND: {report.reason['en']})")
    return EXIT_OK if report.ok else EXIT_FOUND


def cmd_keygen(args: argparse.Namespace) -> int:
    from ..i18n import both
    from .checkpoint import CheckpointError, default_file, generate

    path = args.key or os.environ.get(KEY_ENV)
    if not path:
        raise CheckpointError.said(both("audit.key_needed", env=KEY_ENV))
    private, public, kid = generate(path)
    print(f"Geheime sleutel geschreven naar {private} (alleen leesbaar voor u). Bewaar hem buiten de database, "
          f"alleen op de server van de service, met een reservekopie op een veilige plek.\n"
          f"Publieke sleutel: {public} (sleutel-id {kid}); geef die aan wie de keten controleert.\n"
          f"Ondertekenen: start de service (en elke opdracht die iets opslaat) met {KEY_ENV}={private}; de "
          f"controlepunten komen dan in de database en in {default_file(private)} (of ${FILE_ENV}).")
    return EXIT_OK


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from ..i18n import both
    from .checkpoint import read_file
    from .store import StoreError

    with _open(args) as store:
        keys, path = _checkpoint_source(args, store)
        newest, where = None, None
        if path is not None and keys is not None:  # _checkpoint_source gives no file without keys
            newest, where = read_file(path, keys).newest, path
        if newest is None:
            stored = store.newest_checkpoint()
            if stored is not None and (keys is None or keys.holds(stored)):
                newest, where = stored, "de database"
    if newest is None:
        raise StoreError.said(both("audit.no_checkpoint_yet", env=KEY_ENV))
    print(newest.line())
    print(f"Het nieuwste controlepunt (uit {where}): record {newest.seq}, ondertekend {newest.signed_at}. Publiceer "
          f"deze regel buiten de database en de server (verslag van de commissie, website, e-mail aan de auditor). "
          f"Wie hem bewaart, controleert later met `sto audit verify --public-key SLEUTEL.pub --checkpoints "
          f"BESTAND` dat de keten er nog op aansluit.", file=sys.stderr)
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from .store import open_store

    with open_store(args.database) as store:
        if args.service_role:
            granted = store.grant_service(args.service_role)
        revision = store.revision()
    print(f"Audit-store bijgewerkt tot versie {revision}."
          + (f" Rol {args.service_role} mag nu lezen en toevoegen ({granted} GRANTs), verder niets."
             if args.service_role else ""))
    return EXIT_OK


def cmd_roles(args: argparse.Namespace) -> int:
    from .roles import roles_sql

    sys.stdout.write(roles_sql(args.owner, args.service, args.schema))
    return EXIT_OK


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


# Stored texts may hold control characters (records from before names were cleaned): a terminal must
# never get them raw, where an escape sequence could recolour, hide or rewrite what is shown. Bidi
# controls and zero-width characters likewise, since they reorder or hide text.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: object) -> str:
    """`text` with every control character written as an escape (\\x07, \\u202e), never raw."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}",
                            str(text))


def _summary(rec: StoredAssessment, pic: JSONObject | None = None) -> JSONObject:
    out: JSONObject = {"id": rec.id, "seq": rec.seq, "created_at": rec.created_at, "region": rec.region, "mode": rec.mode,
           "actor": rec.actor, "role": rec.role, "outcome": rec.outcome, "rulebook": rec.rulebook_ref,
           "plan_source": rec.plan_source, "plan_sha256": rec.plan_sha256, "record_hash": rec.record_hash}
    if pic is not None:
        out["committee"] = {"open_rules": pic["open_rules"], "outcome": pic["outcome"],
                            "advice": pic["advice"]["advice"] if pic["advice"] else None}
    return out


def _pictures(store: AuditStore, records: list[StoredAssessment]) -> dict[str, JSONObject]:
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
        print("Geen opgeslagen beoordelingen" + (f" voor regio '{printable(args.region)}'" if args.region else "") + ".")
        return EXIT_OK
    print(f"{'nr':>5}  {'id':<32}  {'tijdstip (UTC)':<19}  {'soort':<10}  {'uitkomst':<36}  {'open':>4}  "
          f"{'advies':<26}  regio")
    for r in records:
        label = r.verdict.outcome_label.nl
        pic = pictures.get(r.id)
        n_open = str(len(pic["open_rules"])) if pic else "–"
        advice = pic["outcome_label"]["nl"] if pic and pic["outcome"] not in ("open", "ready") else "–"
        print(f"{r.seq:>5}  {r.id:<32}  {printable(r.created_at[:19].replace('T', ' ')):<19}  {printable(r.mode):<10}  "
              f"{printable(label):<36}  {n_open:>4}  {printable(advice):<26}  {printable(r.region)}")
    if total > args.offset + len(records):
        print(f"... {total} in totaal; meer met --offset {args.offset + len(records)}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from engine.verdict.render import render_text

    from ..i18n import both
    from .store import StoreError

    with _open(args) as store:
        rec = store.get(args.id)
        pic = store.picture(rec.id) if rec is not None and rec.mode == "pre-screen" else None
    if rec is None:
        raise StoreError.said(both("store.no_assessment", id=args.id))
    if args.committee:
        return _show_committee(args, pic)
    if args.plan:
        sys.stdout.buffer.write(rec.plan_bytes)
        sys.stdout.flush()
        return EXIT_OK
    if args.format == "json":
        _dump(rec.verdict.to_sorted_json())
        return EXIT_OK
    kind = {"self-check": "zelfcheck (adviserend)", "pre-screen": "voortoets (bindend)"}.get(rec.mode, rec.mode)
    print(f"Beoordeling {rec.id} — record {rec.seq} van de keten\n"
          f"  opgeslagen:  {printable(rec.created_at)}\n  soort:       {printable(kind)}\n"
          f"  gevraagd door: {printable(rec.actor)} ({printable(rec.role)})\n"
          f"  plan:        {printable(rec.plan_source)} (sha256 {rec.plan_sha256})\n"
          f"  regelboek:   {printable(rec.rulebook_ref)}\n"
          f"  record_hash: {rec.record_hash}\n  prev_hash:   {rec.prev_hash}\n")
    print(render_text(rec.verdict, lang=args.lang))
    if pic is not None:
        from engine.judgement.cli import picture_text

        print("\nHet deel van de commissie (oordelen op volgorde, advies):\n" + picture_text(pic))
    return EXIT_OK


def _show_committee(args: argparse.Namespace, pic: JSONObject | None) -> int:
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


def store_cli_assessment(loaded: LoadedPlan, verdict: Verdict) -> None:
    """`sto assess PLAN --store`: keep the assessment as an advisory self-check by this OS user."""
    from .store import open_store

    with open_store() as store:
        rec = store.record(plan_bytes=loaded.raw, plan_source=loaded.source, verdict=verdict, actor=os_user(),
                           role="cli", mode="self-check")
    print(f"Opgeslagen in de audit-store ({store.url.split('://')[0]}): id {rec.id}, record {rec.seq}. "
          f"Controleren: sto audit replay {rec.id}", file=sys.stderr)
