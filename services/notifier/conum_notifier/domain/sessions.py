"""What the notifier keeps of the modules' streams: the catalogue's titles, the sessions' days
and places, the registrations' states; and the reminders they make due (R-NOT-02, R-NOT-04).

A registration that waited and is then accepted was promoted from the waiting list: the
``registration.waitlisted`` event of its id came first on the registrations topic (keyed by the
conseiller, so in order), and the notifier remembers it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from conum_notifier.domain.notifications import Kind


@dataclass(frozen=True)
class SessionDay:
    on: date
    mode: str
    """``remote`` or ``in_person``."""

    @property
    def remote(self) -> bool:
        return self.mode == "remote"


@dataclass(frozen=True)
class Session:
    session_id: str
    module_id: str
    region: str
    hub: str
    place: str
    days: tuple[SessionDay, ...]
    cancelled: bool = False

    @property
    def last_day(self) -> date:
        return self.days[-1].on

    def cancelled_now(self) -> Session:
        return replace(self, cancelled=True)


class RegistrationState(StrEnum):
    WAITLISTED = "waitlisted"
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Registration:
    registration_id: str
    conseiller_id: str
    session_id: str
    region: str
    state: RegistrationState
    module_id: str | None = None
    """Unknown while the registration only waits (the waitlisted event does not carry it)."""
    accepted_on: date | None = None

    @classmethod
    def waitlisted(
        cls, registration_id: str, conseiller_id: str, session_id: str, region: str
    ) -> Registration:
        return cls(registration_id, conseiller_id, session_id, region, RegistrationState.WAITLISTED)

    def accepted(self, module_id: str, on: date) -> Registration:
        return replace(self, state=RegistrationState.ACCEPTED, module_id=module_id, accepted_on=on)

    def cancelled(self) -> Registration:
        return replace(self, state=RegistrationState.CANCELLED)


def acceptance_kind(known: Registration | None) -> Kind:
    """A registration accepted after it waited was promoted from the waiting list; any other
    acceptance is a seat given at once."""
    if known is not None and known.state is RegistrationState.WAITLISTED:
        return Kind.REGISTRATION_PROMOTED
    return Kind.REGISTRATION_ACCEPTED


def due_reminders(
    registration: Registration, session: Session, today: date, days_before: int
) -> list[date]:
    """The session days whose reminder is due today: each day of a session not cancelled, for
    a registration still accepted, from ``days_before`` days ahead until the day before. A
    registration accepted on or after a day's due date gets no reminder of it: its acceptance
    e-mail, with the days, came as late or later."""
    if registration.state is not RegistrationState.ACCEPTED or session.cancelled:
        return []
    accepted_on = registration.accepted_on or today
    due = []
    for day in session.days:
        from_day = day.on - timedelta(days=days_before)
        if from_day <= today < day.on and accepted_on < from_day:
            due.append(day.on)
    return due
