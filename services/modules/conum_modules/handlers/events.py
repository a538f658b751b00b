"""Consumed events: plain functions taking an event, its envelope and a unit of work.

- **Enrolment and certification** (every instance, its own region's; the national instance
  every region's): enrolments and withdrawals keyed on the current ``enrolment_id``
  (:mod:`conum_modules.domain.conseillers`), the CCP1 convocation, the structures'
  habilitations. A withdrawal cancels the conseiller's open registrations on the regional
  instance holding them, and their seats go to those waiting.
- **The catalogue** (published by the national instance with region ``national``, which
  every instance reads): regional instances keep a copy; the national instance wrote it
  already and ignores the echo.
- **Sessions and registrations** (published by regional instances): the national instance
  keeps a copy of every region's, La Mednum's national calendar and records; a regional
  instance wrote its own already and ignores the echo. Each instance thus has one writer per
  table and never applies its own events twice.

Out of order: a convocation or withdrawal before the enrolment is kept in a partial row; a
registration copied before its session is completed when the session arrives (the topics
differ, so their order does not hold). Duplicates are stopped by the consumer's inbox. Logs
carry ids only.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from conum_contracts.certification import Ccp1ConvenedV2
from conum_contracts.enrolment import (
    ConseillerEnrolledV3,
    ConseillerWithdrawnV1,
    HabilitationGrantedV1,
)
from conum_contracts.envelope import Envelope
from conum_contracts.modules import (
    ModuleCompletedV2,
    ModulePublishedV1,
    ModuleWithdrawnV1,
    RegistrationAcceptedV2,
    RegistrationCancelledV1,
    RegistrationWaitlistedV1,
    SessionCancelledV1,
    SessionEvaluatedV2,
    SessionScheduledV2,
)
from conum_runtime.consumed import Consumed

from conum_modules import domain
from conum_modules.domain import (
    Conseiller,
    DayMode,
    Enrolment,
    Evaluation,
    Habilitation,
    Module,
    ModuleKind,
    Placement,
    Registration,
    RegistrationStatus,
    Session,
    SessionDay,
    SessionState,
    Track,
)
from conum_modules.handlers.commands import emit_cancelled, promote
from conum_modules.store import ModulesUnitOfWork

log = logging.getLogger(__name__)

# --- enrolment and certification ----------------------------------------------------------


async def on_habilitation_granted(
    event: HabilitationGrantedV1, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    await uow.habilitations.grant(event.structure_id, Habilitation(event.scheme), event.granted_on)


async def on_conseiller_enrolled(
    event: ConseillerEnrolledV3, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    """A new enrolment becomes the current one; the person is never kept."""
    enrolment = Enrolment(
        enrolment_id=event.enrolment_id,
        conseiller_id=event.conseiller_id,
        region=event.region,
        structure_id=event.structure_id,
        training_organisation_id=event.training_organisation.id,
        scheme=event.scheme,
        enrolled_on=event.enrolled_on,
    )
    seen = event.enrolment_id is not None and await uow.conseillers.seen(event.enrolment_id)
    current = await uow.conseillers.get(event.conseiller_id)
    updated = domain.enrolled(current, enrolment, seen_before=seen)
    if event.enrolment_id is not None:
        await uow.conseillers.remember(event.conseiller_id, event.enrolment_id)
    if updated is None:
        log.info("enrolment of %s ignored: repeated or older", event.conseiller_id)
        return
    await uow.conseillers.save(updated)
    if not uow.instance.holds_sessions:
        await _copies_learn_their_parties(uow, updated)


async def _copies_learn_their_parties(uow: ModulesUnitOfWork, conseiller: Conseiller) -> None:
    """National copies of registrations made before the conseiller's enrolment arrived
    (another topic) name no structure or organisation yet: they take the enrolment's."""
    for registration in await uow.registrations.of_conseiller(conseiller.conseiller_id):
        if registration.structure_id is None:
            await uow.registrations.save(
                replace(
                    registration,
                    structure_id=conseiller.structure_id,
                    training_organisation_id=conseiller.training_organisation_id,
                )
            )


