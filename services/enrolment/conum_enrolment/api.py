"""HTTP routes of the enrolment service: translate, authorise, call a handler."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal

from conum_runtime.auth import CurrentActor, Role, require_role
from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from conum_enrolment import domain, handlers
from conum_enrolment.store import EnrolmentUnitOfWork

REFUSAL_STATUS: dict[type[domain.EnrolmentRefused], int] = {
    domain.UnknownStructure: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.UnknownDepartment: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.InvalidSiret: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.RemoteTrainingRefused: status.HTTP_422_UNPROCESSABLE_CONTENT,
    domain.AlreadyInOpenTraining: status.HTTP_409_CONFLICT,
    domain.StructureAlreadyRegistered: status.HTTP_409_CONFLICT,
    domain.WrongRegion: status.HTTP_403_FORBIDDEN,
}

Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StructureIn(Body):
    siret: str = Field(pattern=r"^\d{14}$", description="14 digits, Luhn checksum")
    name: str = Field(min_length=1, max_length=300)
    kind: domain.StructureKind
    department: str = Field(min_length=2, max_length=3, description="INSEE department code")


class StructureOut(BaseModel):
    structure_id: str
    name: str
    kind: domain.StructureKind
    department: str
    region: str


class PersonIn(Body):
    first_name: Name
    last_name: Name
    email: Email


class EnrolmentIn(Body):
    structure_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    scheme: Literal["2021", "2024"]
    employment: domain.Employment
    remote: bool = False
    remote_impossibility_reason: str | None = Field(default=None, max_length=500)
    person: PersonIn


class EnrolmentOut(BaseModel):
    conseiller_id: str
    structure_id: str
    department: str
    region: str
    scheme: str
    employment: str
    remote: bool
    training_organisation: dict[str, str]
    enrolled_on: date
    state: str


def enrolment_out(enrolment: domain.Enrolment) -> EnrolmentOut:
    return EnrolmentOut(
        conseiller_id=enrolment.conseiller_id,
        structure_id=enrolment.structure_id,
        department=enrolment.department.code,
        region=enrolment.region,
        scheme=enrolment.scheme.value,
        employment=enrolment.employment.value,
        remote=enrolment.remote,
        training_organisation={
            "id": enrolment.training_organisation.id,
            "name": enrolment.training_organisation.name,
        },
        enrolled_on=enrolment.enrolled_on,
        state=enrolment.state.value,
    )


def new_uow(request: Request) -> EnrolmentUnitOfWork:
    factory: Callable[[], EnrolmentUnitOfWork] = request.app.state.new_uow
    return factory()


def region_scope(request: Request, actor: CurrentActor) -> domain.RegionScope:
    """The actor's regions, narrowed to the instance's region for a regional instance."""
    instance_region: str = request.app.state.host.settings.region
    allowed = {r for r in (actor.region, instance_region) if r != "national"}
    if len(allowed) > 1:
        return domain.RegionScope(frozenset())
    return domain.RegionScope(frozenset(allowed)) if allowed else domain.EVERY_REGION


Uow = Annotated[EnrolmentUnitOfWork, Depends(new_uow)]
Scope = Annotated[domain.RegionScope, Depends(region_scope)]
router = APIRouter()


@router.post("/structures", status_code=status.HTTP_201_CREATED)
async def register_structure(
    body: StructureIn, actor: CurrentActor, scope: Scope, uow: Uow
) -> StructureOut:
    require_role(actor, Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR, Role.REGIONAL_HUB)
    command = handlers.RegisterStructure(body.siret, body.name, body.kind, body.department)
    async with uow:
        structure = await handlers.register_structure(command, uow, scope)
    return StructureOut(
        structure_id=structure.structure_id,
        name=structure.name,
        kind=structure.kind,
        department=structure.department.code,
        region=structure.region,
    )


@router.post("/enrolments", status_code=status.HTTP_201_CREATED)
async def enrol(body: EnrolmentIn, actor: CurrentActor, scope: Scope, uow: Uow) -> EnrolmentOut:
    require_role(actor, Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR)
    command = handlers.EnrolConseiller(
        structure_id=body.structure_id,
        scheme=domain.Scheme(body.scheme),
        employment=body.employment,
        first_name=body.person.first_name,
        last_name=body.person.last_name,
        email=body.person.email,
        remote=body.remote,
        remote_impossibility_reason=body.remote_impossibility_reason,
    )
    async with uow:
        enrolment = await handlers.enrol_conseiller(command, uow, scope, date.today())
    return enrolment_out(enrolment)


@router.get("/enrolments/{conseiller_id}")
async def get_enrolment(conseiller_id: str, scope: Scope, uow: Uow) -> EnrolmentOut:
    async with uow:
        enrolment = await uow.enrolments.get(conseiller_id)
    if enrolment is None or not scope.allows(enrolment.region):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such enrolment")
    return enrolment_out(enrolment)
