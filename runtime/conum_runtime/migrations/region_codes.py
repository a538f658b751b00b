"""Stored region codes follow a renamed code (decision 0024: Corsica ``FR-COR`` → ``FR-20R``).

A service's revision lists its region columns; :func:`rename_retired` rewrites the retired
codes they hold, :func:`restore_retired` undoes it on a downgrade.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sqlalchemy as sa
from alembic import op
from conum_kernel.territory import RETIRED_REGION_CODES

RegionColumns = Mapping[str, Sequence[str]]
"""Table name → its columns holding region codes."""


def rename_retired(columns: RegionColumns) -> None:
    """Each retired code in these columns becomes the code that replaced it."""
    for retired, current in RETIRED_REGION_CODES.items():
        _replace(columns, retired, current)


def restore_retired(columns: RegionColumns) -> None:
    """The reverse of :func:`rename_retired`."""
    for retired, current in RETIRED_REGION_CODES.items():
        _replace(columns, current, retired)


def _replace(columns: RegionColumns, old: str, new: str) -> None:
    for table, names in columns.items():
        for name in names:
            column = sa.column(name, sa.String)
            op.execute(sa.table(table, column).update().where(column == old).values({name: new}))
