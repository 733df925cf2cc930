"""Idempotency keys: a client's key for a submission, so that a retry stores nothing twice.

Revision ID: 0003_idempotency_keys
Revises: 0002_committee_records
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_idempotency_keys"
down_revision = "0002_committee_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("actor", sa.Text, primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("assessment_id", sa.String(32), sa.ForeignKey("assessments.id"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("idempotency_keys")
