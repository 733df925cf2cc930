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

from ..errors import Texts
from ..i18n import N_, both, both_n
from .chain import GENESIS, committee_record_hash, record_hash, sha256_hex
from .checkpoint import Checkpoint, FileCheckpoints, PublicKeys

if TYPE_CHECKING:
    from .store import ChainReport

T = TypeVar("T")

_COMMITTEE_KINDS = {"judgement": N_("chain.kind.judgement"), "advice": N_("chain.kind.advice"),
                    "withdrawal": N_("chain.kind.withdrawal")}


def _bad(kind: str, seq: int | None, record_id: str | None, reason: Texts, checked: int,
         head_seq: int) -> ChainReport:
    from .store import ChainReport

    return ChainReport(ok=False, checked=checked, head_seq=head_seq, first_bad_seq=seq, first_bad_id=record_id,
                       kind=kind, reason=dict(reason))


def _content_problem(m: RowMapping) -> Texts | None:
    """Is the record's content what its hashes say? What is wrong when not."""
    if sha256_hex(bytes(m["plan_bytes"])) != m["plan_sha256"]:
        return both("chain.plan_altered")
    if sha256_hex(m["verdict_json"].encode("utf-8")) != m["verdict_sha256"]:
        return both("chain.verdict_altered")
    try:
        verdict = orjson.loads(m["verdict_json"])
        receipt = verdict["receipt"]
        ref = f"{receipt['rulebook']['id']}@{receipt['rulebook']['version']}"
        consistent = (receipt["plan_sha256"] == m["plan_sha256"] and verdict["outcome"] == m["outcome"]
                      and ref == m["rulebook_ref"])
    except (orjson.JSONDecodeError, KeyError, TypeError):
        consistent = False
    if not consistent:
        return both("chain.verdict_inconsistent")
    if record_hash(dict(m)) != m["record_hash"]:
        return both("chain.fields_altered")
    return None


