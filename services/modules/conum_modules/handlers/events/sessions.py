"""Sessions and registrations, published by regional instances: the national instance keeps
a copy of every region's (La Mednum's national calendar and records); a regional instance
wrote its own already and ignores the echo. A registration copied before its session is
completed when the session arrives."""

from __future__ import annotations

import logging
from dataclasses import replace

from conum_contracts.envelope import Envelope
from conum_contracts.modules import (
    ModuleCompletedV2,
    RegistrationAcceptedV2,
    RegistrationCancelledV1,
    RegistrationWaitlistedV1,
    SessionCancelledV1,
    SessionEvaluatedV2,
    SessionScheduledV2,
)

from conum_modules.domain import (
    DayMode,
    Evaluation,
    Placement,
    Registration,
    RegistrationStatus,
    Session,
    SessionDay,
    SessionState,
    Track,
)
from conum_modules.store import ModulesUnitOfWork

log = logging.getLogger(__name__)


async def on_session_scheduled(
    event: SessionScheduledV2, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.holds_sessions or await uow.sessions.get(event.session_id) is not None:
        return
    session = Session(
        session_id=event.session_id,
        module_id=event.module_id,
        region=event.region,
        hub=event.hub,
        days=tuple(SessionDay(day.on, DayMode(day.mode)) for day in event.days),
        capacity=event.capacity,
        place=event.place,
    )
    await uow.sessions.add(session)
    for registration in await uow.registrations.of_session(session.session_id):
        await uow.registrations.save(  # copied before their session: completed now
            replace(registration, module_id=session.module_id, first_day=session.first_day)
        )


async def on_session_cancelled(
    event: SessionCancelledV1, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.holds_sessions:
        return
    session = await uow.sessions.get(event.session_id)
    if session is None or session.state is not SessionState.SCHEDULED:
        log.info("cancellation of session %s ignored: unknown or closed", event.session_id)
        return
    await uow.sessions.save(
        replace(session, state=SessionState.CANCELLED, cancel_reason=event.reason)
    )


async def on_session_evaluated(
    event: SessionEvaluatedV2, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.holds_sessions or await uow.evaluations.get(event.session_id) is not None:
        return
    await uow.evaluations.add(
        Evaluation(
            session_id=event.session_id,
            region=event.region,
            responses=event.responses,
            satisfied_resources_pct=event.satisfied_resources_pct,
            satisfied_overall_pct=event.satisfied_overall_pct,
            mean_self_rated_ability=event.mean_self_rated_ability,
        )
    )


async def _copied(
    uow: ModulesUnitOfWork,
    *,
    registration_id: str,
    conseiller_id: str,
    session_id: str,
    region: str,
    module_id: str | None,
) -> Registration:
    """The national copy of a registration, made from the first of its events."""
    found = await uow.registrations.get(registration_id)
    if found is not None:
        return found
    session = await uow.sessions.get(session_id)
    conseiller = await uow.conseillers.get(conseiller_id)
    hub = uow.hubs.hub_of(region)
    return Registration(
        registration_id=registration_id,
        session_id=session_id,
        conseiller_id=conseiller_id,
        module_id=session.module_id if session else module_id,
        region=region,
        hub=session.hub if session else (hub.slug if hub else ""),
        structure_id=conseiller.structure_id if conseiller else None,
        training_organisation_id=conseiller.training_organisation_id if conseiller else None,
        status=RegistrationStatus.WAITLISTED,
        registered_on=None,
        first_day=session.first_day if session else None,
    )


async def on_registration_accepted(
    event: RegistrationAcceptedV2, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.holds_sessions:
        return
    registration = await _copied(
        uow,
        registration_id=event.registration_id,
        conseiller_id=event.conseiller_id,
        session_id=event.session_id,
        region=event.region,
        module_id=event.module_id,
    )
    placement = Placement(Track(event.track), event.funded, event.funding_year)
    await uow.registrations.save(
        replace(registration.accepted(placement), module_id=event.module_id)
    )


async def on_registration_waitlisted(
    event: RegistrationWaitlistedV1, envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.holds_sessions or await uow.registrations.get(event.registration_id):
        return
    registration = await _copied(
        uow,
        registration_id=event.registration_id,
        conseiller_id=event.conseiller_id,
        session_id=event.session_id,
        region=envelope.region,  # the event has no region: ce_region is the session's
        module_id=None,
    )
    seq = await uow.registrations.next_waitlist_seq(event.session_id)
    await uow.registrations.save(replace(registration, waitlist_seq=seq))


async def on_registration_cancelled(
    event: RegistrationCancelledV1, envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.holds_sessions:
        return
    registration = await uow.registrations.get(event.registration_id)
    if registration is None or not registration.is_open:
        log.info("cancellation of registration %s ignored", event.registration_id)
        return
    await uow.registrations.save(registration.cancelled(envelope.time.date()))


async def on_module_completed(
    event: ModuleCompletedV2, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.holds_sessions:
        return
    registration = await uow.registrations.get(event.registration_id)
    if registration is None:
        log.info("completion of unknown registration %s ignored", event.registration_id)
        return
    await uow.registrations.save(registration.ended(True, event.completed_on))
    session = await uow.sessions.get(registration.session_id)
    if session is not None and session.state is SessionState.SCHEDULED:
        await uow.sessions.save(session.completed())
