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
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import orjson

from ..rulebook import messages as msg
from .chain import GENESIS, committee_record_hash, record_hash, sha256_hex

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


def walk_chain(rows: Iterable, head_seq: int, head_hash: str, progress: Callable[[int], None] | None = None,
               anchors: dict[int, str] | None = None) -> ChainReport:  # noqa: F821
    from .store import ChainReport

    checked, prev_seq, prev_hash, prev_created = 0, 0, GENESIS, ""
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
    return ChainReport(ok=True, checked=checked, head_seq=head_seq)
