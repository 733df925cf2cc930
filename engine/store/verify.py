"""Walking the chain: recompute every hash from the stored data and name the first record that fails.

A record holds when
  1. its seq follows the previous one's (no gap: a gap means records were removed),
  2. sha256(plan bytes) and sha256(verdict text) equal its plan_sha256 and verdict_sha256,
     and the verdict's own receipt names the same plan hash, outcome and rulebook version,
  3. record_hash equals the hash of its fields (chain.record_hash),
  4. prev_hash equals the previous record's record_hash (GENESIS for the first),
  5. created_at is not earlier than the previous record's.
Committee records (judgements, advice, withdrawals) are records of the same chain, in the same
seq numbering: for them, step 2 is sha256(body text) == body_sha256, and the pre-screen they are
about must stand earlier in the chain with the record_hash their body names; step 3 uses
chain.committee_record_hash.
After the last record, the chain head must name its seq and hash (so removing the newest records,
or appending behind the store's back, is detected as well).

Anchors ({seq: record_hash} noted down outside the database, e.g. from `sto audit head`) catch
what the chain alone cannot: someone who rewrites the whole chain from some record on, or empties
it, and recomputes every hash and the head.

Signed checkpoints (engine/store/checkpoint.py) do so without anyone noting anything down: with the
public key, every record from the first signed one on must have a checkpoint in the database whose
signature holds and that names its record_hash (a record without one was added behind the service's
back, one with another hash was rewritten), and every checkpoint in the checkpoint file outside the
database must match the record at its seq (one beyond the chain's end: the newest records were removed).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import orjson

from ..rulebook import messages as msg
from .chain import GENESIS, committee_record_hash, record_hash, sha256_hex
from .checkpoint import Checkpoint, FileCheckpoints, PublicKeys

_COMMITTEE_KINDS = {"judgement": ("het oordeel", "the judgement"), "advice": ("het advies", "the advice"),
                    "withdrawal": ("de intrekking", "the withdrawal")}


def _bad(kind: str, seq: int | None, record_id: str | None, nl: str, en: str, checked: int, head_seq: int):
    from .store import ChainReport

    return ChainReport(ok=False, checked=checked, head_seq=head_seq, first_bad_seq=seq, first_bad_id=record_id,
                       kind=kind, reason={"nl": nl, "en": en})


def _content_problem(m) -> tuple[str, str] | None:
    """Is the record's content what its hashes say? (nl, en) when not."""
    if sha256_hex(bytes(m["plan_bytes"])) != m["plan_sha256"]:
        return "het opgeslagen plan is gewijzigd", "the stored plan was altered"
    if sha256_hex(m["verdict_json"].encode("utf-8")) != m["verdict_sha256"]:
        return "het opgeslagen oordeel is gewijzigd", "the stored verdict was altered"
    try:
        verdict = orjson.loads(m["verdict_json"])
        receipt = verdict["receipt"]
        ref = f"{receipt['rulebook']['id']}@{receipt['rulebook']['version']}"
        consistent = (receipt["plan_sha256"] == m["plan_sha256"] and verdict["outcome"] == m["outcome"]
                      and ref == m["rulebook_ref"])
    except (orjson.JSONDecodeError, KeyError, TypeError):
        consistent = False
    if not consistent:
        return ("het oordeel past niet bij de velden van het record (plan-hash, uitkomst of regelboek)",
                "the verdict does not match the record's fields (plan hash, outcome or rulebook)")
    if record_hash(dict(m)) != m["record_hash"]:
        return ("de velden van het record zijn gewijzigd (record_hash klopt niet)",
                "the record's fields were altered (record_hash does not match)")
    return None


