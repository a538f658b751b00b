"""The key vault (a key per conseiller) and the erasures (decision 0021).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conseiller_keys",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("key_id", sa.String(36), nullable=False, unique=True),
        sa.Column("material", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "erasures",
        sa.Column("conseiller_id", sa.String(36), primary_key=True),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("requested_by", sa.String(40), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("erasures")
    op.drop_table("conseiller_keys")
