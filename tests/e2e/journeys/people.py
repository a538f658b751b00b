"""The model's vocabulary: the rules' figures (restated from the sources, not read from the
services), and what the model keeps of each person: their enrolment, positioning round,
certification, and the exam sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

MONDAY, FRIDAY = 0, 4
HOURS_PER_DAY = 35.0
"""A training day's hours in the journeys (a policy of the enrolment service): small paths
complete within a journey."""
COHORT_MIN_SIZE = 8
"""Conseillers waiting for a 2021 cohort to form (8 in the sources, the floor of the policy
and of the contract). With 5 people per journey no cohort forms: cohort formation is
tested in ``test_cohort_formation.py``."""
ATTENDANCE_THRESHOLD = 0.8
TEST_DELAY_DAYS = 7
COHORT_WEEKS = 16
COHORT_LEAD_DAYS = 7
TRAINING_DAYS_PER_WEEK = 4  # one day a week of alternance on every path (R-TRN-01)


# --- the rules restated ----------------------------------------------------------------


def path_for(scheme: str, digital: int, support: int) -> tuple[int, int]:
    """Rubric v1 (decision 0011): (hours, weeks)."""
    low, high = min(digital, support), max(digital, support)
    if scheme == "2024":
        if low >= 70:
            return 70, 5
        return (175, 10) if low >= 40 else (315, 15)
    if low >= 70:
        return 105, 16
    if low >= 40:
        return (280, 16) if high >= 55 else (350, 16)
    return 420, 16


def monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(MONDAY - day.weekday()) % 7)


def planned_end(starts_on: date, weeks: int) -> date:
    """The last weekday of the last week."""
    end = starts_on + timedelta(weeks=weeks, days=-1)
    while end.weekday() > FRIDAY:
        end -= timedelta(days=1)
    return end


@dataclass(frozen=True)
class Expect:
    """The HTTP status an act is answered with, and the refusal's code."""

    status: int
    code: str | None = None


OK, CREATED = Expect(200), Expect(201)


# --- what each service holds of a person -------------------------------------------------


@dataclass
class Enrolment:
    """The enrolment service's current enrolment of the person."""

    enrolment_id: str
    structure_id: str
    scheme: str
    enrolled_on: date
    state: str = "enrolled"
    path: tuple[int, int] | None = None
    path_assigned_on: date | None = None
    cohort: int | None = None
    starts_on: date | None = None
    planned_end_on: date | None = None
    completed_on: date | None = None
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = None
    days: dict[date, bool] = field(default_factory=dict)
    breached: bool = False

    @property
    def is_open(self) -> bool:
        return self.state not in ("completed", "withdrawn")


@dataclass
class Round:
    """The positioning's round of the person's current enrolment."""

    enrolment_id: str
    enrolled_on: date
    structure_id: str
    scheme: str
    state: str = "scheduled"
    current: int | None = None
    assigned: int | None = None
    earlier: list[str] = field(default_factory=list)


@dataclass
class Convocation:
    session: str
    exam_on: date
    result: str | None = None
    decided_on: date | None = None


@dataclass
class Certification:
    """The certification service's record: training facts of the current enrolment, and the
    person's certifications."""

    enrolment_id: str
    enrolled_on: date
    path_hours: int | None = None
    starts_on: date | None = None
    planned_end_on: date | None = None
    completed_on: date | None = None
    withdrawn_on: date | None = None
    convocations: list[Convocation] = field(default_factory=list)
    pix: dict[date, bool] = field(default_factory=dict)
    double: tuple[date, date] | None = None

    @property
    def training(self) -> str:
        if self.withdrawn_on is not None:
            return "withdrawn"
        if self.completed_on is not None:
            return "completed"
        return "in_training" if self.starts_on is not None else "enrolled"

    @property
    def ccp1(self) -> str:
        results = [c.result for c in self.convocations]
        if "passed" in results:
            return "passed"
        if None in results:
            return "convened"
        return "failed" if results else "not_convened"


@dataclass
class Person:
    index: int
    email: str
    conseiller_id: str | None = None
    enrolment: Enrolment | None = None
    positioning: Round | None = None
    results: int = 0
    inquiries: list[tuple[str, bool]] = field(default_factory=list)
    certification: Certification | None = None
    enrolments: int = 0


@dataclass
class Session:
    exam_session_id: str
    exam_on: date


# --- the acts --------------------------------------------------------------------------
