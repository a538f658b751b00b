"""Results by conseiller and sequence: the reconciliation's listing reads a page of
conseillers' results in that order (decision 0036).

Revision 0004, after 0003, of 2026-11-24.
"""

from alembic import op

revision = "0004"
down_revision = "0003"

INDEX = "ix_positioning_results_conseiller_sequence"


def upgrade() -> None:
    op.create_index(INDEX, "positioning_results", ["conseiller_id", "sequence"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="positioning_results")
