"""Corsica is FR-20R: stored region codes follow ISO 3166-2 (decision 0024).

Rows written before this revision hold Corsica's former code, ``FR-COR``.

Revision 0002, after 0001, of 2026-11-23.
"""

from conum_runtime.migrations.region_codes import rename_retired, restore_retired

revision = "0002"
down_revision = "0001"

REGION_COLUMNS = {
    "conseillers": ("region",),
    "sessions": ("region",),
    "registrations": ("region",),
    "evaluations": ("region",),
}


def upgrade() -> None:
    rename_retired(REGION_COLUMNS)


def downgrade() -> None:
    restore_retired(REGION_COLUMNS)
