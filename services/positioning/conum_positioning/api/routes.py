"""HTTP routes of the positioning service: translate, authorise, call a use case."""

from __future__ import annotations

from typing import Annotated

from conum_kernel.access import Role
from conum_kernel.schemes import Scheme
from conum_runtime.http.dependencies import CurrentCaller, Today, allow, unit_of_work
from conum_runtime.http.fields import RegionCode, Uuid
from conum_runtime.http.listings import Keys, listing_route
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router
from fastapi import Depends, status

from conum_positioning import views
from conum_positioning.api.schemas import (
    ActOut,
    AnswerIn,
    DistributionOut,
    InquiryIn,
    InquiryOut,
    PathCountOut,
    PositioningOut,
    PositioningStateOut,
    PositioningStatePage,
    ReopeningIn,
    ResultIn,
    ResultOut,
)
from conum_positioning.handlers import commands
from conum_positioning.store import PositioningUnitOfWork

Uow = Annotated[PositioningUnitOfWork, Depends(unit_of_work)]
router = new_router(tags=["positionings"])


@router.get("/positionings/{conseiller_id}", responses=problems(404))
async def get_positioning(conseiller_id: Uuid, caller: CurrentCaller, uow: Uow) -> PositioningOut:
    """A conseiller's positioning: schedule, current result, every result, inquiries, history."""
    async with uow:
        return PositioningOut.of(await views.positioning_view(uow, conseiller_id, caller))


@listing_route(router)
async def list_for_reconciliation(
    caller: CurrentCaller, uow: Uow, keys: Keys
) -> PositioningStatePage:
    """Every positioning as `./conum reconcile` compares it (ids, codes, days, the path last
    assigned in the current round), in the order of conseiller ids, a page at a time
    (decision 0036)."""
    async with uow:
        page = await views.in_key_order(uow, caller, keys)
    return PositioningStatePage(
        items=[PositioningStateOut.of(row, hours) for row, hours in page.items],
        next_cursor=page.next_after,
    )


@router.get("/positionings/{conseiller_id}/history", responses=problems(404))
async def get_history(conseiller_id: Uuid, caller: CurrentCaller, uow: Uow) -> list[ActOut]:
    async with uow:
        view = await views.positioning_view(uow, conseiller_id, caller)
    return [ActOut.of(act) for act in view.history]


@router.post(
    "/positionings/{conseiller_id}/result",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.TRAINING_ORGANISATION)],
)
async def record_result(
    conseiller_id: Uuid, body: ResultIn, caller: CurrentCaller, uow: Uow, today: Today
) -> ResultOut:
    """The training organisation records the test and interview; the result is sovereign."""
    command = commands.RecordResult(
        conseiller_id, body.digital_score, body.support_score, body.interview_note
    )
    async with uow:
        return ResultOut.of(await commands.record_result(command, uow, caller, today))


@router.post(
    "/positionings/{conseiller_id}/reopenings",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.TRAINING_ORGANISATION)],
)
async def reopen(
    conseiller_id: Uuid, body: ReopeningIn, caller: CurrentCaller, uow: Uow, today: Today
) -> PositioningOut:
    """The training organisation formally reopens a result, with a reason."""
    async with uow:
        await commands.reopen_positioning(
            commands.ReopenPositioning(conseiller_id, body.reason), uow, caller, today
        )
    async with uow:
        return PositioningOut.of(await views.positioning_view(uow, conseiller_id, caller))


@router.post(
    "/positionings/{conseiller_id}/inquiries",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.HOST_STRUCTURE)],
)
async def open_inquiry(
    conseiller_id: Uuid, body: InquiryIn, caller: CurrentCaller, uow: Uow, today: Today
) -> InquiryOut:
    """A structure questions the result (for itself or relaying its learner)."""
    command = commands.OpenInquiry(conseiller_id, body.opened_by, body.question)
    async with uow:
        return InquiryOut.of(await commands.open_inquiry(command, uow, caller, today))


@router.post(
    "/positionings/{conseiller_id}/inquiries/{inquiry_id}/answer",
    responses=problems(403, 404, 409),
    dependencies=[allow(Role.TRAINING_ORGANISATION)],
)
async def answer_inquiry(
    conseiller_id: Uuid,
    inquiry_id: Uuid,
    body: AnswerIn,
    caller: CurrentCaller,
    uow: Uow,
    today: Today,
) -> InquiryOut:
    """The training organisation answers; the result stands."""
    command = commands.AnswerInquiry(conseiller_id, inquiry_id, body.answer)
    async with uow:
        return InquiryOut.of(await commands.answer_inquiry(command, uow, caller, today))


@router.get(
    "/distributions/paths",
    responses=problems(403),
    dependencies=[
        allow(
            Role.NATIONAL_COORDINATOR, Role.TRAINING_ORGANISATION, Role.REGIONAL_HUB, Role.OPERATOR
        )
    ],
)
async def path_distribution(
    caller: CurrentCaller,
    uow: Uow,
    scheme: Scheme | None = None,
    region: RegionCode | None = None,
) -> DistributionOut:
    """Current paths by region and scheme; a regional caller sees its own region only."""
    async with uow:
        rows = await views.path_distribution(uow, caller, region, scheme)
    return DistributionOut(paths=[PathCountOut.of(row) for row in rows])
