"""Training facts by enrolment: the enrolment the facts of a conseiller belong to, and the
earlier ones.

Rows written before this revision have no enrolment id; the first event bearing one gives it
(decision 0016).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conseillers") as table:
        table.add_column(sa.Column("enrolment_id", sa.String(36), nullable=True))
        table.add_column(
            sa.Column("earlier_enrolment_ids", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("conseillers") as table:
        table.alter_column("earlier_enrolment_ids", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("conseillers") as table:
        table.drop_column("earlier_enrolment_ids")
        table.drop_column("enrolment_id")
