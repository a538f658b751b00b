"""Corsica is FR-20R: stored region codes follow ISO 3166-2 (decision 0024).

Rows written before this revision hold Corsica's former code, ``FR-COR``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from conum_runtime.migrations.region_codes import rename_retired, restore_retired

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REGION_COLUMNS = {
    "conseillers": ("region",),
    "exam_sessions": ("region",),
    "convocations": ("region",),
    "pix_results": ("region",),
    "double_certifications": ("region",),
    "full_title_enrolments": ("region",),
}


def upgrade() -> None:
    rename_retired(REGION_COLUMNS)


def downgrade() -> None:
    restore_retired(REGION_COLUMNS)
