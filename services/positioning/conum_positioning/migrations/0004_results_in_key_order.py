"""Results by conseiller and sequence: the reconciliation's listing reads a page of
conseillers' results in that order (decision 0036).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_positioning_results_conseiller_sequence"


def upgrade() -> None:
    op.create_index(INDEX, "positioning_results", ["conseiller_id", "sequence"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="positioning_results")
