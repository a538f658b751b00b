"""Enrolment of a conseiller by its host structure, and withdrawal.

Each enrolment gets an id of its own, published on every event of the enrolment; a
withdrawal names its reason with a code of :class:`~conum_enrolment.domain.WithdrawalReason`
and, if wanted, free text beside it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from conum_contracts.common import Organisation
from conum_contracts.enrolment import (
    ConseillerEnrolledV1,
    ConseillerEnrolledV3,
    ConseillerPerson,
    ConseillerWithdrawnV1,
)
from conum_kernel.access import Caller
from conum_kernel.territory import retired_region_code

from conum_enrolment import domain
from conum_enrolment.domain import Employment, Person, Scheme, WithdrawalReason
from conum_enrolment.handlers.commands.structures import visible_structure
from conum_enrolment.store import EnrolmentUnitOfWork
from conum_enrolment.store.repositories import seal
from conum_enrolment.store.repositories.keys import truncate_journal


@dataclass(frozen=True)
class EnrolConseiller:
    structure_id: str
    scheme: Scheme
    employment: Employment
    person: Person
    remote: bool = False
    remote_impossibility_reason: str | None = None


@dataclass(frozen=True)
class EraseConseiller:
    conseiller_id: str
    reason: domain.ErasureReason


@dataclass(frozen=True)
class WithdrawConseiller:
    conseiller_id: str
    reason: WithdrawalReason
    detail: str | None = None


async def enrolment_for(
    uow: EnrolmentUnitOfWork, conseiller_id: str, caller: Caller, *, for_update: bool = False
) -> domain.Enrolment:
    """The enrolment, if the caller may see it: another's does not exist for it (404)."""
    enrolment = await uow.enrolments.get(conseiller_id, for_update=for_update)
    if enrolment is None or not caller.may_see(enrolment.stake):
        raise domain.UnknownEnrolment(f"no enrolment for conseiller {conseiller_id}")
    return enrolment


async def enrol_conseiller(
    command: EnrolConseiller, uow: EnrolmentUnitOfWork, caller: Caller, today: date
) -> domain.Enrolment:
    """Enrol with the reference organisation of the structure's territory; a structure the
    caller may not see is unknown (422, it is named in the body)."""
    structure = await visible_structure(uow, command.structure_id, caller)
    if structure is None:
        raise domain.UnknownStructure(f"no structure {command.structure_id}")
    person = Person.of(command.person.first_name, command.person.last_name, command.person.email)
    known_id = await uow.enrolments.conseiller_id_for_email(person.email)
    enrolment = domain.enrol(
        conseiller_id=known_id or str(uuid.uuid4()),
        enrolment_id=str(uuid.uuid4()),
        structure=structure,
        scheme=command.scheme,
        employment=command.employment,
        remote=command.remote,
        remote_reason=command.remote_impossibility_reason,
        open_enrolment=await uow.enrolments.open_for(known_id) if known_id else None,
        routing=uow.reference.current.routing[command.scheme.value],
        today=today,
    )
    if known_id is None:  # nothing of theirs to read: their rows and key are made here
        uow.enrolments.add_conseiller(enrolment.conseiller_id, person)
        await uow.session.flush()  # the enrolment's foreign key needs the conseiller first
        uow.enrolments.add(enrolment)
        key = uow.keys.new_key(enrolment.conseiller_id)
    else:
        await uow.attendance.forget(known_id)
        await uow.enrolments.save(enrolment)
        key = await uow.keys.key_for(enrolment.conseiller_id)
    facts = {
        "conseiller_id": enrolment.conseiller_id,
        "structure_id": enrolment.structure_id,
        "department": enrolment.department.code,
        "region": enrolment.region,
        "scheme": enrolment.scheme.value,
        "training_organisation": Organisation(
            id=enrolment.training_organisation.id, name=enrolment.training_organisation.name
        ),
        "employment": enrolment.employment.value,
        "remote": enrolment.remote,
        "enrolled_on": enrolment.enrolled_on,
        "enrolment_id": enrolment.enrolment_id,
    }
    uow.emit(
        ConseillerEnrolledV3(**facts, sealed_person=seal(person, key)), region=enrolment.region
    )
    if uow.publication.publishes_v1(today):
        assert uow.publication.v1_until is not None
        uow.emit(
            ConseillerEnrolledV1(
                **(facts | {"region": retired_region_code(enrolment.region)}),
                person=ConseillerPerson(
                    first_name=person.first_name, last_name=person.last_name, email=person.email
                ),
            ),
            region=retired_region_code(enrolment.region),
            deprecation="true",
            sunset=uow.publication.v1_until.isoformat(),
        )
    await uow.commit()
    return enrolment


async def withdraw_conseiller(
    command: WithdrawConseiller, uow: EnrolmentUnitOfWork, caller: Caller, today: date
) -> domain.Enrolment:
    """A conseiller leaves initial training, with a reason; a waiting one leaves the pool, a
    cohort member leaves the cohort's training (the cohort carries on).

    Only the structure employing them, the organisation training them and the national
    coordinators withdraw (the route requires :data:`domain.WITHDRAWING_ROLES`); another
    structure's or organisation's conseiller does not exist for the caller (404)."""
    enrolment = await enrolment_for(uow, command.conseiller_id, caller, for_update=True)
    enrolment.withdraw(command.reason, today, command.detail)
    await uow.enrolments.save(enrolment)
    uow.emit(
        ConseillerWithdrawnV1.of(
            enrolment,
            reason=command.reason.value,
            withdrawn_on=today,
            reason_code=command.reason.value,
            reason_detail=enrolment.withdrawal_detail,
        ),
        region=enrolment.region,
    )
    await uow.commit()
    return enrolment


async def erase_conseiller(
    command: EraseConseiller, uow: EnrolmentUnitOfWork, caller: Caller
) -> domain.Erasure:
    """Erase the person (decision 0021): their key is destroyed, so every sealed copy of them
    in the topics and stores is unreadable for good, and their names and e-mail are wiped from
    the store; the erasure is recorded (why, when, at the request of which role).

    Only the host structure employing them or a national coordinator erases (the route
    requires :data:`domain.ERASING_ROLES`); another structure's conseiller does not exist for
    the caller (404). An erased person is erased once (409 ``already_erased``)."""
    enrolment = await enrolment_for(uow, command.conseiller_id, caller, for_update=True)
    erasure = domain.erase(
        enrolment.conseiller_id,
        await uow.erasures.get(enrolment.conseiller_id),
        reason=command.reason,
        requested_by=caller.role,
        now=datetime.now(UTC),
    )
    await uow.keys.destroy(enrolment.conseiller_id)
    await uow.enrolments.wipe_person(enrolment.conseiller_id)
    uow.erasures.add(erasure)
    await uow.commit()
    await truncate_journal(uow.session)
    return erasure
