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

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import orjson
from sqlalchemy import Row, RowMapping

from ..i18n import both
from ..rulebook import messages as msg
from .chain import GENESIS, committee_record_hash, record_hash, sha256_hex
from .checkpoint import Checkpoint, FileCheckpoints, PublicKeys

if TYPE_CHECKING:
    from .store import ChainReport

T = TypeVar("T")

_COMMITTEE_KINDS = {"judgement": ("het oordeel", "the judgement"), "advice": ("het advies", "the advice"),
                    "withdrawal": ("de intrekking", "the withdrawal")}


def _bad(kind: str, seq: int | None, record_id: str | None, nl: str, en: str, checked: int,
         head_seq: int) -> ChainReport:
    from .store import ChainReport

    return ChainReport(ok=False, checked=checked, head_seq=head_seq, first_bad_seq=seq, first_bad_id=record_id,
                       kind=kind, reason={"nl": nl, "en": en})


def _content_problem(m: RowMapping) -> tuple[str, str] | None:
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


def _committee_problem(m: RowMapping, earlier: dict[str, str]) -> tuple[str, str] | None:
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


class _Peekable(Generic[T]):
    """An iterator over the rows that can look at the next one without taking it."""

    def __init__(self, rows: Iterable[T]):
        self._rows: Iterator[T] = iter(rows)
        self._ahead: list[T] = []  # the next row once peeked at: none or one
        self._ended = False

    def __iter__(self) -> _Peekable[T]:
        return self

    def __next__(self) -> T:
        if self._ahead:
            return self._ahead.pop()
        if self._ended:
            raise StopIteration
        return next(self._rows)

    def peek(self) -> T | None:
        if not self._ahead and not self._ended:
            try:
                self._ahead.append(next(self._rows))
            except StopIteration:
                self._ended = True
        return self._ahead[0] if self._ahead else None


def _span(first: int, last: int) -> tuple[str, str]:
    if first < last:
        return f"record {first} t/m {last}", f"records {first} to {last}"
    return f"record {last}", f"record {last}"


def walk_chain(rows: Iterable[Row[Any]], head_seq: int, head_hash: str, progress: Callable[[int], object] | None = None,
               anchors: dict[int, str] | None = None, *, keys: PublicKeys | None = None,
               signed: Iterable[Checkpoint] | None = None, in_file: FileCheckpoints | None = None
               ) -> ChainReport:
    from .store import ChainReport

    checked, prev_seq, prev_hash, prev_created = 0, 0, GENESIS, ""
    in_database = _Peekable(signed if keys is not None and signed is not None else ())
    signed_from: int | None = None  # the first record with a checkpoint in the database
    from_file = {cp.seq: cp for cp in in_file.good} if in_file is not None else {}
    last_file_match = 0
    prev_id: str | None = None
    last_anchor = 0  # the newest record whose noted-down hash still matched
    assessment_hashes: dict[str, str] = {}  # id -> record_hash, for the committee records that name them
    chain = _Peekable(rows)
    for row in chain:
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
            following = chain.peek()
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
            while (signed_next := in_database.peek()) is not None and signed_next.seq < seq:
                next(in_database)
            cp = next(in_database) if signed_next is not None and signed_next.seq == seq else None
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
            assert in_file is not None  # from_file is empty without a file
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
        assert in_file is not None  # from_file is empty without a file
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
    leftover = [cp for cp in in_database if cp.seq > prev_seq and keys.holds(cp)] if keys is not None else []
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
        altered = both("verify.checkpoint_file_altered", path=in_file.path, line=number, why=why)
        return _bad("checkpoint", None, None, altered["nl"], altered["en"], checked, head_seq)
    notes: list[dict[str, str]] = []
    newest = max([signed_from and prev_seq or 0, last_file_match]) or None
    if keys is not None:
        if signed_from is None and not from_file:
            notes.append(both("verify.note.no_checkpoint"))
        if in_file is None:
            notes.append(both("verify.note.no_checkpoint_file"))
        elif in_file.torn_last_line:
            notes.append(both("verify.note.torn_last_line", path=in_file.path))
    return ChainReport(ok=True, checked=checked, head_seq=head_seq, signed_from=signed_from,
                       checkpoint_file=in_file.path if in_file is not None else None, newest_checkpoint=newest,
                       notes=notes)
