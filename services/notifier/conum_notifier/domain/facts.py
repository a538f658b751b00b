"""The facts a notification carries, taken from its event: days, ids, hours, never a person.

They are stored as JSON (:func:`facts_to_data`, :func:`facts_from_data`): plain data, dates as
ISO days.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any


@dataclass(frozen=True)
class PositioningAppointment:
    """``test.scheduled``: the positioning test and the pedagogical interview (R-POS-01)."""

    test_on: date
    interview_on: date


@dataclass(frozen=True)
class Ccp1Convocation:
    """``ccp1.convened``: the CCP1 exam (R-CRT-02)."""

    exam_session_id: str
    exam_on: date
    certifier: str


@dataclass(frozen=True)
class ModuleRegistration:
    """``registration.accepted``: a seat in a module session, given at once or freed for one
    who waited (R-MOD-08). The days come from the session's own events."""

    registration_id: str
    session_id: str
    module_id: str
    track: str


@dataclass(frozen=True)
class SessionReminder:
    """One day of the session of an accepted registration, some days ahead (R-NOT-04)."""

    registration_id: str
    session_id: str
    module_id: str
    day: date


@dataclass(frozen=True)
class PathAssignment:
    """``path.assigned``: the positioning result (R-POS-02, R-POS-03, R-POS-08)."""

    scheme: str
    path_hours: int
    weeks: int
    alternance_days_per_week: int
    assigned_on: date


Facts = (
    PositioningAppointment | Ccp1Convocation | ModuleRegistration | SessionReminder | PathAssignment
)


def facts_to_data(facts: Facts) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in asdict(facts).items()
    }


def facts_from_data(kind: type[Facts], data: dict[str, Any]) -> Facts:
    values: dict[str, Any] = {
        field.name: date.fromisoformat(data[field.name])
        if field.type in ("date", date)
        else data[field.name]
        for field in fields(kind)
    }
    return kind(**values)
