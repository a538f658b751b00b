"""Use cases of structures and enrolments: plain functions taking a command and a unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from conum_contracts.common import Organisation
from conum_contracts.enrolment import (
    ConseillerEnrolledV1,
    ConseillerPerson,
    ConseillerWithdrawnV1,
    HabilitationGrantedV1,
    HabilitationRequestedV1,
    StructureRegisteredV1,
)

from conum_enrolment import domain
from conum_enrolment.domain import (
    Employment,
    HabilitationScheme,
    RegionScope,
    Scheme,
    Structure,
    StructureKind,
)
from conum_enrolment.repositories import Person
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
    person: Person
    remote: bool = False
    remote_impossibility_reason: str | None = None


@dataclass(frozen=True)
class WithdrawConseiller:
    conseiller_id: str
    reason: str


def department_of(uow: EnrolmentUnitOfWork, code: str) -> domain.Department:
    department = uow.reference.departments.get(code)
    if department is None:
        raise domain.UnknownDepartment(f"unknown department {code!r}")
    return department


async def structure_of(
    uow: EnrolmentUnitOfWork,
    structure_id: str,
    scope: RegionScope,
    missing: type[domain.UnknownStructure] = domain.StructureNotFound,
) -> Structure:
    """The structure, if the caller may see it: another region's looks unknown."""
    structure = await uow.structures.get(structure_id)
    if structure is None or not scope.allows(structure.region):
        raise missing(f"no structure {structure_id}")
    return structure


async def enrolment_of(
    uow: EnrolmentUnitOfWork, conseiller_id: str, scope: RegionScope
) -> domain.Enrolment:
    enrolment = await uow.enrolments.get(conseiller_id)
    if enrolment is None or not scope.allows(enrolment.region):
        raise domain.UnknownEnrolment(f"no enrolment for conseiller {conseiller_id}")
    return enrolment


async def register_structure(
    command: RegisterStructure, uow: EnrolmentUnitOfWork, scope: RegionScope
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


async def request_habilitation(
    structure_id: str,
    scheme: HabilitationScheme,
    uow: EnrolmentUnitOfWork,
    scope: RegionScope,
    today: date,
) -> Structure:
    structure = await structure_of(uow, structure_id, scope)
    habilitation = structure.request_habilitation(scheme, today)
    await uow.structures.save_habilitation(structure_id, habilitation)
    uow.emit(
        HabilitationRequestedV1(structure_id=structure_id, scheme=scheme.value),
        region=structure.region,
    )
    await uow.commit()
    return structure


async def grant_habilitation(
    structure_id: str,
    scheme: HabilitationScheme,
    uow: EnrolmentUnitOfWork,
    scope: RegionScope,
    today: date,
) -> Structure:
    """Granting is a national coordinator's act (the route checks the role)."""
    structure = await structure_of(uow, structure_id, scope)
    habilitation = structure.grant_habilitation(scheme, today)
    await uow.structures.save_habilitation(structure_id, habilitation)
    uow.emit(
        HabilitationGrantedV1(structure_id=structure_id, scheme=scheme.value, granted_on=today),
        region=structure.region,
    )
    await uow.commit()
    return structure


async def enrol_conseiller(
    command: EnrolConseiller, uow: EnrolmentUnitOfWork, scope: RegionScope, today: date
) -> domain.Enrolment:
    structure = await structure_of(uow, command.structure_id, scope, domain.UnknownStructure)
    person = Person(
        command.person.first_name.strip(),
        command.person.last_name.strip(),
        command.person.email.strip().lower(),
    )
    known_id = await uow.enrolments.conseiller_id_for_email(person.email)
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
        uow.enrolments.add_conseiller(enrolment.conseiller_id, person)
        await uow.session.flush()  # the enrolment's foreign key needs the conseiller first
    else:
        await uow.enrolments.forget_attendance(known_id)
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
                first_name=person.first_name, last_name=person.last_name, email=person.email
            ),
        ),
        region=enrolment.region,
    )
    await uow.commit()
    return enrolment


async def withdraw_conseiller(
    command: WithdrawConseiller, uow: EnrolmentUnitOfWork, scope: RegionScope, today: date
) -> domain.Enrolment:
    """A conseiller leaves initial training, with a reason; a waiting one leaves the pool, a
    cohort member leaves the cohort's training (the cohort carries on)."""
    enrolment = await enrolment_of(uow, command.conseiller_id, scope)
    enrolment.withdraw(command.reason, today)
    await uow.enrolments.save(enrolment)
    uow.emit(
        ConseillerWithdrawnV1(
            conseiller_id=enrolment.conseiller_id, reason=command.reason, withdrawn_on=today
        ),
        region=enrolment.region,
    )
    await uow.commit()
    return enrolment
