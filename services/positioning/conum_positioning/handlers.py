"""Positioning use cases: plain functions taking an event or command and a unit of work."""

from __future__ import annotations

from conum_contracts.enrolment import ConseillerEnrolledV1
from conum_contracts.envelope import Envelope
from conum_contracts.positioning import TestScheduledV1

from conum_positioning.domain import SchedulingPolicy, schedule_positioning
from conum_positioning.store import PositioningUnitOfWork


async def on_conseiller_enrolled(
    event: ConseillerEnrolledV1,
    _envelope: Envelope,
    uow: PositioningUnitOfWork,
    policy: SchedulingPolicy,
) -> None:
    """Create the positioning and schedule the test and interview (once per conseiller)."""
    if await uow.positionings.get(event.conseiller_id) is not None:
        return
    positioning = schedule_positioning(
        conseiller_id=event.conseiller_id,
        region=event.region,
        scheme=event.scheme,
        training_organisation_id=event.training_organisation.id,
        enrolled_on=event.enrolled_on,
        policy=policy,
    )
    await uow.positionings.save(positioning)
    uow.emit(
        TestScheduledV1(
            conseiller_id=positioning.conseiller_id,
            test_on=positioning.test_on,
            interview_on=positioning.interview_on,
        ),
        region=positioning.region,
    )
