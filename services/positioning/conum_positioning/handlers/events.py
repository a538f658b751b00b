"""Consumed events: plain functions taking an event, its envelope and a unit of work.

Out-of-order arrival is handled explicitly: a withdrawal of a conseiller whose enrolment has
not arrived yet is kept (``pending_withdrawals``) and applied when the enrolment arrives.
Logs carry ids only, never personal data.
"""

from __future__ import annotations

import logging

from conum_contracts.base import EventModel
from conum_contracts.enrolment import ConseillerEnrolledV2, ConseillerWithdrawnV1
from conum_contracts.envelope import Envelope
from conum_contracts.positioning import TestScheduledV1
from conum_runtime.consumer import EventHandler

from conum_positioning.domain import (
    EnrolmentFacts,
    Positioning,
    PositioningState,
    Withdrawal,
    schedule_positioning,
)
from conum_positioning.store import PositioningUnitOfWork

log = logging.getLogger(__name__)


def _emit_scheduled(uow: PositioningUnitOfWork, positioning: Positioning) -> None:
    uow.emit(
        TestScheduledV1(
            conseiller_id=positioning.conseiller_id,
            test_on=positioning.test_on,
            interview_on=positioning.interview_on,
        ),
        region=positioning.region,
    )


async def on_conseiller_enrolled(
    event: ConseillerEnrolledV2, _envelope: Envelope, uow: PositioningUnitOfWork
) -> None:
    """Create the positioning and schedule the test and interview (once per enrolment)."""
    facts = EnrolmentFacts(
        region=event.region,
        scheme=event.scheme,
        structure_id=event.structure_id,
        training_organisation_id=event.training_organisation.id,
    )
    existing = await uow.positionings.get(event.conseiller_id)
    if existing is not None:
        if not existing.accepts_reenrolment(event.enrolled_on):
            log.info(
                "enrolment of %s ignored: positioning already %s",
                event.conseiller_id,
                existing.state.value,
            )
            return
        existing.reschedule(enrolment=facts, enrolled_on=event.enrolled_on, policy=uow.scheduling)
        await uow.positionings.save(existing)
        _emit_scheduled(uow, existing)
        return
    withdrawal = await uow.pending_withdrawals.get(event.conseiller_id)
    positioning = schedule_positioning(
        conseiller_id=event.conseiller_id,
        enrolment=facts,
        enrolled_on=event.enrolled_on,
        policy=uow.scheduling,
        earlier_withdrawal=withdrawal,
    )
    if withdrawal is not None:
        await uow.pending_withdrawals.discard(event.conseiller_id)
    await uow.positionings.add(positioning)
    if positioning.state is PositioningState.SCHEDULED:
        _emit_scheduled(uow, positioning)
    else:
        log.info(
            "enrolment of %s arrived after its withdrawal: positioning closed", event.conseiller_id
        )


async def on_conseiller_withdrawn(
    event: ConseillerWithdrawnV1, envelope: Envelope, uow: PositioningUnitOfWork
) -> None:
    """Close the positioning; before the enrolment, keep the withdrawal for it."""
    withdrawal = Withdrawal(reason=event.reason, withdrawn_on=event.withdrawn_on)
    positioning = await uow.positionings.get(event.conseiller_id)
    if positioning is None:
        await uow.pending_withdrawals.keep(event.conseiller_id, envelope.region, withdrawal)
        log.info(
            "withdrawal of unknown conseiller %s kept until the enrolment arrives",
            event.conseiller_id,
        )
        return
    if positioning.close(withdrawal):
        await uow.positionings.save(positioning)


CONSUMED: dict[type[EventModel], EventHandler] = {
    ConseillerEnrolledV2: on_conseiller_enrolled,
    ConseillerWithdrawnV1: on_conseiller_withdrawn,
}
"""The consumed events, each with its handler."""
