"""The key vault (a key per conseiller) and the erasures (decision 0021).

Revision 0003, after 0002, of 2026-12-01.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


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
