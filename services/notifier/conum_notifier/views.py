"""The operators' view of the notifications: what waits, what went, what was skipped or
failed and why. Identifiers, kinds, states and days only: never a name nor an address (the
notifier holds none). A regional caller sees its region's."""

from __future__ import annotations

from dataclasses import dataclass

from conum_kernel.access import Caller

from conum_notifier import domain
from conum_notifier.store import NotifierUnitOfWork
from conum_notifier.store.repositories import Page


@dataclass(frozen=True)
class Count:
    kind: domain.Kind
    status: domain.Status
    count: int


async def notifications(
    uow: NotifierUnitOfWork,
    caller: Caller,
    *,
    status: domain.Status | None,
    kind: domain.Kind | None,
    after: str | None,
    limit: int,
) -> Page:
    return await uow.notifications.page(
        caller.regions, status=status, kind=kind, after=after, limit=limit
    )


async def notification(
    uow: NotifierUnitOfWork, notification_id: str, caller: Caller
) -> domain.Notification:
    found = await uow.notifications.get(notification_id)
    if found is None or not caller.may_act_in(found.region):
        raise domain.UnknownNotification(f"no notification {notification_id}")
    return found


async def summary(uow: NotifierUnitOfWork, caller: Caller) -> list[Count]:
    """How many notifications of each kind are in each state."""
    counts = await uow.notifications.counts(caller.regions)
    return [Count(kind, status, count) for kind, status, count in sorted(counts)]
