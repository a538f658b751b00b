"""Sessions of a regional hub: scheduling and cancelling; the checks every act on a session
goes through (:func:`held_session`).

A session the caller may not see (another region's) does not exist for it (404). Acting on
one is done on its region's instance (the national instance keeps a copy: 403
``regional_instance_only``) by its hub (a hub token bound to another hub: 403
``not_their_hub``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from conum_contracts.modules import (
    RegistrationCancelledV1,
    SessionCancelledV1,
    SessionScheduledV2,
)
from conum_kernel.access import Caller, Role

from conum_modules import domain
from conum_modules.domain import Registration, Session
from conum_modules.handlers.commands.catalogue import module_for
from conum_modules.store import ModulesUnitOfWork


@dataclass(frozen=True)
class ScheduleSession:
    module_id: str
    region: str
    days: Sequence[domain.SessionDay]
    capacity: int
    place: str


@dataclass(frozen=True)
class CancelSession:
    session_id: str
    reason: str


async def session_for(uow: ModulesUnitOfWork, session_id: str, caller: Caller) -> Session:
    """The session, if the caller may see it: every caller of its region may (the calendar);
    another region's does not exist for it."""
    session = await uow.sessions.get(session_id)
    if session is None or not caller.may_act_in(session.region):
        raise domain.UnknownSession(f"no session {session_id}")
    return session


def check_holds_sessions(uow: ModulesUnitOfWork) -> None:
    if not uow.instance.holds_sessions:
        raise domain.RegionalInstanceOnly(
            "sessions and registrations are written on their region's instance"
        )


async def held_session(uow: ModulesUnitOfWork, session_id: str, caller: Caller) -> Session:
    """A session this instance holds, locked until commit, for the caller to act on."""
    if uow.instance.holds_sessions:
        await uow.sessions.claim(session_id)
    session = await session_for(uow, session_id, caller)
    check_holds_sessions(uow)
    session.check_hub(caller)
    return session


async def schedule_session(
    command: ScheduleSession, uow: ModulesUnitOfWork, caller: Caller, today: date
) -> Session:
    """The caller names the region: another one is refused (403 ``wrong_region``)."""
    caller.check_region(command.region)
    check_holds_sessions(uow)
    hub = uow.hubs.hub_of(command.region)
    if hub is None:
        raise domain.NoHubForRegion(f"no hub is known for {command.region}")
    if caller.role is Role.REGIONAL_HUB and caller.bound_to not in (None, hub.slug):
        raise domain.NotTheirHub(f"sessions of {command.region} are {hub.slug}'s")
    session = domain.schedule_session(
        session_id=str(uuid.uuid4()),
        module=await module_for(uow, command.module_id),
        hub=hub,
        days=command.days,
        capacity=command.capacity,
        place=command.place.strip(),
        today=today,
        policy=uow.policy,
    )
    await uow.sessions.add(session)
    uow.emit(
        SessionScheduledV2.of(session),
        region=session.region,
    )
    await uow.commit()
    return session


def emit_cancelled(uow: ModulesUnitOfWork, registration: Registration) -> None:
    uow.emit(
        RegistrationCancelledV1.of(registration),
        region=registration.region,
    )


async def cancel_session(
    command: CancelSession, uow: ModulesUnitOfWork, caller: Caller, today: date
) -> Session:
    """Cancel the session and every open registration to it; the events say both."""
    session = await held_session(uow, command.session_id, caller)
    cancelled = session.cancelled(command.reason.strip())
    await uow.sessions.save(cancelled)
    uow.emit(
        SessionCancelledV1(session_id=session.session_id, reason=cancelled.cancel_reason or ""),
        region=session.region,
    )
    for registration in await uow.registrations.of_session(session.session_id):
        if registration.is_open:
            dropped = registration.cancelled(today)
            await uow.registrations.save(dropped)
            emit_cancelled(uow, dropped)
    await uow.commit()
    return cancelled
