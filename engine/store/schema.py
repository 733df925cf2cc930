"""The audit store's tables (SQLAlchemy 2 Core). Migrations in `migrations/versions/` create them.

`assessments` and `committee_records` are append-only (database triggers refuse UPDATE and
DELETE) and share one chain: their `seq` numbers interleave, one sequence over both tables.
`chain_head` is the one row that serialises appends and remembers the newest record, so that
removing the newest records is detected too; a trigger lets it only advance to the record just appended.
"""
from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

assessments = Table(
    "assessments", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("id", String(32), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("region", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("plan_source", Text, nullable=False),
    Column("plan_bytes", LargeBinary, nullable=False),
    Column("plan_sha256", String(64), nullable=False),
    Column("verdict_json", Text, nullable=False),
    Column("verdict_sha256", String(64), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("rulebook_ref", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False, unique=True),
    Column("record_hash", String(64), nullable=False, unique=True),
)

# The committee's judgements, advice and withdrawals, each about one stored pre-screen.
committee_records = Table(
    "committee_records", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("id", String(32), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("kind", String(16), nullable=False),  # judgement | advice | withdrawal
    Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False, index=True),
    Column("region", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("body_json", Text, nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False, unique=True),
    Column("record_hash", String(64), nullable=False, unique=True),
)

# A client's idempotency key per submission (not part of the chain: a lookup, so that a retried
# request finds the record its first try stored instead of storing the plan again).
idempotency_keys = Table(
    "idempotency_keys", metadata,
    Column("actor", Text, primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("request_sha256", String(64), nullable=False),
    Column("assessment_id", String(32), ForeignKey("assessments.id"), nullable=False),
)

chain_head = Table(
    "chain_head", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("record_hash", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
)

# Signed checkpoints: one per record appended while a checkpoint key is configured, written in the
# record's own transaction (engine/store/checkpoint.py). Append-only like the records.
checkpoints = Table(
    "checkpoints", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("record_hash", String(64), nullable=False),
    Column("signed_at", String(40), nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("signature", String(128), nullable=False),
)
