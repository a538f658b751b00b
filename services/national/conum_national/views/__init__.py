"""The read side: the national tables, a conseiller's step, freshness, open data; each in
the scope the caller may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from conum_kernel.access import Caller
from conum_runtime.key_order import KeyedRows, KeyRange, regions_listed, rows_in_key_order
from sqlalchemy import select

from conum_national import domain
from conum_national.store import NationalUnitOfWork
from conum_national.store.repositories import Scope
from conum_national.store.tables import metadata
from conum_national.views.freshness import Freshness, freshness
from conum_national.views.open_data import OpenData, open_data, table_schema
from conum_national.views.tables import TABLES, CellValue, Column, Table, every_table

_JOURNEYS = metadata.tables["journeys"]

__all__ = [
    "TABLES",
    "CellValue",
    "Column",
    "ConseillerView",
    "Freshness",
    "OpenData",
    "Scope",
    "Table",
    "conseiller_view",
    "every_table",
    "freshness",
    "in_key_order",
    "open_data",
    "scope_for",
    "table_schema",
]


def scope_for(
    caller: Caller, region: str | None = None, start: date | None = None, end: date | None = None
) -> Scope:
    """The caller's regions, or the one asked (403 for a region the caller may not see: the
    regions are public); a period whose start follows its end is refused."""
    if start is not None and end is not None and start > end:
        raise domain.InvalidPeriod("the period starts after it ends")
    regions = caller.regions
    if region is not None:
        caller.check_region(region)
        regions = frozenset({region})
    return Scope(regions, start, end)


@dataclass(frozen=True)
class ConseillerView:
    journey: domain.Journey
    enrolments: int
    modules_completed: int
    """Initial-training modules completed (the mandatory ones count two at most)."""


async def conseiller_view(
    uow: NationalUnitOfWork, conseiller_id: str, caller: Caller
) -> ConseillerView:
    """A conseiller's current journey: ids, days and step only; one of a region the caller
    may not see does not exist for it (404)."""
    journey = await uow.journeys.current(conseiller_id)
    if journey is None or not caller.may_act_in(journey.region):
        raise domain.UnknownConseiller("no conseiller with this id in the national view")
    completed = sum(
        1
        for row in await uow.modules.registrations()
        if row.conseiller_id == conseiller_id
        and row.track == "initial"
        and row.completed_on is not None
    )
    return ConseillerView(journey, await uow.journeys.count(conseiller_id), completed)


async def in_key_order(uow: NationalUnitOfWork, caller: Caller, keys: KeyRange) -> KeyedRows:
    """Each conseiller's current journey in the caller's regions as reconciliation compares
    it (ids, days, step), in the order of conseiller ids (the primary key's first column), a
    page at a time (decision 0036)."""
    journeys = _JOURNEYS.c
    current = select(
        journeys.conseiller_id,
        journeys.region,
        journeys.step,
        journeys.enrolment_id,
        journeys.structure_id,
        journeys.enrolled_on,
        journeys.withdrawn_on,
    ).where(journeys.current.is_(True))
    return await rows_in_key_order(
        await uow.session.connection(),
        current,
        journeys.conseiller_id,
        journeys.region,
        regions_listed(caller),
        keys,
    )
