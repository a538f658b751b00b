"""HTTP routes and Kafka subscriptions: translate, authorise, call a use case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated, Literal

from conum_contracts.enrolment import ConseillerEnrolledV1, ConseillerWithdrawnV1
from conum_runtime.auth import CurrentActor, Role, require_role
from conum_runtime.consumer import EventHandler
from fastapi import APIRouter, Depends, Request, status

from conum_positioning import commands, handlers, refusals
from conum_positioning.access import Caller, scope_regions
from conum_positioning.domain import SchedulingPolicy
from conum_positioning.rubric import RubricBook
from conum_positioning.schemas import (
    ActOut,
    AnswerIn,
    DistributionOut,
    InquiryIn,
    InquiryOut,
    PathCountOut,
    PositioningOut,
    ReopeningIn,
    ResultIn,
    ResultOut,
)
from conum_positioning.store import PositioningUnitOfWork

REFUSAL_STATUS: dict[type[Exception], int] = {
    refusals.UnknownPositioning: status.HTTP_404_NOT_FOUND,
    refusals.UnknownInquiry: status.HTTP_404_NOT_FOUND,
    refusals.WrongRegion: status.HTTP_403_FORBIDDEN,
    refusals.NotTheirConseiller: status.HTTP_403_FORBIDDEN,
    refusals.ResultAlreadyRecorded: status.HTTP_409_CONFLICT,
    refusals.PositioningClosed: status.HTTP_409_CONFLICT,
    refusals.NoResultToReopen: status.HTTP_409_CONFLICT,
    refusals.NoResultToQuestion: status.HTTP_409_CONFLICT,
    refusals.InquiryAlreadyAnswered: status.HTTP_409_CONFLICT,
    refusals.ConcurrentChange: status.HTTP_409_CONFLICT,
    refusals.NoRubricInForce: status.HTTP_409_CONFLICT,
    refusals.SchemeNotInRubric: status.HTTP_409_CONFLICT,
}


def event_handlers(policy: SchedulingPolicy) -> dict[type, EventHandler]:
    """Routing of consumed events: a literal map from contract to handler."""
    return {
        ConseillerEnrolledV1: partial(handlers.on_conseiller_enrolled, policy=policy),
        ConseillerWithdrawnV1: handlers.on_conseiller_withdrawn,
    }


def new_uow(request: Request) -> PositioningUnitOfWork:
    factory: Callable[[], PositioningUnitOfWork] = request.app.state.new_uow
    return factory()


def caller(request: Request, actor: CurrentActor) -> Caller:
    instance_region: str = request.app.state.host.settings.region
    return Caller(actor.role.value, scope_regions(actor.region, instance_region), actor.actor_id)


def today(request: Request) -> date:
    clock: Callable[[], date] = request.app.state.clock
    return clock()


def rubrics(request: Request) -> RubricBook:
    book: RubricBook = request.app.state.rubrics
    return book


Uow = Annotated[PositioningUnitOfWork, Depends(new_uow)]
Who = Annotated[Caller, Depends(caller)]
Today = Annotated[date, Depends(today)]
Rubrics = Annotated[RubricBook, Depends(rubrics)]
router = APIRouter()


async def positioning_out(
    uow: PositioningUnitOfWork, conseiller_id: str, who: Caller
) -> PositioningOut:
    positioning = await uow.positionings.get(conseiller_id)
    if positioning is None or not who.may_see(positioning):
        raise refusals.UnknownPositioning("no positioning for this conseiller")
    current = positioning.result.result_id if positioning.result else None
    return PositioningOut(
        conseiller_id=positioning.conseiller_id,
        region=positioning.region,
        scheme=positioning.scheme,
        structure_id=positioning.structure_id,
        training_organisation_id=positioning.training_organisation_id,
        enrolled_on=positioning.enrolled_on,
        test_on=positioning.test_on,
        interview_on=positioning.interview_on,
        state=positioning.state,
        closed_on=positioning.closed_on,
        result=ResultOut.of(positioning.result) if positioning.result else None,
        results=[
            ResultOut.of(r, current=r.result_id == current)
            for r in await uow.positionings.results(conseiller_id)
        ],
        inquiries=[InquiryOut.of(i) for i in await uow.inquiries.of(conseiller_id)],
        history=[ActOut.of(a) for a in await uow.positionings.history(conseiller_id)],
    )


@router.get("/positionings/{conseiller_id}")
async def get_positioning(conseiller_id: str, who: Who, uow: Uow) -> PositioningOut:
    """A conseiller's positioning: schedule, current result, every result, inquiries, history."""
    async with uow:
        return await positioning_out(uow, conseiller_id, who)


