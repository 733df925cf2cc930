"""Signed checkpoints (append-only), and a chain head that only moves forward to the record just appended.

Revision ID: 0004_checkpoints
Revises: 0003_idempotency_keys
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_checkpoints"
down_revision = "0003_idempotency_keys"
branch_labels = None
depends_on = None

# The head may only advance by one, to a record that is stored and links to the old head: what the
# append path does. Rewinding it (hiding removed records) or pointing it elsewhere is refused, also for
# the service's own database login, which needs UPDATE on the row to lock it.
_ADVANCE = ("NEW.id = OLD.id AND NEW.seq = OLD.seq + 1 AND ("
            "EXISTS (SELECT 1 FROM assessments a WHERE a.seq = NEW.seq AND a.record_hash = NEW.record_hash "
            "AND a.prev_hash = OLD.record_hash AND a.created_at = NEW.created_at) OR "
            "EXISTS (SELECT 1 FROM committee_records c WHERE c.seq = NEW.seq AND c.record_hash = NEW.record_hash "
            "AND c.prev_hash = OLD.record_hash AND c.created_at = NEW.created_at))")

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints "
    "BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: a stored checkpoint is never updated'); END",
    "CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints "
    "BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: a stored checkpoint is never deleted'); END",
    f"CREATE TRIGGER chain_head_advance_only BEFORE UPDATE ON chain_head WHEN NOT ({_ADVANCE}) "
    "BEGIN SELECT RAISE(ABORT, 'chain_head only advances to the record just appended'); END",
    "CREATE TRIGGER chain_head_no_delete BEFORE DELETE ON chain_head "
    "BEGIN SELECT RAISE(ABORT, 'chain_head only advances to the record just appended'); END",
    "CREATE TRIGGER chain_head_no_insert BEFORE INSERT ON chain_head "
    "BEGIN SELECT RAISE(ABORT, 'chain_head only advances to the record just appended'); END",
)
_PG_TRIGGERS = (
    "CREATE FUNCTION sto_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'checkpoints are append-only: % is not allowed', TG_OP; END $$",
    "CREATE TRIGGER checkpoints_no_change BEFORE UPDATE OR DELETE ON checkpoints "
    "FOR EACH ROW EXECUTE FUNCTION sto_checkpoints_append_only()",
    "CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints "
    "FOR EACH STATEMENT EXECUTE FUNCTION sto_checkpoints_append_only()",
    "CREATE FUNCTION sto_chain_head_advance_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF TG_OP = 'UPDATE' THEN IF {_ADVANCE} THEN RETURN NEW; END IF; END IF; "
    "RAISE EXCEPTION 'chain_head only advances to the record just appended: % is not allowed', TG_OP; END $$",
    "CREATE TRIGGER chain_head_advance_only BEFORE INSERT OR UPDATE OR DELETE ON chain_head "
    "FOR EACH ROW EXECUTE FUNCTION sto_chain_head_advance_only()",
    "CREATE TRIGGER chain_head_no_truncate BEFORE TRUNCATE ON chain_head "
    "FOR EACH STATEMENT EXECUTE FUNCTION sto_chain_head_advance_only()",
)


def upgrade() -> None:
    op.create_table(
        "checkpoints",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("record_hash", sa.String(64), nullable=False),
        sa.Column("signed_at", sa.String(40), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
    )
    dialect = op.get_bind().dialect.name
    for statement in _PG_TRIGGERS if dialect == "postgresql" else _SQLITE_TRIGGERS if dialect == "sqlite" else ():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS sto_chain_head_advance_only() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS sto_checkpoints_append_only() CASCADE")
    elif dialect == "sqlite":
        for name in ("chain_head_advance_only", "chain_head_no_delete", "chain_head_no_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("checkpoints")
