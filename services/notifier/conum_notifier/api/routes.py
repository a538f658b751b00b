"""HTTP routes of the notifier: the operators' view of the notifications (R-NOT-07: no
personal data in it)."""

from __future__ import annotations

from typing import Annotated

from conum_kernel.access import Role
from conum_runtime.http.dependencies import CurrentCaller, allow, unit_of_work
from conum_runtime.http.fields import Cursor, Limit, Uuid
from conum_runtime.http.problems import problems
from conum_runtime.http.routing import new_router
from fastapi import Depends

from conum_notifier import domain, views
from conum_notifier.api.schemas import CountOut, NotificationOut, NotificationPage
from conum_notifier.store import NotifierUnitOfWork

Uow = Annotated[NotifierUnitOfWork, Depends(unit_of_work)]
router = new_router(tags=["notifications"])
READERS = allow(Role.OPERATOR, Role.NATIONAL_COORDINATOR)


@router.get("/notifications", dependencies=[READERS])
async def list_notifications(
    caller: CurrentCaller,
    uow: Uow,
    status: domain.Status | None = None,
    kind: domain.Kind | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> NotificationPage:
    """Notifications by id, a page at a time: `?status=pending` for what waits (and why)."""
    async with uow:
        page = await views.notifications(
            uow, caller, status=status, kind=kind, after=cursor, limit=limit
        )
    return NotificationPage(
        items=[NotificationOut.of(n) for n in page.items], next_cursor=page.next_after
    )


@router.get("/notifications/summary", dependencies=[READERS])
async def summary(caller: CurrentCaller, uow: Uow) -> list[CountOut]:
    """How many notifications of each kind are pending, sent, skipped, failed."""
    async with uow:
        return [CountOut.of(count) for count in await views.summary(uow, caller)]


@router.get("/notifications/{notification_id}", responses=problems(404), dependencies=[READERS])
async def get_notification(
    notification_id: Uuid, caller: CurrentCaller, uow: Uow
) -> NotificationOut:
    """One notification: its kind, its state, its attempts."""
    async with uow:
        return NotificationOut.of(await views.notification(uow, notification_id, caller))
