"""Enrolments: enrol a conseiller, read and list enrolments, withdraw a conseiller, erase
their personal data."""

from __future__ import annotations

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, Today, allow
from conum_runtime.http.fields import Cursor, Limit, RegionCode, Slug, Uuid
from conum_runtime.http.listings import Keys, listing_route
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router
from fastapi import status

from conum_enrolment import domain, views
from conum_enrolment.api.routes import Uow
from conum_enrolment.api.schemas import (
    EnrolmentIn,
    EnrolmentOut,
    EnrolmentPage,
    EnrolmentStateOut,
    EnrolmentStatePage,
    ErasureIn,
    ErasureOut,
    WithdrawalIn,
)
from conum_enrolment.handlers import commands

router = new_router(tags=["enrolments"])


@router.post(
    "/enrolments",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 409),
    dependencies=[allow(Role.HOST_STRUCTURE, Role.NATIONAL_COORDINATOR)],
)
async def enrol(body: EnrolmentIn, caller: CurrentCaller, uow: Uow, today: Today) -> EnrolmentOut:
    """The host structure enrols its conseiller with its territory's training organisation."""
    command = commands.EnrolConseiller(
        structure_id=body.structure_id,
        scheme=body.scheme,
        employment=body.employment,
        person=body.person.person(),
        remote=body.remote,
        remote_impossibility_reason=body.remote_impossibility_reason,
    )
    async with uow:
        return EnrolmentOut.of(await commands.enrol_conseiller(command, uow, caller, today))


@router.get("/enrolments", responses=problems(403))
async def list_enrolments(
    caller: CurrentCaller,
    uow: Uow,
    region: RegionCode | None = None,
    training_organisation: Slug | None = None,
    state: domain.EnrolmentState | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> EnrolmentPage:
    """The enrolments the caller may see, ordered by conseiller id, a page at a time."""
    async with uow:
        page = await views.enrolments(
            uow,
            caller,
            region=region,
            training_organisation=training_organisation,
            state=state,
            after=cursor,
            limit=limit,
        )
    return EnrolmentPage(
        items=[EnrolmentOut.of_view(view) for view in page.items], next_cursor=page.next_after
    )


@listing_route(router)
async def list_for_reconciliation(
    caller: CurrentCaller, uow: Uow, keys: Keys
) -> EnrolmentStatePage:
    """Every enrolment as `./conum reconcile` compares it (ids, codes and days; no personal
    data), in the order of conseiller ids, a page at a time (decision 0036)."""
    async with uow:
        page = await views.in_key_order(uow, caller, keys)
    return EnrolmentStatePage(
        items=[EnrolmentStateOut.of(row) for row in page.rows],
        next_cursor=page.next_after,
    )


@router.get("/enrolments/{conseiller_id}", responses=problems(404))
async def get_enrolment(conseiller_id: Uuid, caller: CurrentCaller, uow: Uow) -> EnrolmentOut:
    """One enrolment; names and e-mail only for the roles that need them."""
    async with uow:
        return EnrolmentOut.of_view(await views.enrolment_view(uow, conseiller_id, caller))


@router.post(
    "/enrolments/{conseiller_id}/withdrawal",
    responses=problems(403, 404, 409),
    dependencies=[allow(*domain.WITHDRAWING_ROLES)],
)
async def withdraw(
    conseiller_id: Uuid, body: WithdrawalIn, caller: CurrentCaller, uow: Uow, today: Today
) -> EnrolmentOut:
    """The structure employing the conseiller, the organisation training them or a national
    coordinator withdraws them, with a reason code of the list and free text beside it if
    wanted: `{"reason": "left_structure", "detail": "moved to another region"}`."""
    command = commands.WithdrawConseiller(conseiller_id, body.reason, body.detail)
    async with uow:
        return EnrolmentOut.of(await commands.withdraw_conseiller(command, uow, caller, today))


@router.post(
    "/enrolments/{conseiller_id}/erasure",
    status_code=status.HTTP_201_CREATED,
    responses=problems(403, 404, 409),
    dependencies=[allow(*domain.ERASING_ROLES)],
)
async def erase(
    conseiller_id: Uuid, body: ErasureIn, caller: CurrentCaller, uow: Uow
) -> ErasureOut:
    """The host structure employing the conseiller or a national coordinator erases their
    names and e-mail for good, with a reason code (decision 0021). The enrolment and every
    non-personal figure are unchanged; a second erasure is refused (409 `already_erased`)."""
    command = commands.EraseConseiller(conseiller_id, body.reason)
    async with uow:
        return ErasureOut.of(await commands.erase_conseiller(command, uow, caller))
