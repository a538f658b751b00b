"""HTTP answers of the notifier: the operators' view, without personal data."""

from __future__ import annotations

from datetime import date, datetime

from conum_runtime.http.fields import PageOut
from pydantic import BaseModel, Field

from conum_notifier import domain, views


class NotificationOut(BaseModel):
    notification_id: str
    event_id: str = Field(description="The consumed event's id (a reminder's: derived).")
    kind: domain.Kind
    conseiller_id: str
    region: str
    status: domain.Status
    reason: domain.Reason | None = Field(
        description="Why it was skipped or failed, or what a pending one waits for."
    )
    days: list[date] = Field(description="The days the e-mail is about (none for a path).")
    occurred_at: datetime
    attempts: int = Field(description="Times it was handed to the SMTP server.")
    next_attempt_at: datetime | None
    sent_at: datetime | None

    @classmethod
    def of(cls, notification: domain.Notification) -> NotificationOut:
        facts = notification.facts
        days = [v for v in vars(facts).values() if isinstance(v, date)]
        return cls(
            notification_id=notification.notification_id,
            event_id=notification.event_id,
            kind=notification.kind,
            conseiller_id=notification.conseiller_id,
            region=notification.region,
            status=notification.status,
            reason=notification.reason,
            days=sorted(set(days)),
            occurred_at=notification.occurred_at,
            attempts=notification.attempts,
            next_attempt_at=notification.next_attempt_at,
            sent_at=notification.sent_at,
        )


NotificationPage = PageOut[NotificationOut]


class CountOut(BaseModel):
    kind: domain.Kind
    status: domain.Status
    count: int

    @classmethod
    def of(cls, count: views.Count) -> CountOut:
        return cls(kind=count.kind, status=count.status, count=count.count)