def _committee_problem(m, earlier: dict[str, str]) -> tuple[str, str] | None:
    """Is a committee record's content what its hashes say, and does it name its pre-screen?"""
    nl, en = _COMMITTEE_KINDS.get(m["kind"], ("het record van de commissie", "the committee record"))
    if m["kind"] not in _COMMITTEE_KINDS:
        return f"onbekende soort '{m['kind']}'", f"unknown kind '{m['kind']}'"
    if sha256_hex(m["body_json"].encode("utf-8")) != m["body_sha256"]:
        return f"de inhoud van {nl} is gewijzigd", f"the content of {en} was altered"
    if committee_record_hash(dict(m)) != m["record_hash"]:
        return (f"de velden van {nl} zijn gewijzigd (record_hash klopt niet)",
                f"the fields of {en} were altered (record_hash does not match)")
    try:
        named = orjson.loads(m["body_json"])["assessment_record_hash"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        named = None
    if earlier.get(m["assessment_id"]) is None or named != earlier[m["assessment_id"]]:
        return (f"{nl} verwijst naar beoordeling {m['assessment_id']}, maar die staat niet eerder in de keten met "
                f"de record_hash die {nl} noemt",
                f"{en} refers to assessment {m['assessment_id']}, which is not earlier in the chain with the "
                f"record_hash {en} names")
    return None


class _Peekable:
    """An iterator over the rows that can look at the next one without taking it."""

    _EMPTY, _END = object(), object()

    def __init__(self, rows: Iterable):
        self._rows, self._next = iter(rows), self._EMPTY

    def __iter__(self):
        return self

    def __next__(self):
        if self._next is self._END:
            raise StopIteration
        if self._next is not self._EMPTY:
            row, self._next = self._next, self._EMPTY
            return row
        return next(self._rows)

    def peek(self):
        if self._next is self._EMPTY:
            self._next = next(self._rows, self._END)
        return None if self._next is self._END else self._next


def _span(first: int, last: int) -> tuple[str, str]:
    if first < last:
        return f"record {first} t/m {last}", f"records {first} to {last}"
    return f"record {last}", f"record {last}"


def walk_chain(rows: Iterable, head_seq: int, head_hash: str, progress: Callable[[int], None] | None = None,
               anchors: dict[int, str] | None = None, *, keys: PublicKeys | None = None,
               signed: Iterable[Checkpoint] | None = None, in_file: FileCheckpoints | None = None
               ) -> ChainReport:  # noqa: F821
    from .store import ChainReport

    checked, prev_seq, prev_hash, prev_created = 0, 0, GENESIS, ""
    signed = _Peekable(signed if keys is not None and signed is not None else ())
    signed_from: int | None = None  # the first record with a checkpoint in the database
    from_file = {cp.seq: cp for cp in in_file.good} if in_file is not None else {}
    last_file_match = 0
    prev_id: str | None = None
    last_anchor = 0  # the newest record whose noted-down hash still matched
    assessment_hashes: dict[str, str] = {}  # id -> record_hash, for the committee records that name them
    rows = _Peekable(rows)  # type: ignore[assignment]
    for row in rows:
        m = row._mapping
        seq, rid = int(m["seq"]), m["id"]
        if seq <= prev_seq:
            return _bad("inserted", seq, rid,
                        f"record {seq} (id {rid}) staat buiten de reeks: de keten begint bij 1 en telt op",
                        f"record {seq} (id {rid}) is out of sequence: the chain starts at 1 and counts up",
                        checked, head_seq)
        if seq != prev_seq + 1:
            missing = f"{prev_seq + 1}" if seq == prev_seq + 2 else f"{prev_seq + 1} t/m {seq - 1}"
            return _bad("removed", prev_seq + 1, None,
                        f"record {missing} ontbreekt (verwijderd): na record {prev_seq} volgt record {seq} (id {rid})",
                        f"record {missing.replace('t/m', 'to')} is missing (removed): record {prev_seq} is "
                        f"followed by record {seq} (id {rid})", checked, head_seq)
        committee = "kind" in m
        problem = _committee_problem(m, assessment_hashes) if committee else _content_problem(m)
        if problem:
            return _bad("altered", seq, rid, f"record {seq} (id {rid}): {problem[0]}",
                        f"record {seq} (id {rid}): {problem[1]}", checked, head_seq)
        if m["prev_hash"] != prev_hash:
            following = rows.peek()
            if prev_seq and (following is None or following._mapping["prev_hash"] != prev_hash):
                # Nothing after this record links to the predecessor's hash either: the predecessor was
                # changed and its hash recomputed (this record still names its old hash). An inserted
                # record leaves the record it displaced linking to the predecessor.
                return _bad("altered", prev_seq, prev_id,
                            f"record {prev_seq} (id {prev_id}) is gewijzigd en zijn hash is opnieuw berekend: "
                            f"record {seq} (id {rid}) noemt een andere hash als zijn voorganger",
                            f"record {prev_seq} (id {prev_id}) was altered and its hash recomputed: record {seq} "
                            f"(id {rid}) names another hash as its predecessor", checked - 1, head_seq)
            return _bad("inserted", seq, rid,
                        f"record {seq} (id {rid}) sluit niet aan op record {prev_seq}: buiten de volgorde ingevoegd, "
                        f"of zijn voorganger is vervangen",
                        f"record {seq} (id {rid}) does not link to record {prev_seq}: inserted out of order, or "
                        f"its predecessor was replaced", checked, head_seq)
        if m["created_at"] < prev_created:
            return _bad("inserted", seq, rid,
                        f"record {seq} (id {rid}) is ouder ({m['created_at']}) dan record {prev_seq} "
                        f"({prev_created}): buiten de volgorde ingevoegd",
                        f"record {seq} (id {rid}) is older ({m['created_at']}) than record {prev_seq} "
                        f"({prev_created}): inserted out of order", checked, head_seq)
        if keys is not None:
            while (following := signed.peek()) is not None and following.seq < seq:
                next(signed)
            cp = next(signed) if following is not None and following.seq == seq else None
            if cp is not None:
                if not keys.holds(cp):
                    return _bad("signature", seq, rid,
                                f"record {seq} (id {rid}): zijn controlepunt in de database is niet met de sleutel "
                                f"ondertekend (vervalst, of met een sleutel die niet is opgegeven)",
                                f"record {seq} (id {rid}): its checkpoint in the database is not signed with the key "
                                f"(forged, or signed with a key that was not given)", checked, head_seq)
                if cp.record_hash != m["record_hash"]:
                    return _bad("signature", seq, rid,
                                f"record {seq} (id {rid}) is gewijzigd nadat het is ondertekend (controlepunt van "
                                f"{cp.signed_at}): de keten is vanaf dit record herschreven",
                                f"record {seq} (id {rid}) was altered after it was signed (checkpoint of "
                                f"{cp.signed_at}): the chain was rewritten from this record on", checked, head_seq)
                signed_from = seq if signed_from is None else signed_from
            elif signed_from is not None:
                return _bad("unsigned", seq, rid,
                            f"record {seq} (id {rid}) is niet ondertekend, terwijl elk record sinds record "
                            f"{signed_from} ondertekend is: het is buiten de service om toegevoegd of herschreven, "
                            f"door wie de database kan schrijven maar de sleutel niet heeft",
                            f"record {seq} (id {rid}) is not signed, while every record since record {signed_from} "
                            f"is: it was added or rewritten behind the service's back, by someone who can write the "
                            f"database but does not hold the key", checked, head_seq)
        if seq in from_file:
            cp = from_file[seq]
            if cp.record_hash != m["record_hash"]:
                span_nl, span_en = _span(last_file_match + 1, seq)
                return _bad("checkpoint", seq, rid,
                            f"record {seq} (id {rid}) heeft niet de hash van zijn ondertekende controlepunt in "
                            f"{in_file.path} ({cp.signed_at}): de keten is herschreven; het eerste gewijzigde record "
                            f"is {span_nl}",
                            f"record {seq} (id {rid}) does not have the hash of its signed checkpoint in "
                            f"{in_file.path} ({cp.signed_at}): the chain was rewritten; the first changed record is "
                            f"{span_en}", checked, head_seq)
            last_file_match = seq
        if anchors and seq in anchors:
            if anchors[seq] != m["record_hash"]:
                # The chain is consistent, so the rewrite recomputed every hash from its first changed
                # record on: that record lies after the newest anchor that still matches.
                span_nl = f"record {last_anchor + 1} t/m {seq}" if last_anchor + 1 < seq else f"record {seq}"
                span_en = f"records {last_anchor + 1} to {seq}" if last_anchor + 1 < seq else f"record {seq}"
                return _bad("anchor", seq, rid,
                            f"record {seq} (id {rid}) heeft niet de record_hash die eerder is vastgelegd "
                            f"({anchors[seq][:16]}…): de keten is herschreven; het eerste gewijzigde record ligt "
                            f"in {span_nl} (noteer vaker een hash of controleer de ondertekende controlepunten "
                            f"om het nauwkeuriger te weten)",
                            f"record {seq} (id {rid}) does not have the record_hash noted down earlier "
                            f"({anchors[seq][:16]}…): the chain was rewritten; the first changed record is among "
                            f"{span_en} (note hashes more often to narrow it down)", checked, head_seq)
            last_anchor = seq
        if not committee:
            assessment_hashes[rid] = m["record_hash"]
        checked, prev_seq, prev_hash, prev_created = checked + 1, seq, m["record_hash"], m["created_at"]
        prev_id = rid
        if progress is not None:
            progress(checked)
    beyond_file = sorted(seq for seq in from_file if seq > prev_seq)
    if beyond_file:
        cp = from_file[beyond_file[-1]]
        return _bad("removed", prev_seq + 1, None,
                    f"record {cp.seq} is ondertekend vastgelegd in {in_file.path} ({cp.signed_at}), maar de keten "
                    f"eindigt bij record {prev_seq}: "
                    + msg.render("{n, plural, one {het nieuwste record is} other {de nieuwste # records zijn}} "
                                 "verwijderd", "nl", n=cp.seq - prev_seq) + f" (vanaf record {prev_seq + 1})",
                    f"record {cp.seq} was signed in {in_file.path} ({cp.signed_at}), but the chain ends at record "
                    f"{prev_seq}: " + msg.render("{n, plural, one {the newest record was} other {the newest # records "
                                                 "were}} removed", "en", n=cp.seq - prev_seq)
                    + f" (from record {prev_seq + 1} on)", checked, head_seq)
    leftover = [cp for cp in signed if cp.seq > prev_seq and keys.holds(cp)] if keys is not None else []
    if leftover:
        return _bad("removed", prev_seq + 1, None,
                    f"record {leftover[-1].seq} is ondertekend ({leftover[-1].signed_at}), maar de keten eindigt bij "
                    f"record {prev_seq}: records zijn verwijderd (vanaf record {prev_seq + 1})",
                    f"record {leftover[-1].seq} was signed ({leftover[-1].signed_at}), but the chain ends at record "
                    f"{prev_seq}: records were removed (from record {prev_seq + 1} on)", checked, head_seq)
    beyond = sorted(seq for seq in (anchors or {}) if seq > prev_seq)
    if beyond:
        return _bad("removed", beyond[0], None,
                    f"record {beyond[0]} is eerder vastgelegd, maar de keten eindigt bij record {prev_seq}: "
                    f"records zijn verwijderd",
                    f"record {beyond[0]} was noted down earlier, but the chain ends at record {prev_seq}: "
                    f"records were removed", checked, head_seq)
    if head_seq > prev_seq:
        return _bad("removed", prev_seq + 1, None,
                    f"de keten eindigt bij record {prev_seq}, maar het laatst geschreven record is {head_seq}: "
                    + msg.render("{n, plural, one {het nieuwste record is} other {de nieuwste # records zijn}} "
                                 "verwijderd", "nl", n=head_seq - prev_seq),
                    f"the chain ends at record {prev_seq}, but the newest record written is {head_seq}: "
                    + msg.render("{n, plural, one {the newest record was} other {the newest # records were}} "
                                 "removed", "en", n=head_seq - prev_seq), checked, head_seq)
    if head_seq < prev_seq or head_hash != prev_hash:
        return _bad("head", prev_seq, None,
                    f"de kop van de keten (record {head_seq}) komt niet overeen met het laatste record ({prev_seq}): "
                    f"records zijn buiten de store om toegevoegd of de kop is gewijzigd",
                    f"the chain head (record {head_seq}) does not match the last record ({prev_seq}): records "
                    f"were added behind the store's back, or the head was altered", checked, head_seq)
    if in_file is not None and in_file.bad:
        number, why = in_file.bad[0]
        nl = {"not a checkpoint line": "geen regel van een controlepunt"}.get(why) or why.replace(
            "the signature of record", "de handtekening van record").replace("does not hold", "klopt niet")
        return _bad("checkpoint", None, None,
                    f"het controlepuntbestand {in_file.path}, regel {number}: {nl}: het bestand is gewijzigd "
                    f"(de keten zelf is in orde)",
                    f"the checkpoint file {in_file.path}, line {number}: {why}: the file was altered (the chain "
                    f"itself is intact)", checked, head_seq)
    notes = []
    newest = max([signed_from and prev_seq or 0, last_file_match]) or None
    if keys is not None:
        if signed_from is None and not from_file:
            notes.append({"nl": "er staat nog geen ondertekend controlepunt in de database of het bestand; de keten "
                                "is alleen door zichzelf beschermd",
                          "en": "there is no signed checkpoint in the database or the file yet; the chain protects "
                                "itself only"})
        if in_file is None:
            notes.append({"nl": "geen controlepuntbestand opgegeven of gevonden: of de nieuwste records zijn "
                                "verwijderd (de keten ingekort), is zonder dat bestand niet vast te stellen",
                          "en": "no checkpoint file given or found: whether the newest records were removed (the "
                                "chain truncated) cannot be told without it"})
        elif in_file.torn_last_line:
            notes.append({"nl": f"de laatste regel van {in_file.path} is onvolledig (een schrijver stopte halverwege) "
                                f"en is overgeslagen",
                          "en": f"the last line of {in_file.path} is incomplete (a writer stopped half-way) and was "
                                f"skipped"})
    return ChainReport(ok=True, checked=checked, head_seq=head_seq, signed_from=signed_from,
                       checkpoint_file=in_file.path if in_file is not None else None, newest_checkpoint=newest,
                       notes=notes)
