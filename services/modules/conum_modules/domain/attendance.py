"""Attendance and completion: the hub records who attended each day; once the last day is
over and every day is recorded, the session is completed. A conseiller present every day
has completed the module (``module.completed``, which counts toward the two initial modules
or the funded year); one who missed a day has not, and still owes it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from conum_modules.domain.refusals import (
    AttendanceMissing,
    DayNotInSession,
    DayNotReached,
    NotRegistered,
    SessionNotOver,
)
from conum_modules.domain.registrations import Registration, RegistrationStatus
from conum_modules.domain.sessions import Session


@dataclass(frozen=True)
class AttendanceSheet:
    """Who of the session's accepted registrations attended one day."""

    session_id: str
    on: date
    present: frozenset[str]
    """Registration ids present."""
    absent: frozenset[str]


def attendance_sheet(
    session: Session,
    registrations: Sequence[Registration],
    *,
    on: date,
    present: Collection[str],
    today: date,
) -> AttendanceSheet:
    """The day's sheet: ``present`` names conseillers; every other accepted registration is
    absent. Recording a day again replaces its sheet (a correction) until completion."""
    session.check_scheduled()
    if on not in {day.on for day in session.days}:
        raise DayNotInSession(f"{on} is not a day of session {session.session_id}")
    if on > today:
        raise DayNotReached(f"attendance of {on} is recorded from that day on")
    accepted = {
        r.conseiller_id: r.registration_id
        for r in registrations
        if r.status is RegistrationStatus.ACCEPTED
    }
    unknown = set(present) - set(accepted)
    if unknown:
        raise NotRegistered(f"{len(unknown)} of the conseillers named hold no seat in this session")
    here = frozenset(accepted[conseiller_id] for conseiller_id in present)
    return AttendanceSheet(session.session_id, on, here, frozenset(accepted.values()) - here)


@dataclass(frozen=True)
class Completion:
    session: Session
    ended: list[Registration]
    """The accepted registrations, completed or missed."""
    dropped: list[Registration]
    """Those still waiting: cancelled, the session being over."""


def complete_session(
    session: Session,
    registrations: Sequence[Registration],
    sheets: Mapping[date, AttendanceSheet],
    *,
    today: date,
) -> Completion:
    """Complete the session once its last day is over and every day is recorded."""
    session.check_scheduled()
    if today < session.last_day:
        raise SessionNotOver(f"the session ends on {session.last_day}")
    missing = [day.on for day in session.days if day.on not in sheets]
    if missing:
        raise AttendanceMissing(f"attendance of {missing[0]} is not recorded")
    ended = [
        r.ended(
            all(r.registration_id in sheet.present for sheet in sheets.values()), session.last_day
        )
        for r in registrations
        if r.status is RegistrationStatus.ACCEPTED
    ]
    dropped = [
        r.cancelled(today) for r in registrations if r.status is RegistrationStatus.WAITLISTED
    ]
    return Completion(session.completed(), ended, dropped)
