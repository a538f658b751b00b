"""Registrations: a host structure registers its conseiller, or the hub does; a freed seat
goes to the first one waiting.

Capacity holds under concurrency: the session is claimed (locked until commit) before
anything that decides a seat is read, then the conseiller (their track and funding). A
refusal raises before the commit: nothing changes, nothing is published.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from conum_contracts.modules import RegistrationAcceptedV2, RegistrationWaitlistedV1
from conum_kernel.access import Caller, Role

from conum_modules import domain
from conum_modules.domain import (
    Registration,
    RegistrationStatus,
    Session,
    admit,
    check_eligibility,
    placement,
)
from conum_modules.handlers.commands.sessions import (
    check_holds_sessions,
    emit_cancelled,
    session_for,
)
from conum_modules.store import ModulesUnitOfWork


@dataclass(frozen=True)
class Register:
    session_id: str
    conseiller_id: str
    waitlist: bool = True
    """False: refuse with ``session_full`` rather than wait."""


@dataclass(frozen=True)
class Registered:
    registration: Registration
    position: int | None
    """Position on the waiting list, from 1 (None when a seat was given)."""


async def conseiller_for(
    uow: ModulesUnitOfWork, conseiller_id: str, caller: Caller
) -> domain.Conseiller:
    """The enrolled conseiller, if the caller may see them (404 otherwise)."""
    conseiller = await uow.conseillers.get(conseiller_id)
    if (
        conseiller is None
        or not conseiller.is_enrolled
        or not caller.may_see(conseiller.stake(uow.hubs.slugs_of(conseiller.region)))
    ):
        raise domain.UnknownConseiller(f"no conseiller {conseiller_id}")
    return conseiller


async def registration_for(
    uow: ModulesUnitOfWork, registration_id: str, caller: Caller
) -> Registration:
    registration = await uow.registrations.get(registration_id)
    if registration is None or not caller.may_see(registration.stake):
        raise domain.UnknownRegistration(f"no registration {registration_id}")
    return registration


def emit_accepted(uow: ModulesUnitOfWork, registration: Registration) -> None:
    assert registration.track is not None and registration.module_id is not None
    uow.emit(
        RegistrationAcceptedV2.of(registration, funded=bool(registration.funded)),
        region=registration.region,
    )


async def register(
    command: Register, uow: ModulesUnitOfWork, caller: Caller, today: date
) -> Registered:
    if uow.instance.holds_sessions:
        await uow.sessions.claim(command.session_id)
    session = await session_for(uow, command.session_id, caller)
    check_holds_sessions(uow)
    if caller.role is Role.REGIONAL_HUB:
        session.check_hub(caller)
    session.check_open_for_registration(today)
    await uow.conseillers.claim(command.conseiller_id)
    conseiller = await conseiller_for(uow, command.conseiller_id, caller)
    module = await uow.modules.get(session.module_id)
    if module is None:
        raise domain.UnknownModule(f"no module {session.module_id}")
    history = await uow.registrations.of_conseiller(conseiller.conseiller_id)
    check_eligibility(
        conseiller,
        module=module,
        session=session,
        history=history,
        habilitations=await uow.habilitations.of(conseiller.structure_id),
    )
    others = await uow.registrations.of_session(session.session_id)
    admission = admit(
        session,
        seats_taken=sum(1 for r in others if r.status is RegistrationStatus.ACCEPTED),
        waiting=sum(1 for r in others if r.status is RegistrationStatus.WAITLISTED),
        waitlist=command.waitlist,
    )
    registration = Registration(
        registration_id=str(uuid.uuid4()),
        session_id=session.session_id,
        conseiller_id=conseiller.conseiller_id,
        module_id=module.module_id,
        region=session.region,
        hub=session.hub,
        structure_id=conseiller.structure_id,
        training_organisation_id=conseiller.training_organisation_id,
        status=RegistrationStatus.WAITLISTED,
        registered_on=today,
        first_day=session.first_day,
    )
    if admission.status is RegistrationStatus.ACCEPTED:
        registration = registration.accepted(placement(history, session))
        emit_accepted(uow, registration)
    else:
        seq = await uow.registrations.next_waitlist_seq(session.session_id)
        registration = replace(registration, waitlist_seq=seq)
        assert admission.position is not None
        uow.emit(
            RegistrationWaitlistedV1.of(registration, position=admission.position),
            region=registration.region,
        )
    await uow.registrations.save(registration)
    await uow.commit()
    return Registered(registration, admission.position)


@dataclass(frozen=True)
class CancelRegistration:
    registration_id: str


async def cancel_registration(
    command: CancelRegistration, uow: ModulesUnitOfWork, caller: Caller, today: date
) -> Registration:
    """Cancel a registration; a seat it held goes to the first one waiting."""
    registration_id = command.registration_id
    found = await registration_for(uow, registration_id, caller)
    check_holds_sessions(uow)
    await uow.sessions.claim(found.session_id)
    registration = await uow.registrations.get(registration_id)
    session = await uow.sessions.get(found.session_id)
    assert registration is not None and session is not None
    session.check_hub(caller)
    cancelled = registration.cancelled(today)
    await uow.registrations.save(cancelled)
    emit_cancelled(uow, cancelled)
    if registration.status is RegistrationStatus.ACCEPTED:
        await promote(uow, session, today)
    await uow.commit()
    return cancelled


async def promote(uow: ModulesUnitOfWork, session: Session, today: date) -> None:
    """Give the session's free seats to those waiting, first in line first; one whose
    conseiller may no longer take it (withdrawn) is cancelled instead. The session must be
    claimed already."""
    if session.state is not domain.SessionState.SCHEDULED:
        return
    while True:
        registrations = await uow.registrations.of_session(session.session_id)
        queue = domain.waiting_order(registrations)
        if not queue or domain.free_seats(session, registrations) == 0:
            return
        first = queue[0]
        await uow.conseillers.claim(first.conseiller_id)
        conseiller = await uow.conseillers.get(first.conseiller_id)
        if not domain.may_be_promoted(conseiller):
            dropped = first.cancelled(today)
            await uow.registrations.save(dropped)
            emit_cancelled(uow, dropped)
            continue
        history = [
            r
            for r in await uow.registrations.of_conseiller(first.conseiller_id)
            if r.registration_id != first.registration_id
        ]
        accepted = first.accepted(placement(history, session))
        await uow.registrations.save(accepted)
        emit_accepted(uow, accepted)
