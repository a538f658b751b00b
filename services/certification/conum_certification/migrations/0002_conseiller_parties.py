"""The conseiller's host structure and training organisation, from ``conseiller.enrolled``:
who, besides the certifiers, may see the conseiller's certification record.

Rows written before this revision keep them empty until the conseiller's next enrolment
event (or a replay of the enrolment stream).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conseillers") as table:
        table.add_column(sa.Column("structure_id", sa.String(36), nullable=True))
        table.add_column(sa.Column("training_organisation_id", sa.String(50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conseillers") as table:
        table.drop_column("training_organisation_id")
        table.drop_column("structure_id")