async def on_conseiller_withdrawn(
    event: ConseillerWithdrawnV1, envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    """Refuse further registrations; cancel the open ones (their seats go to those
    waiting). ``withdrawn`` has no region: ``ce_region`` is the conseiller's."""
    open_sessions: list[str] = []
    if uow.instance.holds_sessions:
        open_sessions = sorted(
            {r.session_id for r in await uow.registrations.of_conseiller(event.conseiller_id)}
        )
        for session_id in open_sessions:  # sessions first, then the conseiller: one order
            await uow.sessions.claim(session_id)
    await uow.conseillers.claim(event.conseiller_id)
    updated = domain.withdrawn(
        await uow.conseillers.get(event.conseiller_id),
        conseiller_id=event.conseiller_id,
        region=envelope.region,
        enrolment_id=event.enrolment_id,
        withdrawn_on=event.withdrawn_on,
    )
    if updated is None:
        log.info("withdrawal of %s ignored: already withdrawn or older", event.conseiller_id)
        return
    await uow.conseillers.save(updated)
    if not uow.instance.holds_sessions or not updated.is_enrolled:
        return
    for registration in await uow.registrations.of_conseiller(event.conseiller_id):
        if not registration.is_open:
            continue
        if registration.session_id not in open_sessions:
            await uow.sessions.claim(registration.session_id)
        dropped = registration.cancelled(event.withdrawn_on)
        await uow.registrations.save(dropped)
        emit_cancelled(uow, dropped)
        session = await uow.sessions.get(registration.session_id)
        if session is not None and registration.status is RegistrationStatus.ACCEPTED:
            await promote(uow, session, event.withdrawn_on)


async def on_ccp1_convened(
    event: Ccp1ConvenedV2, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    """The convocation opens initial-training modules (passing is not required)."""
    current = await uow.conseillers.get(event.conseiller_id)
    await uow.conseillers.save(
        domain.convened(
            current, conseiller_id=event.conseiller_id, region=event.region, exam_on=event.exam_on
        )
    )


# --- the catalogue (regional instances keep a copy) ----------------------------------------


async def on_module_published(
    event: ModulePublishedV1, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.is_national or await uow.modules.get(event.module_id) is not None:
        return  # the national instance's own echo; or a repeated publication
    await uow.modules.save(
        Module(
            module_id=event.module_id,
            title=event.title,
            kind=ModuleKind(event.kind),
            requires_habilitation=(
                Habilitation(event.requires_habilitation) if event.requires_habilitation else None
            ),
        )
    )


async def on_module_withdrawn(
    event: ModuleWithdrawnV1, _envelope: Envelope, uow: ModulesUnitOfWork
) -> None:
    if uow.instance.is_national:
        return
    module = await uow.modules.get(event.module_id)
    if module is None or not module.is_published:
        log.info("withdrawal of module %s ignored: unknown or withdrawn", event.module_id)
        return
    await uow.modules.save(module.withdraw(None))


# --- sessions and registrations (the national instance keeps a copy) ----------------------


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


CONSUMED = (
    Consumed[ModulesUnitOfWork]()
    .on(HabilitationGrantedV1, on_habilitation_granted)
    .on(ConseillerEnrolledV3, on_conseiller_enrolled)
    .on(ConseillerWithdrawnV1, on_conseiller_withdrawn)
    .on(Ccp1ConvenedV2, on_ccp1_convened)
    .on(ModulePublishedV1, on_module_published)
    .on(ModuleWithdrawnV1, on_module_withdrawn)
    .on(SessionScheduledV2, on_session_scheduled)
    .on(SessionCancelledV1, on_session_cancelled)
    .on(SessionEvaluatedV2, on_session_evaluated)
    .on(RegistrationAcceptedV2, on_registration_accepted)
    .on(RegistrationWaitlistedV1, on_registration_waitlisted)
    .on(RegistrationCancelledV1, on_registration_cancelled)
    .on(ModuleCompletedV2, on_module_completed)
)
"""The consumed events, each with its handler."""
