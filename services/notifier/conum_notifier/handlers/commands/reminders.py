"""Making the session reminders that fall due (R-NOT-04): for each accepted registration of a
session not over, each day whose reminder is due today gets one notification, keyed by the
registration and the day, so that it is made once however often this runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from conum_notifier.domain import (
    Kind,
    Notification,
    NotificationPolicy,
    SessionReminder,
    due_reminders,
    reminder_event_id,
)
from conum_notifier.store import NotifierUnitOfWork


async def make_due_reminders(
    new_uow: Callable[[], NotifierUnitOfWork],
    policy: NotificationPolicy,
    today: date,
    now: datetime | None = None,
) -> list[Notification]:
    """The reminders made now (none already made)."""
    at = now or datetime.now(UTC)
    async with new_uow() as uow:
        reminders = [
            Notification.of(
                reminder_event_id(registration.registration_id, day),
                Kind.SESSION_REMINDER,
                registration.conseiller_id,
                registration.region,
                SessionReminder(
                    registration.registration_id, session.session_id, session.module_id, day
                ),
                at,
            )
            for registration, session in await uow.registrations.accepted_with_sessions(today)
            for day in due_reminders(registration, session, today, policy.reminder_days_before)
        ]
        made = await uow.notifications.add_absent(reminders)
        await uow.commit()
    return made
