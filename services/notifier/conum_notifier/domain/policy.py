"""When an e-mail goes, when it waits, when it is not to be sent (R-NOT-04, R-NOT-06), and
the notifier's assumptions, configurable (``CONUM_NOTIFIER_*``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from conum_notifier.domain.facts import (
    Ccp1Convocation,
    PositioningAppointment,
    SessionReminder,
)
from conum_notifier.domain.notifications import Notification, Reason
from conum_notifier.domain.sessions import Session


@dataclass(frozen=True)
class NotificationPolicy:
    """**Assumptions** (decision 0038): the sources say nothing of e-mails."""

    reminder_days_before: int = 2
    """A session day is recalled this many days ahead."""
    max_event_age: timedelta = timedelta(days=7)
    """An event older than this when its e-mail would go is not told any more (a store
    replayed, a notifier started late on an old stream)."""
    day_starts_at: time = time(9, 0)
    day_ends_at: time = time(17, 0)
    """The events give days, not hours: a day in a calendar runs from ``day_starts_at`` to
    ``day_ends_at``, local time, and the e-mail says the hours are indicative."""

    def __post_init__(self) -> None:
        if self.reminder_days_before < 1:
            raise ValueError("a reminder comes at least one day ahead")
        if self.day_ends_at <= self.day_starts_at:
            raise ValueError("a day ends after it starts")


def dates_of(notification: Notification, session: Session | None) -> list[date]:
    """The days a notification is about (none for a path)."""
    facts = notification.facts
    if isinstance(facts, PositioningAppointment):
        return [facts.test_on, facts.interview_on]
    if isinstance(facts, Ccp1Convocation):
        return [facts.exam_on]
    if isinstance(facts, SessionReminder):
        return [facts.day]
    if session is not None:
        return [day.on for day in session.days]
    return []


def not_to_send(
    notification: Notification,
    session: Session | None,
    *,
    today: date,
    now: datetime,
    policy: NotificationPolicy,
) -> Reason | None:
    """Why a pending notification is not to be sent at all (skipped), or ``None``."""
    if notification.needs_session and session is not None and session.cancelled:
        return Reason.SESSION_CANCELLED
    if now - notification.occurred_at > policy.max_event_age:
        return Reason.STALE_EVENT
    days = dates_of(notification, session)
    if isinstance(notification.facts, SessionReminder):
        return Reason.DATE_PASSED if notification.facts.day <= today else None
    if days and max(days) < today:
        return Reason.DATE_PASSED
    return None


def waits_for(notification: Notification, session: Session | None) -> Reason | None:
    """What a notification still waits for before it can be written, or ``None``."""
    if notification.needs_session and session is None:
        return Reason.AWAITING_SESSION
    return None
