"""The calendar events an e-mail carries, as plain data (R-NOT-03): what, where, from when to
when, in the conseiller's time zone. The edge writes them as an iCalendar file.

The events give days only; hours come from the policy (an **assumption**), the positioning
test and interview taking their announced lengths (about 1 h 30 and 45 minutes, R-POS-01).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from conum_notifier.domain.facts import (
    Ccp1Convocation,
    ModuleRegistration,
    PositioningAppointment,
    SessionReminder,
)
from conum_notifier.domain.notifications import Notification, derived_id
from conum_notifier.domain.policy import NotificationPolicy
from conum_notifier.domain.sessions import Session, SessionDay

METROPOLITAN_TIME_ZONE = "Europe/Paris"
TIME_ZONES = {
    "FR-GUA": "America/Guadeloupe",
    "FR-MTQ": "America/Martinique",
    "FR-GUF": "America/Cayenne",
    "FR-LRE": "Indian/Reunion",
    "FR-MAY": "Indian/Mayotte",
}
"""The overseas regions' time zones; every other region, Corsica included, is on Paris time.
The overseas collectivities (``FR-COM``) span oceans and their events do not say which one:
they are given Paris time too (an **assumption**, decision 0038)."""

TEST_LENGTH = timedelta(hours=1, minutes=30)
INTERVIEW_LENGTH = timedelta(minutes=45)
BREAK = timedelta(minutes=15)
REMOTE = "À distance"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    description: str
    location: str | None
    starts_at: datetime
    """Timezone-aware, in the conseiller's time zone."""
    ends_at: datetime


def time_zone(region: str) -> ZoneInfo:
    return ZoneInfo(TIME_ZONES.get(region, METROPOLITAN_TIME_ZONE))


def calendar_events(
    notification: Notification,
    session: Session | None,
    title: str,
    policy: NotificationPolicy,
    uid_domain: str,
) -> list[CalendarEvent]:
    """The events of a notification (none for a path); ``title``: the module's, for a
    session. The UIDs derive from the event's id, so a resend replaces rather than adds; a
    session day's derives from its registration, so its reminder updates the same entry."""
    zone = time_zone(notification.region)

    def at(day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=zone)

    def uid(*parts: str) -> str:
        return f"{derived_id(*parts)}@{uid_domain}"

    facts = notification.facts
    start = policy.day_starts_at
    if isinstance(facts, PositioningAppointment):
        test_starts = at(facts.test_on, start)
        interview_starts = at(facts.interview_on, start)
        if facts.interview_on == facts.test_on:
            interview_starts = test_starts + TEST_LENGTH + BREAK
        return [
            CalendarEvent(
                uid(notification.event_id, "test"),
                "Test de positionnement",
                "Test de positionnement de la formation de conseiller numérique (environ 1 h 30).",
                None,
                test_starts,
                test_starts + TEST_LENGTH,
            ),
            CalendarEvent(
                uid(notification.event_id, "interview"),
                "Entretien pédagogique",
                "Entretien pédagogique qui suit le test de positionnement (environ 45 minutes).",
                None,
                interview_starts,
                interview_starts + INTERVIEW_LENGTH,
            ),
        ]
    if isinstance(facts, Ccp1Convocation):
        return [
            CalendarEvent(
                uid(notification.event_id, "ccp1"),
                "Épreuve du CCP1",
                f"Épreuve du CCP1 du titre professionnel REMN, organisée par {facts.certifier}.",
                None,
                at(facts.exam_on, start),
                at(facts.exam_on, policy.day_ends_at),
            )
        ]
    if session is None or not isinstance(facts, ModuleRegistration | SessionReminder):
        return []
    days = session.days
    if isinstance(facts, SessionReminder):
        days = tuple(day for day in session.days if day.on == facts.day)
    return [
        CalendarEvent(
            uid(facts.registration_id, day.on.isoformat()),
            title,
            f"Module complémentaire « {title} », session du hub régional {session.hub}.",
            REMOTE if day.remote else session.place,
            at(day.on, start),
            at(day.on, policy.day_ends_at),
        )
        for day in days
    ]


def where(day: SessionDay, session: Session) -> str:
    """Where a session day takes place, in words."""
    return "à distance" if day.remote else f"en présentiel ({session.place})"
