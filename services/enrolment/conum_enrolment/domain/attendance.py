"""Attendance (assiduité) during initial training (R-TRN-01, R-TRN-05, R-TRN-06).

A training day is recorded present or absent by the training organisation. At least one day a
week of alternance stays with the host structure and is never a training day. Below the
threshold over the recorded (elapsed) days a breach is reported once, and again only after
the rate recovered and fell again. Reaching the path's hours completes the training.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from conum_enrolment.domain.enrolments import Enrolment, EnrolmentState
from conum_enrolment.domain.policy import FRIDAY, TrainingPolicy
from conum_enrolment.domain.refusals import AlternanceDayTaken, NotATrainingDay, NotInTraining


@dataclass(frozen=True)
class AttendanceDay:
    on: date
    present: bool


def same_iso_week(a: date, b: date) -> bool:
    return a.isocalendar()[:2] == b.isocalendar()[:2]


def check_training_day(
    enrolment: Enrolment, on: date, today: date, other_days_of_week: Iterable[date]
) -> None:
    """A recorded day is a weekday inside the training period, not in the future, and the
    week keeps its alternance days: at most ``5 − alternance_days_per_week`` training days."""
    if enrolment.state is not EnrolmentState.IN_TRAINING or enrolment.path is None:
        raise NotInTraining(f"this enrolment is {enrolment.state.value}, not in training")
    assert enrolment.starts_on is not None and enrolment.planned_end_on is not None
    if on > today:
        raise NotATrainingDay("a day is recorded once it happened, not in advance")
    if not enrolment.starts_on <= on <= enrolment.planned_end_on:
        raise NotATrainingDay(
            f"{on} is outside the training period "
            f"{enrolment.starts_on} – {enrolment.planned_end_on}"
        )
    if on.weekday() > FRIDAY:
        raise NotATrainingDay(f"{on} is a weekend day")
    taken = sum(1 for day in other_days_of_week if day != on and same_iso_week(day, on))
    if taken >= enrolment.path.training_days_per_week:
        raise AlternanceDayTaken(
            f"the week of {on} already has {taken} training days; "
            f"{enrolment.path.alternance_days_per_week} stay with the host structure"
        )


@dataclass(frozen=True)
class AttendanceReport:
    days_elapsed: int
    days_present: int
    hours_attended: float

    @property
    def rate(self) -> float:
        return self.days_present / self.days_elapsed if self.days_elapsed else 1.0


def attendance_report(days: Iterable[AttendanceDay], policy: TrainingPolicy) -> AttendanceReport:
    recorded = list(days)
    present = sum(1 for day in recorded if day.present)
    return AttendanceReport(len(recorded), present, present * policy.hours_per_training_day)


@dataclass(frozen=True)
class AttendanceOutcome:
    report: AttendanceReport
    breached: bool  # the rate has just fallen below the threshold: report it
    completed: bool  # the path's hours are reached: training is complete


def apply_attendance(
    enrolment: Enrolment, report: AttendanceReport, on: date, policy: TrainingPolicy
) -> AttendanceOutcome:
    """Update the breach flag (edge-triggered) and complete the training at the path's hours."""
    assert enrolment.path is not None
    below = report.days_elapsed > 0 and report.rate < policy.attendance_threshold
    newly_breached = below and not enrolment.attendance_breached
    enrolment.attendance_breached = below
    completed = report.hours_attended >= enrolment.path.hours
    if completed:
        enrolment.complete(on)
    return AttendanceOutcome(report, newly_breached, completed)
