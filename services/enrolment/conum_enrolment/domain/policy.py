"""The configurable parts of the training rules, and the calendar arithmetic they need.

Every default below that the sources do not state is an **assumption** (docs/design/domain.md)
and is marked as such; the service reads them from ``CONUM_ENROLMENT_*`` settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MONDAY = 0
FRIDAY = 4
COHORT_FLOOR = 8
"""Cohorts of at least 8 (R-TRN-03): a policy may ask for more, never fewer (the
``cohort.formed`` contract refuses a smaller cohort)."""


@dataclass(frozen=True)
class TrainingPolicy:
    # 2021 scheme: cohorts of at least 8 who start and finish together, over 16 weeks (R-TRN-03).
    cohort_min_size: int = 8
    cohort_weeks: int = 16
    # Assumption: a cohort starts on the first Monday at least 7 days after it formed.
    cohort_lead_days: int = 7
    # Assumption (2024, individual start): the first Monday strictly after path assignment.
    individual_lead_days: int = 1
    start_weekday: int = MONDAY
    # "In the first days" the cohort designates its referent (R-TRN-04). Assumption: 5 days.
    referent_window_days: int = 5
    # Assumption: below 80 % attendance over the elapsed training days, a breach is reported.
    attendance_threshold: float = 0.8
    # Assumption: a training day counts 7 hours.
    hours_per_training_day: float = 7.0

    def __post_init__(self) -> None:
        if self.cohort_min_size < COHORT_FLOOR:
            raise ValueError(f"a cohort has at least {COHORT_FLOOR} conseillers")
        if self.cohort_weeks < 1:
            raise ValueError("cohort weeks must be positive")
        if not 0 < self.attendance_threshold <= 1:
            raise ValueError("attendance_threshold is a share between 0 and 1")
        if self.hours_per_training_day <= 0:
            raise ValueError("hours_per_training_day must be positive")
        if not MONDAY <= self.start_weekday <= FRIDAY:
            raise ValueError("training starts on a weekday")

    def start_on_or_after(self, earliest: date) -> date:
        """The first ``start_weekday`` on or after ``earliest``."""
        return earliest + timedelta(days=(self.start_weekday - earliest.weekday()) % 7)

    def cohort_start(self, formed_on: date) -> date:
        return self.start_on_or_after(formed_on + timedelta(days=self.cohort_lead_days))

    def individual_start(self, assigned_on: date) -> date:
        return self.start_on_or_after(assigned_on + timedelta(days=self.individual_lead_days))


def planned_end(starts_on: date, weeks: int) -> date:
    """The last weekday of the ``weeks``-th week of training (a Friday for a Monday start)."""
    end = starts_on + timedelta(weeks=weeks, days=-1)
    while end.weekday() > FRIDAY:
        end -= timedelta(days=1)
    return end
