"""The national figures as JSON: every table, a region's drill-down, a conseiller's step,
freshness. National coordinators see every region, a regional hub its own (403 for another
region named, 404 for a conseiller of another region); other roles are refused (403)."""

from __future__ import annotations

from typing import Annotated

from conum_kernel.access import Role
from conum_kernel.territory import territory
from conum_runtime.http.dependencies import CurrentCaller, allow, unit_of_work
from conum_runtime.http.fields import Uuid
from conum_runtime.http.listings import Keys, listing_route
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router
from fastapi import Depends, Path

from conum_national import views
from conum_national.api.schemas import (
    REGION_CODES,
    ConseillerOut,
    End,
    FreshnessOut,
    JourneyStateOut,
    JourneyStatePage,
    RegionOut,
    RegionQuery,
    Start,
    TableName,
    TableOut,
)
from conum_national.store import NationalUnitOfWork

Uow = Annotated[NationalUnitOfWork, Depends(unit_of_work)]
READERS = (Role.NATIONAL_COORDINATOR, Role.REGIONAL_HUB)
router = new_router(tags=["national"])


@router.get("/national/tables/{table}", responses=problems(403), dependencies=[allow(*READERS)])
async def get_table(
    table: TableName,
    caller: CurrentCaller,
    uow: Uow,
    region: RegionQuery = None,
    start: Start = None,
    end: End = None,
) -> TableOut:
    """One national table, in the caller's regions or the region asked, over a period."""
    scope = views.scope_for(caller, region, start, end)
    async with uow:
        return TableOut.in_scope(await views.TABLES[table](uow, scope), scope, region)


@router.get("/national/regions/{region}", responses=problems(403), dependencies=[allow(*READERS)])
async def get_region(
    region: Annotated[str, Path(pattern=REGION_CODES, description="A region code, e.g. FR-NAQ.")],
    caller: CurrentCaller,
    uow: Uow,
    start: Start = None,
    end: End = None,
) -> RegionOut:
    """A region's drill-down: every table restricted to the region (by department too)."""
    scope = views.scope_for(caller, region, start, end)
    async with uow:
        tables = await views.every_table(uow, scope)
    known = territory().regions[region]
    return RegionOut(
        code=region,
        name=known.name,
        insee=known.insee,
        tables={name: TableOut.in_scope(table, scope, region) for name, table in tables.items()},
    )


@router.get(
    "/national/conseillers/{conseiller_id}",
    responses=problems(404),
    dependencies=[allow(*READERS)],
)
async def get_conseiller(conseiller_id: Uuid, caller: CurrentCaller, uow: Uow) -> ConseillerOut:
    """Where a conseiller stands (current enrolment): ids, days and step, no personal data."""
    async with uow:
        return ConseillerOut.of(await views.conseiller_view(uow, conseiller_id, caller))


@listing_route(router)
async def list_for_reconciliation(caller: CurrentCaller, uow: Uow, keys: Keys) -> JourneyStatePage:
    """Each conseiller's current journey as `./conum reconcile` compares it (ids, days and
    step; no personal data), in the order of conseiller ids, a page at a time (decision 0036)."""
    async with uow:
        page = await views.in_key_order(uow, caller, keys)
    return JourneyStatePage(
        items=[JourneyStateOut.of(row._asdict()) for row in page.rows],
        next_cursor=page.next_after,
    )


@router.get(
    "/national/freshness",
    dependencies=[allow(*READERS, Role.OPERATOR)],
)
async def get_freshness(uow: Uow) -> FreshnessOut:
    """How far behind the view is: per topic and partition, the records not applied yet
    (end offset − next offset to apply) and when the last one was applied."""
    async with uow:
        return FreshnessOut.of(await views.freshness(uow))
