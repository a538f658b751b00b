"""HTTP routes and Kafka subscriptions of the positioning service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated

from conum_contracts.enrolment import ConseillerEnrolledV1
from conum_runtime.auth import CurrentActor
from conum_runtime.consumer import EventHandler
from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel

from conum_positioning import handlers
from conum_positioning.domain import SchedulingPolicy
from conum_positioning.store import PositioningUnitOfWork


def event_handlers(policy: SchedulingPolicy) -> dict[type, EventHandler]:
    """Routing of consumed events: a literal map from contract to handler."""
    return {ConseillerEnrolledV1: partial(handlers.on_conseiller_enrolled, policy=policy)}


class PositioningOut(BaseModel):
    conseiller_id: str
    region: str
    scheme: str
    test_on: date
    interview_on: date
    state: str


def new_uow(request: Request) -> PositioningUnitOfWork:
    factory: Callable[[], PositioningUnitOfWork] = request.app.state.new_uow
    return factory()


Uow = Annotated[PositioningUnitOfWork, Depends(new_uow)]
router = APIRouter()


@router.get("/positionings/{conseiller_id}")
async def get_positioning(conseiller_id: str, actor: CurrentActor, uow: Uow) -> PositioningOut:
    async with uow:
        positioning = await uow.positionings.get(conseiller_id)
    if positioning is None or not actor.may_act_in(positioning.region):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no positioning for this conseiller")
    return PositioningOut(
        conseiller_id=positioning.conseiller_id,
        region=positioning.region,
        scheme=positioning.scheme,
        test_on=positioning.test_on,
        interview_on=positioning.interview_on,
        state=positioning.state.value,
    )
