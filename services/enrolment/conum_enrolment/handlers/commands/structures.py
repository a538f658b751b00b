"""Host structures: registration and the Aidants Connect habilitation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from conum_contracts.enrolment import (
    HabilitationGrantedV1,
    HabilitationRequestedV1,
    StructureRegisteredV2,
)
from conum_kernel.access import Caller

from conum_enrolment import domain
from conum_enrolment.domain import HabilitationScheme, Structure, StructureKind
from conum_enrolment.store import EnrolmentUnitOfWork


@dataclass(frozen=True)
class RegisterStructure:
    siret: str
    name: str
    kind: StructureKind
    department: str


@dataclass(frozen=True)
class RequestHabilitation:
    structure_id: str
    scheme: HabilitationScheme


@dataclass(frozen=True)
class GrantHabilitation:
    structure_id: str
    scheme: HabilitationScheme


async def visible_structure(
    uow: EnrolmentUnitOfWork, structure_id: str, caller: Caller
) -> domain.Structure | None:
    structure = await uow.structures.get(structure_id)
    return structure if structure is not None and caller.may_see(structure.stake) else None


async def structure_for(
    uow: EnrolmentUnitOfWork, structure_id: str, caller: Caller
) -> domain.Structure:
    """The structure, if the caller may see it: another's does not exist for it (404)."""
    structure = await visible_structure(uow, structure_id, caller)
    if structure is None:
        raise domain.StructureNotFound(f"no structure {structure_id}")
    return structure


async def register_structure(
    command: RegisterStructure, uow: EnrolmentUnitOfWork, caller: Caller
) -> Structure:
    """A structure of the caller's region (another region's: 403), once per SIRET."""
    domain.check_siret(command.siret)
    structure = Structure(
        structure_id=str(uuid.uuid4()),
        siret=command.siret,
        name=command.name,
        kind=command.kind,
        department=domain.department(command.department),
    )
    caller.check_region(structure.region)
    if await uow.structures.siret_taken(command.siret):
        raise domain.StructureAlreadyRegistered(f"SIRET {command.siret} is already registered")
    uow.structures.add(structure)
    uow.emit(
        StructureRegisteredV2.of(structure, department=structure.department.code),
        region=structure.region,
    )
    await uow.commit()
    return structure


async def request_habilitation(
    command: RequestHabilitation, uow: EnrolmentUnitOfWork, caller: Caller, today: date
) -> Structure:
    structure = await structure_for(uow, command.structure_id, caller)
    habilitation = structure.request_habilitation(command.scheme, today)
    await uow.structures.save_habilitation(structure.structure_id, habilitation)
    uow.emit(
        HabilitationRequestedV1(structure_id=structure.structure_id, scheme=command.scheme.value),
        region=structure.region,
    )
    await uow.commit()
    return structure


async def grant_habilitation(
    command: GrantHabilitation, uow: EnrolmentUnitOfWork, caller: Caller, today: date
) -> Structure:
    """Granting is a national coordinator's act (the route checks the role)."""
    structure = await structure_for(uow, command.structure_id, caller)
    habilitation = structure.grant_habilitation(command.scheme, today)
    await uow.structures.save_habilitation(structure.structure_id, habilitation)
    uow.emit(
        HabilitationGrantedV1(
            structure_id=structure.structure_id, scheme=command.scheme.value, granted_on=today
        ),
        region=structure.region,
    )
    await uow.commit()
    return structure
