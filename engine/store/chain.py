"""The hash chain: pure functions, so an auditor can recompute every hash by hand (docs/audit.md).

    record_hash = sha256( canonical JSON of {
        "seq", "id", "created_at", "region", "actor", "role", "mode", "plan_source",
        "plan_sha256", "verdict_sha256", "outcome", "rulebook_ref", "prev_hash" } )

canonical JSON: keys sorted, no whitespace, UTF-8, non-ASCII characters as themselves
(`json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))`).
`plan_sha256` is the sha256 of the plan bytes exactly as submitted; `verdict_sha256` is the
sha256 of the stored verdict text (the verdict as canonical JSON, timestamp included).
The first record's `prev_hash` is GENESIS (64 zeros); every later one's is its predecessor's
`record_hash`.

A committee record (judgement, advice, withdrawal; same chain, same seq numbering) hashes

    committee_record_hash = sha256( canonical JSON of {
        "seq", "id", "created_at", "kind", "assessment_id", "region", "actor", "role",
        "body_sha256", "prev_hash" } )

with `body_sha256` the sha256 of the stored body text (the record's content as canonical JSON, which
names the `assessment_record_hash` of the pre-screen it is about).
"""
from __future__ import annotations

import hashlib

from ..jsontypes import JSONObject
from ..verdict.build import canonical_bytes

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "id", "created_at", "region", "actor", "role", "mode", "plan_source",
                 "plan_sha256", "verdict_sha256", "outcome", "rulebook_ref", "prev_hash")

COMMITTEE_HASHED_FIELDS = ("seq", "id", "created_at", "kind", "assessment_id", "region", "actor", "role",
                           "body_sha256", "prev_hash")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verdict_text(verdict: JSONObject) -> str:
    """The form a verdict is stored in: canonical JSON, so its bytes (and hash) are reproducible."""
    return canonical_bytes(verdict).decode("utf-8")


def record_hash(fields: JSONObject) -> str:
    missing = [name for name in HASHED_FIELDS if name not in fields]
    if missing:
        raise KeyError(f"cannot hash a record without {missing}")
    return sha256_hex(canonical_bytes({name: fields[name] for name in HASHED_FIELDS}))


def committee_record_hash(fields: JSONObject) -> str:
    missing = [name for name in COMMITTEE_HASHED_FIELDS if name not in fields]
    if missing:
        raise KeyError(f"cannot hash a committee record without {missing}")
    return sha256_hex(canonical_bytes({name: fields[name] for name in COMMITTEE_HASHED_FIELDS}))
