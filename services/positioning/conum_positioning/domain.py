"""Positioning rules (domain.md, "Positioning"). Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

TEST_MINUTES = 90  # about 1 h 30 (seeds 002, 004)
INTERVIEW_MINUTES = 45  # about 45 min (seeds 002, 004)


class PositioningState(StrEnum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CLOSED = "closed"


@dataclass(frozen=True)
class SchedulingPolicy:
    """**Assumption**: the test is held ``test_delay_days`` after enrolment and the interview
    ``interview_delay_days`` after it; both configurable."""

    test_delay_days: int = 7
    interview_delay_days: int = 0

    def test_day(self, enrolled_on: date) -> date:
        return enrolled_on + timedelta(days=self.test_delay_days)

    def interview_day(self, enrolled_on: date) -> date:
        return self.test_day(enrolled_on) + timedelta(days=self.interview_delay_days)


@dataclass
class Positioning:
    conseiller_id: str
    region: str
    scheme: str
    training_organisation_id: str
    test_on: date
    interview_on: date
    state: PositioningState = PositioningState.SCHEDULED


def schedule_positioning(
    *,
    conseiller_id: str,
    region: str,
    scheme: str,
    training_organisation_id: str,
    enrolled_on: date,
    policy: SchedulingPolicy,
) -> Positioning:
    """After enrolment the organisation contacts the conseiller for the test and interview."""
    return Positioning(
        conseiller_id=conseiller_id,
        region=region,
        scheme=scheme,
        training_organisation_id=training_organisation_id,
        test_on=policy.test_day(enrolled_on),
        interview_on=policy.interview_day(enrolled_on),
    )
