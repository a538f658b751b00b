"""Enrolment and certification events (every instance, its own region's; the national
instance every region's): enrolments and withdrawals keyed on the current ``enrolment_id``,
the CCP1 convocation, the structures' habilitations. A withdrawal cancels the conseiller's
open registrations on the regional instance holding them, and their seats go to those
waiting."""

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

from conum_modules import domain
from conum_modules.domain import (
    Conseiller,
    Enrolment,
    Habilitation,
    RegistrationStatus,
)
from conum_modules.handlers.commands import emit_cancelled, promote
from conum_modules.store import ModulesUnitOfWork

log = logging.getLogger(__name__)


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
