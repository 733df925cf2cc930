"""The append-only assessments table with its hash chain, and the one-row chain head.

Revision ID: 0001_audit_chain
Revises:
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_audit_chain"
down_revision = None
branch_labels = None
depends_on = None

GENESIS = "0" * 64

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments "
    "BEGIN SELECT RAISE(ABORT, 'assessments are append-only: a stored record is never updated'); END",
    "CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments "
    "BEGIN SELECT RAISE(ABORT, 'assessments are append-only: a stored record is never deleted'); END",
)
_PG_TRIGGERS = (
    "CREATE FUNCTION sto_assessments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'assessments are append-only: % is not allowed', TG_OP; END $$",
    "CREATE TRIGGER assessments_no_change BEFORE UPDATE OR DELETE ON assessments "
    "FOR EACH ROW EXECUTE FUNCTION sto_assessments_append_only()",
    "CREATE TRIGGER assessments_no_truncate BEFORE TRUNCATE ON assessments "
    "FOR EACH STATEMENT EXECUTE FUNCTION sto_assessments_append_only()",
)


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("plan_source", sa.Text, nullable=False),
        sa.Column("plan_bytes", sa.LargeBinary, nullable=False),
        sa.Column("plan_sha256", sa.String(64), nullable=False),
        sa.Column("verdict_json", sa.Text, nullable=False),
        sa.Column("verdict_sha256", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("rulebook_ref", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("record_hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_assessments_region_seq", "assessments", ["region", "seq"])
    op.create_index("ix_assessments_mode_seq", "assessments", ["mode", "seq"])
    head = op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("record_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "record_hash": GENESIS, "created_at": ""}])
    dialect = op.get_bind().dialect.name
    for statement in _PG_TRIGGERS if dialect == "postgresql" else _SQLITE_TRIGGERS if dialect == "sqlite" else ():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS sto_assessments_append_only() CASCADE")
    op.drop_table("chain_head")
    op.drop_index("ix_assessments_mode_seq", "assessments")
    op.drop_index("ix_assessments_region_seq", "assessments")
    op.drop_table("assessments")
