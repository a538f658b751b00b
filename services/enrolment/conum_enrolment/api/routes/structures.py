"""Host structures: registration, lists, the Aidants Connect habilitation."""

from __future__ import annotations

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, Today, allow
from conum_runtime.http.fields import Cursor, Limit, RegionCode, Uuid
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router
from fastapi import status

from conum_enrolment import views
from conum_enrolment.api.routes import Uow
from conum_enrolment.api.schemas import HabilitationIn, StructureIn, StructureOut, StructurePage
from conum_enrolment.domain import HabilitationScheme
from conum_enrolment.handlers import commands

router = new_router(tags=["structures"])


@router.post(
    "/structures",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 409),
    dependencies=[allow(Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR, Role.REGIONAL_HUB)],
)
async def register_structure(body: StructureIn, caller: CurrentCaller, uow: Uow) -> StructureOut:
    """A host structure of the caller's region, once per SIRET."""
    command = commands.RegisterStructure(body.siret, body.name, body.kind, body.department)
    async with uow:
        return StructureOut.of(await commands.register_structure(command, uow, caller))


@router.get("/structures", responses=problems(403))
async def list_structures(
    caller: CurrentCaller,
    uow: Uow,
    region: RegionCode | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> StructurePage:
    """The structures the caller may see, ordered by id, a page at a time."""
    async with uow:
        page = await views.structures(uow, caller, region=region, after=cursor, limit=limit)
    return StructurePage(
        items=[StructureOut.of(s) for s in page.items], next_cursor=page.next_after
    )


@router.get("/structures/{structure_id}", responses=problems(404))
async def get_structure(structure_id: Uuid, caller: CurrentCaller, uow: Uow) -> StructureOut:
    async with uow:
        return StructureOut.of(await commands.structure_for(uow, structure_id, caller))


@router.post(
    "/structures/{structure_id}/habilitations",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR)],
)
async def request_habilitation(
    structure_id: Uuid, body: HabilitationIn, caller: CurrentCaller, uow: Uow, today: Today
) -> StructureOut:
    """The structure asks to be habilitated (R-ENR-08), once per scheme."""
    command = commands.RequestHabilitation(structure_id, body.scheme)
    async with uow:
        return StructureOut.of(await commands.request_habilitation(command, uow, caller, today))


@router.post(
    "/structures/{structure_id}/habilitations/{scheme}/grant",
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.NATIONAL_COORDINATOR)],
)
async def grant_habilitation(
    structure_id: Uuid,
    scheme: HabilitationScheme,
    caller: CurrentCaller,
    uow: Uow,
    today: Today,
) -> StructureOut:
    """A national coordinator grants a habilitation that was asked for."""
    command = commands.GrantHabilitation(structure_id, scheme)
    async with uow:
        return StructureOut.of(await commands.grant_habilitation(command, uow, caller, today))
