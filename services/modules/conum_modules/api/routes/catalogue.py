"""The national catalogue (written by La Mednum on the national instance) and the hubs."""

from __future__ import annotations

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, Today, allow
from conum_runtime.http.fields import Uuid
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router
from fastapi import status

from conum_modules import views
from conum_modules.api.routes import Uow
from conum_modules.api.schemas import HubOut, ModuleIn, ModuleOut
from conum_modules.domain import ModuleState
from conum_modules.handlers import commands

router = new_router(tags=["catalogue"])


@router.get("/modules")
async def list_modules(
    _caller: CurrentCaller, uow: Uow, state: ModuleState | None = None
) -> list[ModuleOut]:
    """The catalogue (this instance's copy on a regional one), by title."""
    async with uow:
        return [ModuleOut.of(m) for m in await views.modules(uow, state)]


@router.get("/modules/{module_id}", responses=problems(404))
async def get_module(module_id: Uuid, _caller: CurrentCaller, uow: Uow) -> ModuleOut:
    async with uow:
        return ModuleOut.of(await commands.module_for(uow, module_id))


@router.post(
    "/modules",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403),
    dependencies=[allow(Role.NATIONAL_COORDINATOR)],
)
async def publish_module(
    body: ModuleIn, caller: CurrentCaller, uow: Uow, today: Today
) -> ModuleOut:
    """La Mednum publishes a module (national instance only); its hours follow its kind."""
    command = commands.PublishModule(body.title, body.kind, body.requires_habilitation)
    async with uow:
        return ModuleOut.of(await commands.publish_module(command, uow, caller, today))


@router.post(
    "/modules/{module_id}/withdrawal",
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.NATIONAL_COORDINATOR)],
)
async def withdraw_module(
    module_id: Uuid, caller: CurrentCaller, uow: Uow, today: Today
) -> ModuleOut:
    """No new session of it; sessions already scheduled go on."""
    async with uow:
        return ModuleOut.of(
            await commands.withdraw_module(commands.WithdrawModule(module_id), uow, caller, today)
        )


@router.get("/hubs")
async def list_hubs(_caller: CurrentCaller, uow: Uow) -> list[HubOut]:
    """The hub of each region (reference data; those marked ``assumption`` are
    placeholders)."""
    return [HubOut.of(hub) for hub in views.hubs(uow)]
