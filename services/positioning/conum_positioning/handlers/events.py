"""Consumed events: plain functions taking an event, its envelope and a unit of work.

Each enrolment of a conseiller is a round of their positioning, told apart by its
``enrolment_id`` (:mod:`conum_positioning.domain.rounds`, decision 0016): a new enrolment
starts a new round whatever the days, the same day included; a withdrawal closes the round of
its own enrolment only. Out-of-order arrival is handled explicitly: a withdrawal of an
enrolment that has not arrived yet is kept (``pending_withdrawals``, one per enrolment) and
applied when the enrolment arrives; events of an earlier enrolment change nothing. Events
without ``enrolment_id`` (revision 1) fall back to the day's grain. Logs carry ids only,
never personal data.
"""

from __future__ import annotations

import logging

from conum_contracts.enrolment import ConseillerEnrolledV3, ConseillerWithdrawnV1
from conum_contracts.envelope import Envelope
from conum_contracts.positioning import TestScheduledV1
from conum_runtime.consumed import Consumed

from conum_positioning.domain import (
    Arrival,
    EnrolmentFacts,
    Positioning,
    PositioningState,
    Withdrawal,
    WithdrawalEffect,
    arrival_of,
    close_early,
    effect_of,
    schedule_positioning,
)
from conum_positioning.store import PositioningUnitOfWork

log = logging.getLogger(__name__)


def _emit_scheduled(uow: PositioningUnitOfWork, positioning: Positioning) -> None:
    uow.emit(
        TestScheduledV1.of(positioning),
        region=positioning.region,
    )


async def on_conseiller_enrolled(
    event: ConseillerEnrolledV3, _envelope: Envelope, uow: PositioningUnitOfWork
) -> None:
    """Schedule the test and interview of the enrolment's round (once per enrolment)."""
    facts = EnrolmentFacts(
        region=event.region,
        scheme=event.scheme,
        structure_id=event.structure_id,
        training_organisation_id=event.training_organisation.id,
    )
    pending = await uow.pending_withdrawals.for_enrolment(event.conseiller_id, event.enrolment_id)
    positioning = await uow.positionings.get(event.conseiller_id, lock=True)
    if positioning is None:
        positioning = schedule_positioning(
            conseiller_id=event.conseiller_id,
            enrolment=facts,
            enrolled_on=event.enrolled_on,
            policy=uow.scheduling,
            enrolment_id=event.enrolment_id,
            earlier_withdrawal=pending,
        )
        await uow.positionings.add(positioning)
    else:
        arrival = arrival_of(positioning, event.enrolment_id, event.enrolled_on)
        if arrival is not Arrival.NEW_ROUND:
            log.info("enrolment of %s ignored: %s", event.conseiller_id, arrival.value)
            return
        positioning.start_round(
            enrolment=facts,
            enrolment_id=event.enrolment_id,
            enrolled_on=event.enrolled_on,
            policy=uow.scheduling,
        )
        close_early(positioning, pending)
        await uow.positionings.save(positioning)
    if pending is not None:  # it ended this enrolment, or (revision 1) an earlier one
        await uow.pending_withdrawals.discard(event.conseiller_id, pending)
    if positioning.state is PositioningState.CLOSED:
        log.info("enrolment of %s arrived after its withdrawal: closed", event.conseiller_id)
        return
    _emit_scheduled(uow, positioning)


async def on_conseiller_withdrawn(
    event: ConseillerWithdrawnV1, envelope: Envelope, uow: PositioningUnitOfWork
) -> None:
    """Close the round of the withdrawn enrolment; keep a withdrawal of an enrolment not
    received yet; a late withdrawal of an earlier enrolment changes nothing."""
    withdrawal = Withdrawal(
        reason=event.reason_code or event.reason,
        withdrawn_on=event.withdrawn_on,
        enrolment_id=event.enrolment_id,
    )
    positioning = await uow.positionings.get(event.conseiller_id, lock=True)
    effect = WithdrawalEffect.KEPT if positioning is None else effect_of(positioning, withdrawal)
    if effect is WithdrawalEffect.KEPT:
        await uow.pending_withdrawals.keep(event.conseiller_id, envelope.region, withdrawal)
        log.info("withdrawal of %s kept until its enrolment arrives", event.conseiller_id)
    elif effect is WithdrawalEffect.CLOSES:
        assert positioning is not None
        positioning.close(withdrawal.withdrawn_on, withdrawal.reason)
        await uow.positionings.save(positioning)
    else:
        log.info("withdrawal of %s changes nothing: %s", event.conseiller_id, effect.value)


CONSUMED = (
    Consumed[PositioningUnitOfWork]()
    .on(ConseillerEnrolledV3, on_conseiller_enrolled)
    .on(ConseillerWithdrawnV1, on_conseiller_withdrawn)
)
"""The consumed events, each with its handler."""
