"""The conseiller's host structure and training organisation, from ``conseiller.enrolled``:
who, besides the certifiers, may see the conseiller's certification record.

Rows written before this revision keep them empty until the conseiller's next enrolment
event (or a replay of the enrolment stream).

Revision 0002, after 0001, of 2026-11-23.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("conseillers") as table:
        table.add_column(sa.Column("structure_id", sa.String(36), nullable=True))
        table.add_column(sa.Column("training_organisation_id", sa.String(50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conseillers") as table:
        table.drop_column("training_organisation_id")
        table.drop_column("structure_id")
