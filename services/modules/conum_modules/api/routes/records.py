"""A conseiller's module record, and a region's figures."""

from __future__ import annotations

from datetime import date

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, Today, allow
from conum_runtime.http.fields import RegionCode, Uuid
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router

from conum_modules import views
from conum_modules.api.routes import Uow
from conum_modules.api.schemas import FiguresOut, RecordOut

router = new_router(tags=["records"])


@router.get("/conseillers/{conseiller_id}/modules", responses=problems(404))
async def get_record(
    conseiller_id: Uuid, caller: CurrentCaller, uow: Uow, today: Today
) -> RecordOut:
    """The mandatory initial modules done and still owed, continuing training year by year,
    every registration."""
    async with uow:
        return RecordOut.of(await views.module_record(uow, conseiller_id, caller, today))


@router.get(
    "/regions/{region}/figures",
    responses=problems(403, 404),  # 404: a region segment that does not route (``..%2F``)
    dependencies=[allow(Role.REGIONAL_HUB, Role.NATIONAL_COORDINATOR, Role.OPERATOR)],
)
async def get_figures(
    region: RegionCode,
    caller: CurrentCaller,
    uow: Uow,
    module_id: Uuid | None = None,
    since: date | None = None,
    until: date | None = None,
) -> FiguresOut:
    """Training actions, people trained and satisfaction, of the kind Hubikoop publishes,
    over the sessions that ended in the period."""
    async with uow:
        found = await views.region_figures(
            uow, caller, region, module_id=module_id, since=since, until=until
        )
    return FiguresOut.of(found, region=region, module_id=module_id, since=since, until=until)
