"""Positionings, and the outbox and inbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from conum_runtime.migrations import create_runtime_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_runtime_tables(op)
    op.create_table(
        "positionings",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("scheme", sa.String(4), nullable=False),
        sa.Column("training_organisation_id", sa.String(50), nullable=False),
        sa.Column("test_on", sa.Date(), nullable=False),
        sa.Column("interview_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
    )
    op.create_index("ix_positionings_region", "positionings", ["region"])


def downgrade() -> None:
    for table in ("positionings", "inbox", "outbox"):
        op.drop_table(table)
