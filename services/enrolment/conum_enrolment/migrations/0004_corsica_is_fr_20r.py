"""Corsica is FR-20R: stored region codes follow ISO 3166-2 (decision 0024).

Rows written before this revision hold Corsica's former code, ``FR-COR``.

Revision 0004, after 0003, of 2026-11-23.
"""

from conum_runtime.migrations.region_codes import rename_retired, restore_retired

revision = "0004"
down_revision = "0003"

REGION_COLUMNS = {
    "structures": ("region",),
    "enrolments": ("region",),
    "cohorts": ("region",),
}


def upgrade() -> None:
    rename_retired(REGION_COLUMNS)


def downgrade() -> None:
    restore_retired(REGION_COLUMNS)
