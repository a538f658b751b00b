"""Structures, conseillers, enrolments, and the outbox and inbox.

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
        "structures",
        sa.Column("structure_id", sa.String(36), primary_key=True),
        sa.Column("siret", sa.String(14), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("department", sa.String(3), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
    )
    op.create_index("ix_structures_region", "structures", ["region"])
    op.create_table(
        "conseillers",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("first_name", sa.String(200), nullable=False),
        sa.Column("last_name", sa.String(200), nullable=False),
    )
    op.create_table(
        "enrolments",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column(
            "structure_id",
            sa.String(36),
            sa.ForeignKey("structures.structure_id"),
            nullable=False,
        ),
        sa.Column("department", sa.String(3), nullable=False),
        sa.Column("region", sa.String(10), nullable=False),
        sa.Column("scheme", sa.String(4), nullable=False),
        sa.Column("employment", sa.String(20), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("remote_reason", sa.String(500), nullable=True),
        sa.Column("training_organisation_id", sa.String(50), nullable=False),
        sa.Column("training_organisation_name", sa.String(200), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
    )
    op.create_index("ix_enrolments_region", "enrolments", ["region"])
    op.create_index("ix_enrolments_state", "enrolments", ["state"])
    op.create_index(
        "ix_enrolments_training_organisation_id", "enrolments", ["training_organisation_id"]
    )


def downgrade() -> None:
    for table in ("enrolments", "conseillers", "structures", "inbox", "outbox"):
        op.drop_table(table)
