"""The read side: the catalogue, a hub's sessions with their fill and waiting list, a
session's registrations, a conseiller's module record, a region's figures.

What a caller may not see does not exist for it (404), and lists leave it out. On the
national instance these read its copy of every region's sessions and registrations (waiting
positions there follow the order the copies arrived in; the regional instance's are
authoritative).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from conum_kernel.access import Caller, Role

from conum_modules import domain
from conum_modules.domain import (
    Evaluation,
    Figures,
    Hub,
    Module,
    ModuleRecord,
    ModuleState,
    Registration,
    Session,
    SessionState,
)
from conum_modules.handlers.commands import conseiller_for, registration_for, session_for
from conum_modules.store import ModulesUnitOfWork
from conum_modules.store.repositories import Fill, SessionFilter


@dataclass(frozen=True)
class SessionView:
    session: Session
    module: Module | None
    """None on a copy that has not heard of the module."""
    fill: Fill
    evaluation: Evaluation | None


@dataclass(frozen=True)
class RegistrationView:
    registration: Registration
    position: int | None
    """Position on the waiting list, from 1, while it waits."""


@dataclass(frozen=True)
class SessionPage:
    items: list[SessionView]
    next_after: str | None


async def modules(uow: ModulesUnitOfWork, state: ModuleState | None) -> list[Module]:
    return await uow.modules.all(state)


def hubs(uow: ModulesUnitOfWork) -> tuple[Hub, ...]:
    return uow.hubs.hubs


async def _views(uow: ModulesUnitOfWork, sessions: Sequence[Session]) -> list[SessionView]:
    fill = await uow.registrations.fill([s.session_id for s in sessions])
    views = []
    for session in sessions:
        views.append(
            SessionView(
                session=session,
                module=await uow.modules.get(session.module_id),
                fill=fill.get(session.session_id, Fill()),
                evaluation=await uow.evaluations.get(session.session_id),
            )
        )
    return views


async def session_view(uow: ModulesUnitOfWork, session_id: str, caller: Caller) -> SessionView:
    return (await _views(uow, [await session_for(uow, session_id, caller)]))[0]


async def sessions(
    uow: ModulesUnitOfWork,
    caller: Caller,
    *,
    region: str | None,
    module_id: str | None,
    state: SessionState | None,
    since: date | None,
    after: str | None,
    limit: int,
) -> SessionPage:
    """The sessions of the caller's regions (or the one asked, 403 elsewhere), ordered by
    id, a page at a time."""
    regions = caller.regions
    if region is not None:
        caller.check_region(region)
        regions = frozenset({region})
    found = await uow.sessions.listed(
        SessionFilter(regions, module_id, state, since, after, limit + 1)
    )
    page = found[:limit]
    next_after = page[-1].session_id if len(found) > limit else None
    return SessionPage(await _views(uow, page), next_after)


def _positions(registrations: Sequence[Registration]) -> dict[str, int]:
    return {
        r.registration_id: place
        for place, r in enumerate(domain.waiting_order(registrations), start=1)
    }


async def session_registrations(
    uow: ModulesUnitOfWork, session_id: str, caller: Caller
) -> list[RegistrationView]:
    """Who holds a seat and who waits: the session's hub's (or a national actor's) view."""
    session = await session_for(uow, session_id, caller)
    if caller.role is Role.REGIONAL_HUB:
        session.check_hub(caller)
    registrations = await uow.registrations.of_session(session_id)
    positions = _positions(registrations)
    return [RegistrationView(r, positions.get(r.registration_id)) for r in registrations]


async def registration_view(
    uow: ModulesUnitOfWork, registration_id: str, caller: Caller
) -> RegistrationView:
    registration = await registration_for(uow, registration_id, caller)
    positions = _positions(await uow.registrations.of_session(registration.session_id))
    return RegistrationView(registration, positions.get(registration_id))


async def module_record(
    uow: ModulesUnitOfWork, conseiller_id: str, caller: Caller, today: date
) -> ModuleRecord:
    """How many modules the conseiller completed and still owes, year by year."""
    conseiller = await conseiller_for(uow, conseiller_id, caller)
    registrations = await uow.registrations.of_conseiller(conseiller_id)
    return domain.module_record(conseiller, registrations, today)


async def region_figures(
    uow: ModulesUnitOfWork,
    caller: Caller,
    region: str,
    *,
    module_id: str | None,
    since: date | None,
    until: date | None,
) -> Figures:
    """A region's figures (of the region named: 403 elsewhere), of one module or all,
    over the sessions that ended in the period."""
    caller.check_region(region)
    return domain.figures(
        await uow.figures.completed(region, module_id, since, until),
        await uow.figures.evaluations(region, module_id, since, until),
    )