def _committee_problem(m: RowMapping, earlier: dict[str, str]) -> Texts | None:
    """Is a committee record's content what its hashes say, and does it name its pre-screen?"""
    if m["kind"] not in _COMMITTEE_KINDS:
        return both("chain.unknown_kind", kind=m["kind"])
    what = both(_COMMITTEE_KINDS[m["kind"]])
    if sha256_hex(m["body_json"].encode("utf-8")) != m["body_sha256"]:
        return both("chain.committee_content_altered", what=what)
    if committee_record_hash(dict(m)) != m["record_hash"]:
        return both("chain.committee_fields_altered", what=what)
    try:
        named = orjson.loads(m["body_json"])["assessment_record_hash"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        named = None
    if earlier.get(m["assessment_id"]) is None or named != earlier[m["assessment_id"]]:
        return both("chain.committee_dangling", what=what, assessment=m["assessment_id"])
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


def _span(first: int, last: int) -> Texts:
    """The records from `first` to `last`, in words."""
    return both("chain.span.range", first=first, last=last) if first < last else both("chain.span.one", last=last)


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
            return _bad("inserted", seq, rid, both("chain.out_of_sequence", seq=seq, rid=rid), checked, head_seq)
        if seq != prev_seq + 1:
            missing: object = prev_seq + 1 if seq == prev_seq + 2 else both("chain.range", first=prev_seq + 1,
                                                                              last=seq - 1)
            return _bad("removed", prev_seq + 1, None,
                        both("chain.removed_between", missing=missing, prev=prev_seq, seq=seq, rid=rid),
                        checked, head_seq)
        committee = "kind" in m
        problem = _committee_problem(m, assessment_hashes) if committee else _content_problem(m)
        if problem:
            return _bad("altered", seq, rid, both("chain.record_problem", seq=seq, rid=rid, problem=problem),
                        checked, head_seq)
        if m["prev_hash"] != prev_hash:
            following = chain.peek()
            if prev_seq and (following is None or following._mapping["prev_hash"] != prev_hash):
                # Nothing after this record links to the predecessor's hash either: the predecessor was
                # changed and its hash recomputed (this record still names its old hash). An inserted
                # record leaves the record it displaced linking to the predecessor.
                return _bad("altered", prev_seq, prev_id,
                            both("chain.recomputed", prev=prev_seq, prev_id=prev_id, seq=seq, rid=rid),
                            checked - 1, head_seq)
            return _bad("inserted", seq, rid, both("chain.not_linked", seq=seq, rid=rid, prev=prev_seq),
                        checked, head_seq)
        if m["created_at"] < prev_created:
            return _bad("inserted", seq, rid, both("chain.older", seq=seq, rid=rid, created=m["created_at"],
                                                   prev=prev_seq, prev_created=prev_created), checked, head_seq)
        if keys is not None:
            while (signed_next := in_database.peek()) is not None and signed_next.seq < seq:
                next(in_database)
            cp = next(in_database) if signed_next is not None and signed_next.seq == seq else None
            if cp is not None:
                if not keys.holds(cp):
                    return _bad("signature", seq, rid, both("chain.signature_not_held", seq=seq, rid=rid),
                                checked, head_seq)
                if cp.record_hash != m["record_hash"]:
                    return _bad("signature", seq, rid,
                                both("chain.altered_after_signing", seq=seq, rid=rid, signed_at=cp.signed_at),
                                checked, head_seq)
                signed_from = seq if signed_from is None else signed_from
            elif signed_from is not None:
                return _bad("unsigned", seq, rid, both("chain.unsigned", seq=seq, rid=rid, signed_from=signed_from),
                            checked, head_seq)
        if seq in from_file:
            assert in_file is not None  # from_file is empty without a file
            cp = from_file[seq]
            if cp.record_hash != m["record_hash"]:
                return _bad("checkpoint", seq, rid,
                            both("chain.checkpoint_mismatch", seq=seq, rid=rid, path=in_file.path,
                                 signed_at=cp.signed_at, span=_span(last_file_match + 1, seq)), checked, head_seq)
            last_file_match = seq
        if anchors and seq in anchors:
            if anchors[seq] != m["record_hash"]:
                # The chain is consistent, so the rewrite recomputed every hash from its first changed
                # record on: that record lies after the newest anchor that still matches.
                return _bad("anchor", seq, rid,
                            both("chain.anchor_mismatch", seq=seq, rid=rid, noted=anchors[seq][:16],
                                 span=_span(last_anchor + 1, seq)), checked, head_seq)
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
                    both_n("chain.file_beyond_chain", "chain.file_beyond_chain.plural", cp.seq - prev_seq,
                           signed=cp.seq, path=in_file.path, signed_at=cp.signed_at, last=prev_seq,
                           first_gone=prev_seq + 1), checked, head_seq)
    leftover = [cp for cp in in_database if cp.seq > prev_seq and keys.holds(cp)] if keys is not None else []
    if leftover:
        return _bad("removed", prev_seq + 1, None,
                    both("chain.signed_beyond_chain", signed=leftover[-1].seq, signed_at=leftover[-1].signed_at,
                         last=prev_seq, first_gone=prev_seq + 1), checked, head_seq)
    beyond = sorted(seq for seq in (anchors or {}) if seq > prev_seq)
    if beyond:
        return _bad("removed", beyond[0], None, both("chain.noted_beyond_chain", noted=beyond[0], last=prev_seq),
                    checked, head_seq)
    if head_seq > prev_seq:
        return _bad("removed", prev_seq + 1, None,
                    both_n("chain.head_beyond_chain", "chain.head_beyond_chain.plural", head_seq - prev_seq,
                           last=prev_seq, head=head_seq), checked, head_seq)
    if head_seq < prev_seq or head_hash != prev_hash:
        return _bad("head", prev_seq, None, both("chain.head_mismatch", head=head_seq, last=prev_seq),
                    checked, head_seq)
    if in_file is not None and in_file.bad:
        number, why = in_file.bad[0]
        return _bad("checkpoint", None, None,
                    both("verify.checkpoint_file_altered", path=in_file.path, line=number, why=why), checked, head_seq)
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
