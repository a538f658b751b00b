"""What the notifier tells a conseiller, and the state of each e-mail (R-NOT-01, R-NOT-02).

A notification is written when an event is consumed, in the transaction of its inbox row, and
keyed by that event's id and its kind: a redelivered event finds it there and changes nothing.
The sender reads it later, fetches the person's name and address, and marks it sent, skipped
or failed. What it holds is the facts of the event (days, ids, hours), never a name or an
address.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from conum_kernel.refusals import NotFound

from conum_notifier.domain.facts import (
    Ccp1Convocation,
    Facts,
    ModuleRegistration,
    PathAssignment,
    PositioningAppointment,
    SessionReminder,
)

NAMESPACE = uuid.UUID("6f1d3a52-9c1e-4d55-8f0e-2b7a6c3e9d41")
"""The namespace of the ids the notifier derives (notifications, reminders)."""


class Kind(StrEnum):
    POSITIONING_APPOINTMENT = "positioning_appointment"
    CCP1_CONVOCATION = "ccp1_convocation"
    REGISTRATION_ACCEPTED = "registration_accepted"
    REGISTRATION_PROMOTED = "registration_promoted"
    SESSION_REMINDER = "session_reminder"
    PATH_ASSIGNED = "path_assigned"


FACTS_OF: dict[Kind, type[Facts]] = {
    Kind.POSITIONING_APPOINTMENT: PositioningAppointment,
    Kind.CCP1_CONVOCATION: Ccp1Convocation,
    Kind.REGISTRATION_ACCEPTED: ModuleRegistration,
    Kind.REGISTRATION_PROMOTED: ModuleRegistration,
    Kind.SESSION_REMINDER: SessionReminder,
    Kind.PATH_ASSIGNED: PathAssignment,
}
"""The facts each kind of notification carries."""


class Status(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"
    """Not to be sent, by a rule (the person is erased, the date has passed…)."""
    FAILED = "failed"
    """Could not be sent for good (no address for the person, the address refused)."""


class Reason(StrEnum):
    """Why a notification was skipped or failed, or why it still waits."""

    PERSON_ERASED = "person_erased"
    UNKNOWN_CONSEILLER = "unknown_conseiller"
    RECIPIENT_REFUSED = "recipient_refused"
    DATE_PASSED = "date_passed"
    STALE_EVENT = "stale_event"
    REGISTRATION_CANCELLED = "registration_cancelled"
    SESSION_CANCELLED = "session_cancelled"
    AWAITING_SESSION = "awaiting_session"
    ENROLMENT_UNAVAILABLE = "enrolment_unavailable"
    SMTP_UNAVAILABLE = "smtp_unavailable"


class UnknownNotification(NotFound):
    code = "unknown_notification"


def derived_id(*parts: str) -> str:
    """A stable id made of ``parts``: the same parts give the same id in every process."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def reminder_event_id(registration_id: str, day: date) -> str:
    """The id of the reminder of one day of a registration: there is one, whoever makes it."""
    return derived_id("reminder", registration_id, day.isoformat())


@dataclass(frozen=True)
class Notification:
    notification_id: str
    event_id: str
    """The consumed event's id (a reminder's: :func:`reminder_event_id`)."""
    kind: Kind
    conseiller_id: str
    region: str
    facts: Facts
    occurred_at: datetime
    """When the event happened (its ``ce_time``; a reminder's: when it fell due)."""
    status: Status = Status.PENDING
    reason: Reason | None = None
    attempts: int = 0
    """Times it was handed to the SMTP server (a resend keeps its Message-ID)."""
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None

    @classmethod
    def of(
        cls, event_id: str, kind: Kind, conseiller_id: str, region: str, facts: Facts, at: datetime
    ) -> Notification:
        if not isinstance(facts, FACTS_OF[kind]):
            raise TypeError(f"a {kind} notification carries {FACTS_OF[kind].__name__}")
        return cls(derived_id(event_id, kind), event_id, kind, conseiller_id, region, facts, at)

    @property
    def registration_id(self) -> str | None:
        return getattr(self.facts, "registration_id", None)

    @property
    def session_id(self) -> str | None:
        return getattr(self.facts, "session_id", None)

    @property
    def needs_session(self) -> bool:
        """Its text and dates come from a module session (known from the session's events)."""
        return self.session_id is not None

    def message_id(self, domain: str) -> str:
        """The e-mail's ``Message-ID``: derived from the notification, so that a resend after a
        crash between the SMTP server's acceptance and the marking is recognisable."""
        return f"<{self.notification_id}@{domain}>"

    def closed(self, status: Status, reason: Reason | None, at: datetime) -> Notification:
        """Sent, skipped or failed: never looked at again."""
        return replace(
            self,
            status=status,
            reason=reason,
            next_attempt_at=None,
            sent_at=at if status is Status.SENT else None,
        )

    def postponed(self, reason: Reason, until: datetime) -> Notification:
        """Still pending, looked at again from ``until``."""
        return replace(self, reason=reason, next_attempt_at=until)

    def attempted(self) -> Notification:
        return replace(self, attempts=self.attempts + 1)


RETRY_FIRST = timedelta(seconds=5)
RETRY_MOST = timedelta(minutes=15)


def retry_delay(attempts: int) -> timedelta:
    """How long a notification waits after ``attempts`` failed tries of a server that did not
    answer (the SMTP server, the enrolment service): 5 s doubling, at most 15 minutes."""
    delay: timedelta = RETRY_FIRST * (2 ** min(max(attempts - 1, 0), 16))
    return min(delay, RETRY_MOST)
