"""The committee's judgements, advice and withdrawals: append-only records in the same hash chain.

Revision ID: 0002_committee_records
Revises: 0001_audit_chain
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_committee_records"
down_revision = "0001_audit_chain"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER committee_records_no_update BEFORE UPDATE ON committee_records "
    "BEGIN SELECT RAISE(ABORT, 'committee records are append-only: a stored record is never updated'); END",
    "CREATE TRIGGER committee_records_no_delete BEFORE DELETE ON committee_records "
    "BEGIN SELECT RAISE(ABORT, 'committee records are append-only: a stored record is never deleted'); END",
)
_PG_TRIGGERS = (
    "CREATE FUNCTION sto_committee_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'committee records are append-only: % is not allowed', TG_OP; END $$",
    "CREATE TRIGGER committee_records_no_change BEFORE UPDATE OR DELETE ON committee_records "
    "FOR EACH ROW EXECUTE FUNCTION sto_committee_records_append_only()",
    "CREATE TRIGGER committee_records_no_truncate BEFORE TRUNCATE ON committee_records "
    "FOR EACH STATEMENT EXECUTE FUNCTION sto_committee_records_append_only()",
)


def upgrade() -> None:
    op.create_table(
        "committee_records",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("assessment_id", sa.String(32), sa.ForeignKey("assessments.id"), nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("body_json", sa.Text, nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("record_hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_committee_records_assessment_id", "committee_records", ["assessment_id"])
    dialect = op.get_bind().dialect.name
    for statement in _PG_TRIGGERS if dialect == "postgresql" else _SQLITE_TRIGGERS if dialect == "sqlite" else ():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS sto_committee_records_append_only() CASCADE")
    op.drop_index("ix_committee_records_assessment_id", "committee_records")
    op.drop_table("committee_records")
