"""Corsica is FR-20R: stored region codes follow ISO 3166-2 (decision 0024).

Rows written before this revision hold Corsica's former code, ``FR-COR``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from conum_runtime.migrations.region_codes import rename_retired, restore_retired

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REGION_COLUMNS = {
    "facts": ("region",),
    "journeys": ("region",),
    "structures": ("region", "region_hint"),
    "cohorts": ("region", "region_hint"),
    "full_title_enrolments": ("region",),
    "module_sessions": ("region", "region_hint", "evaluation_region"),
    "module_registrations": ("region",),
}


def upgrade() -> None:
    rename_retired(REGION_COLUMNS)


def downgrade() -> None:
    restore_retired(REGION_COLUMNS)