@router.get("/positionings/{conseiller_id}/history")
async def get_history(conseiller_id: str, who: Who, uow: Uow) -> list[ActOut]:
    async with uow:
        return (await positioning_out(uow, conseiller_id, who)).history


@router.post("/positionings/{conseiller_id}/result", status_code=status.HTTP_201_CREATED)
async def record_result(
    conseiller_id: str,
    body: ResultIn,
    actor: CurrentActor,
    who: Who,
    uow: Uow,
    day: Today,
    book: Rubrics,
) -> ResultOut:
    """The training organisation records the test and interview; the result is sovereign."""
    require_role(actor, Role.TRAINING_ORGANISATION)
    command = commands.RecordResult(
        conseiller_id, body.digital_score, body.support_score, body.interview_note
    )
    async with uow:
        return ResultOut.of(await commands.record_result(command, uow, who, book, day))


@router.post("/positionings/{conseiller_id}/reopenings", status_code=status.HTTP_201_CREATED)
async def reopen(
    conseiller_id: str, body: ReopeningIn, actor: CurrentActor, who: Who, uow: Uow, day: Today
) -> PositioningOut:
    """The training organisation formally reopens a result, with a reason."""
    require_role(actor, Role.TRAINING_ORGANISATION)
    async with uow:
        await commands.reopen_positioning(
            commands.ReopenPositioning(conseiller_id, body.reason), uow, who, day
        )
    async with uow:
        return await positioning_out(uow, conseiller_id, who)


@router.post("/positionings/{conseiller_id}/inquiries", status_code=status.HTTP_201_CREATED)
async def open_inquiry(
    conseiller_id: str, body: InquiryIn, actor: CurrentActor, who: Who, uow: Uow, day: Today
) -> InquiryOut:
    """A structure questions the result (for itself or relaying its learner)."""
    require_role(actor, Role.HOST_STRUCTURE)
    command = commands.OpenInquiry(conseiller_id, body.opened_by, body.question)
    async with uow:
        return InquiryOut.of(await commands.open_inquiry(command, uow, who, day))


@router.post("/positionings/{conseiller_id}/inquiries/{inquiry_id}/answer")
async def answer_inquiry(
    conseiller_id: str,
    inquiry_id: str,
    body: AnswerIn,
    actor: CurrentActor,
    who: Who,
    uow: Uow,
    day: Today,
) -> InquiryOut:
    """The training organisation answers; the result stands."""
    require_role(actor, Role.TRAINING_ORGANISATION)
    command = commands.AnswerInquiry(conseiller_id, inquiry_id, body.answer)
    async with uow:
        return InquiryOut.of(await commands.answer_inquiry(command, uow, who, day))


@router.get("/distributions/paths")
async def path_distribution(
    actor: CurrentActor,
    who: Who,
    uow: Uow,
    scheme: Literal["2021", "2024"] | None = None,
    region: str | None = None,
) -> DistributionOut:
    """Current paths by region and scheme; a regional caller sees its own region only."""
    require_role(
        actor,
        Role.NATIONAL_COORDINATOR,
        Role.TRAINING_ORGANISATION,
        Role.REGIONAL_HUB,
        Role.OPERATOR,
    )
    regions = who.regions
    if region is not None:
        if not who.in_region(region):
            raise refusals.WrongRegion(f"not allowed to read region {region}")
        regions = frozenset({region})
    async with uow:
        rows = await uow.positionings.path_distribution(regions, scheme)
    return DistributionOut(paths=[PathCountOut.of(row) for row in rows])
