"""Training facts by enrolment: the enrolment the facts of a conseiller belong to, and the
earlier ones.

Rows written before this revision have no enrolment id; the first event bearing one gives it
(decision 0016).

Revision 0003, after 0002, of 2026-11-23.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


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
