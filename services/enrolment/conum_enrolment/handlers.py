"""Enrolment use cases: plain functions taking a command and a unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from conum_contracts.common import Organisation
from conum_contracts.enrolment import (
    ConseillerEnrolledV1,
    ConseillerPerson,
    StructureRegisteredV1,
)

from conum_enrolment import domain
from conum_enrolment.domain import Employment, Scheme, Structure, StructureKind
from conum_enrolment.store import EnrolmentUnitOfWork


@dataclass(frozen=True)
class RegisterStructure:
    siret: str
    name: str
    kind: StructureKind
    department: str


@dataclass(frozen=True)
class EnrolConseiller:
    structure_id: str
    scheme: Scheme
    employment: Employment
    first_name: str
    last_name: str
    email: str
    remote: bool = False
    remote_impossibility_reason: str | None = None


def department_of(uow: EnrolmentUnitOfWork, code: str) -> domain.Department:
    department = uow.reference.departments.get(code)
    if department is None:
        raise domain.UnknownDepartment(f"unknown department {code!r}")
    return department


async def structure_of(uow: EnrolmentUnitOfWork, structure_id: str) -> Structure:
    structure = await uow.structures.get(structure_id)
    if structure is None:
        raise domain.UnknownStructure(f"no structure {structure_id}")
    return structure


async def register_structure(
    command: RegisterStructure, uow: EnrolmentUnitOfWork, scope: domain.RegionScope
) -> Structure:
    domain.check_siret(command.siret)
    structure = Structure(
        structure_id=str(uuid.uuid4()),
        siret=command.siret,
        name=command.name,
        kind=command.kind,
        department=department_of(uow, command.department),
    )
    scope.check(structure.region)
    if await uow.structures.siret_taken(command.siret):
        raise domain.StructureAlreadyRegistered(f"SIRET {command.siret} is already registered")
    uow.structures.add(structure)
    uow.emit(
        StructureRegisteredV1(
            structure_id=structure.structure_id,
            siret=structure.siret,
            name=structure.name,
            kind=structure.kind.value,
            department=structure.department.code,
            region=structure.region,
        ),
        region=structure.region,
    )
    await uow.commit()
    return structure


async def enrol_conseiller(
    command: EnrolConseiller, uow: EnrolmentUnitOfWork, scope: domain.RegionScope, today: date
) -> domain.Enrolment:
    structure = await structure_of(uow, command.structure_id)
    scope.check(structure.region)
    email = command.email.strip().lower()
    known_id = await uow.enrolments.conseiller_id_for_email(email)
    enrolment = domain.enrol(
        conseiller_id=known_id or str(uuid.uuid4()),
        structure=structure,
        scheme=command.scheme,
        employment=command.employment,
        remote=command.remote,
        remote_reason=command.remote_impossibility_reason,
        open_enrolment=await uow.enrolments.open_for(known_id) if known_id else None,
        routing=uow.reference.routing[command.scheme.value],
        today=today,
    )
    if known_id is None:
        uow.enrolments.add_conseiller(
            enrolment.conseiller_id, email, command.first_name, command.last_name
        )
    await uow.enrolments.save(enrolment)
    uow.emit(
        ConseillerEnrolledV1(
            conseiller_id=enrolment.conseiller_id,
            structure_id=enrolment.structure_id,
            department=enrolment.department.code,
            region=enrolment.region,
            scheme=enrolment.scheme.value,
            training_organisation=Organisation(
                id=enrolment.training_organisation.id, name=enrolment.training_organisation.name
            ),
            employment=enrolment.employment.value,
            remote=enrolment.remote,
            enrolled_on=enrolment.enrolled_on,
            person=ConseillerPerson(
                first_name=command.first_name, last_name=command.last_name, email=email
            ),
        ),
        region=enrolment.region,
    )
    await uow.commit()
    return enrolment
