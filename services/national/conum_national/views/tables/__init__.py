"""The national tables: every figure the coordinators read, as flat tables (rows of
identifiers, codes and counts) that the API, the dashboard and the exports share.

Each builder reads the store in a :class:`Scope` (regions the caller may see, a period) and
counts with the rules of :mod:`conum_national.domain`. Periods: the enrolment day for the
funnel's tables, the start day for cohorts and full-title enrolments, the session's first day
for modules and satisfaction (the completion day when the session is unknown).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from conum_national.store import NationalUnitOfWork
from conum_national.store.repositories import Scope
from conum_national.views.tables.columns import FUNNEL_LABELS, CellValue, Column, Table
from conum_national.views.tables.journeys import (
    attendance,
    departments,
    durations,
    funnel,
    paths,
    regions,
    withdrawals,
)
from conum_national.views.tables.modules import (
    mandatory_modules,
    module_catalogue,
    modules,
    satisfaction,
)
from conum_national.views.tables.network import cohorts, full_title, structures

__all__ = ["FUNNEL_LABELS", "TABLES", "CellValue", "Column", "Table", "every_table", "total"]

TABLES: dict[str, Callable[[NationalUnitOfWork, Scope], Awaitable[Table]]] = {
    "regions": regions,
    "funnel": funnel,
    "paths": paths,
    "withdrawals": withdrawals,
    "durations": durations,
    "attendance": attendance,
    "departments": departments,
    "cohorts": cohorts,
    "full_title": full_title,
    "structures": structures,
    "modules": modules,
    "module_catalogue": module_catalogue,
    "mandatory_modules": mandatory_modules,
    "satisfaction": satisfaction,
}
"""Every national table, by name."""


async def every_table(uow: NationalUnitOfWork, scope: Scope) -> dict[str, Table]:
    return {name: await build(uow, scope) for name, build in TABLES.items()}


def total(rows: Sequence[dict[str, CellValue]], names: Sequence[str]) -> dict[str, int]:
    """Column sums of integer columns (national or per-scheme totals)."""
    return {name: sum(int(row[name] or 0) for row in rows) for name in names}
