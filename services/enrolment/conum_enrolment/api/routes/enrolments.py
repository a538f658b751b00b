"""HTTP routes of structures, enrolments and reference data; the consumed-event map."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from conum_contracts.positioning import PathAssignedV1
from conum_runtime.auth import CurrentActor, Role, require_role
from conum_runtime.consumer import EventHandler
from fastapi import APIRouter, HTTPException, Query, Request, status

from conum_enrolment import domain, handlers, training_handlers
from conum_enrolment.edge import (
    Scope,
    Today,
    Uow,
    decode_cursor,
    encode_cursor,
    listed_regions,
    sees_personal_data,
)
from conum_enrolment.reference import InvalidReferenceData, ReferenceHolder
from conum_enrolment.repositories import Person
from conum_enrolment.schemas import (
    DepartmentOut,
    EnrolmentIn,
    EnrolmentOut,
    EnrolmentPage,
    HabilitationIn,
    StructureIn,
    StructureOut,
    StructurePage,
    WithdrawalIn,
    enrolment_out,
    organisation_out,
    structure_out,
)


def event_handlers(policy: domain.TrainingPolicy) -> dict[type, EventHandler]:
    """Routing of consumed events: a literal map from contract to handler."""
    return {PathAssignedV1: partial(training_handlers.on_path_assigned, policy=policy)}


router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=200)]


@router.post("/structures", status_code=status.HTTP_201_CREATED, tags=["structures"])
async def register_structure(
    body: StructureIn, actor: CurrentActor, scope: Scope, uow: Uow
) -> StructureOut:
    require_role(actor, Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR, Role.REGIONAL_HUB)
    command = handlers.RegisterStructure(body.siret, body.name, body.kind, body.department)
    async with uow:
        structure = await handlers.register_structure(command, uow, scope)
    return structure_out(structure)


@router.get("/structures", tags=["structures"])
async def list_structures(
    scope: Scope,
    uow: Uow,
    region: str | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> StructurePage:
    async with uow:
        page = await uow.structures.list(
            regions=listed_regions(scope, region), after=decode_cursor(cursor), limit=limit
        )
    return StructurePage(
        items=[structure_out(s) for s in page.items], next_cursor=encode_cursor(page.next_after)
    )


@router.get("/structures/{structure_id}", tags=["structures"])
async def get_structure(structure_id: str, scope: Scope, uow: Uow) -> StructureOut:
    async with uow:
        structure = await handlers.structure_of(uow, structure_id, scope)
    return structure_out(structure)


@router.post(
    "/structures/{structure_id}/habilitations",
    status_code=status.HTTP_201_CREATED,
    tags=["structures"],
)
async def request_habilitation(
    structure_id: str,
    body: HabilitationIn,
    actor: CurrentActor,
    scope: Scope,
    uow: Uow,
    today: Today,
) -> StructureOut:
    require_role(actor, Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR)
    async with uow:
        structure = await handlers.request_habilitation(
            structure_id, body.scheme, uow, scope, today
        )
    return structure_out(structure)


@router.post("/structures/{structure_id}/habilitations/{scheme}/grant", tags=["structures"])
async def grant_habilitation(
    structure_id: str,
    scheme: domain.HabilitationScheme,
    actor: CurrentActor,
    scope: Scope,
    uow: Uow,
    today: Today,
) -> StructureOut:
    """Granting a habilitation is the national coordinator's act."""
    require_role(actor, Role.NATIONAL_COORDINATOR)
    async with uow:
        structure = await handlers.grant_habilitation(structure_id, scheme, uow, scope, today)
    return structure_out(structure)


@router.post("/enrolments", status_code=status.HTTP_201_CREATED, tags=["enrolments"])
async def enrol(
    body: EnrolmentIn, actor: CurrentActor, scope: Scope, uow: Uow, today: Today
) -> EnrolmentOut:
    require_role(actor, Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR)
    command = handlers.EnrolConseiller(
        structure_id=body.structure_id,
        scheme=domain.Scheme(body.scheme),
        employment=body.employment,
        person=Person(body.person.first_name, body.person.last_name, body.person.email),
        remote=body.remote,
        remote_impossibility_reason=body.remote_impossibility_reason,
    )
    async with uow:
        enrolment = await handlers.enrol_conseiller(command, uow, scope, today)
    return enrolment_out(enrolment)


@router.get("/enrolments", tags=["enrolments"])
async def list_enrolments(
    actor: CurrentActor,
    scope: Scope,
    uow: Uow,
    region: str | None = None,
    training_organisation: str | None = None,
    state: domain.EnrolmentState | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> EnrolmentPage:
    """Enrolments ordered by conseiller id, a page at a time (``cursor`` from ``next_cursor``)."""
    async with uow:
        page = await uow.enrolments.list(
            regions=listed_regions(scope, region),
            training_organisation_id=training_organisation,
            state=state,
            after=decode_cursor(cursor),
            limit=limit,
        )
        ids = [e.conseiller_id for e in page.items]
        persons = await uow.enrolments.persons(ids) if sees_personal_data(actor) else {}
    return EnrolmentPage(
        items=[enrolment_out(e, persons.get(e.conseiller_id)) for e in page.items],
        next_cursor=encode_cursor(page.next_after),
    )


@router.get("/enrolments/{conseiller_id}", tags=["enrolments"])
async def get_enrolment(
    conseiller_id: str, actor: CurrentActor, scope: Scope, uow: Uow
) -> EnrolmentOut:
    async with uow:
        enrolment = await handlers.enrolment_of(uow, conseiller_id, scope)
        persons = await uow.enrolments.persons([conseiller_id]) if sees_personal_data(actor) else {}
    return enrolment_out(enrolment, persons.get(conseiller_id))


@router.post("/enrolments/{conseiller_id}/withdrawal", tags=["enrolments"])
async def withdraw(
    conseiller_id: str,
    body: WithdrawalIn,
    actor: CurrentActor,
    scope: Scope,
    uow: Uow,
    today: Today,
) -> EnrolmentOut:
    require_role(actor, Role.HOST_STRUCTURE, Role.TRAINING_ORGANISATION, Role.NATIONAL_COORDINATOR)
    command = handlers.WithdrawConseiller(conseiller_id, body.reason)
    async with uow:
        enrolment = await handlers.withdraw_conseiller(command, uow, scope, today)
    return enrolment_out(enrolment)


@router.get("/reference/departments/{code}", tags=["reference"])
async def get_department(code: str, request: Request, _actor: CurrentActor) -> DepartmentOut:
    """A department's region, reference training organisation per scheme, full-title body."""
    data = request.app.state.reference.current
    department = data.departments.get(code)
    if department is None:
        raise domain.UnknownDepartment(f"unknown department {code!r}")
    full_title = data.full_title.get(code)
    return DepartmentOut(
        code=department.code,
        name=department.name,
        region=department.region.code,
        region_name=department.region.name,
        training_organisations={
            scheme: organisation_out(routing.organisation_for(department, remote=False))
            for scheme, routing in data.routing.items()
        },
        full_title_organisation=organisation_out(full_title) if full_title else None,
    )


@router.post("/reference/reload", tags=["reference"])
async def reload_reference(request: Request, actor: CurrentActor) -> dict[str, int]:
    """Reload the reference files (operators and national coordinators)."""
    require_role(actor, Role.OPERATOR, Role.NATIONAL_COORDINATOR)
    holder: ReferenceHolder = request.app.state.reference
    try:
        data = holder.reload()
    except (InvalidReferenceData, KeyError, ValueError) as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"reference data kept, files invalid: {error}"
        ) from None
    return {"regions": len(data.regions), "departments": len(data.departments)}
