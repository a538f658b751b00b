"""Corsica is FR-20R: stored region codes follow ISO 3166-2 (decision 0024).

Rows written before this revision hold Corsica's former code, ``FR-COR``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from conum_runtime.migrations.region_codes import rename_retired, restore_retired

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REGION_COLUMNS = {
    "positionings": ("region",),
    "pending_withdrawals": ("region",),
}


def upgrade() -> None:
    rename_retired(REGION_COLUMNS)


def downgrade() -> None:
    restore_retired(REGION_COLUMNS)
