"""Positioning rules (domain.md, "Positioning"). Standard library only.

- After enrolment the training organisation schedules the test (about 1 h 30) and the
  pedagogical interview (about 45 min) (seeds 002, 004).
- The result is **sovereign** (seed 004): once recorded it can only be replaced after the
  training organisation formally reopens the positioning, with a reason; structures and
  learners may only question it (an inquiry), which the organisation answers.
- A withdrawn conseiller's positioning is closed; no result is recorded after that.
- The rubric that turns scores into a path is in :mod:`.rubric`, inquiries in
  :mod:`.inquiries`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from conum_kernel.access import Stake

from conum_positioning.domain.refusals import (
    NoResultToReopen,
    PositioningClosed,
    ResultAlreadyRecorded,
    TextRequired,
)
from conum_positioning.domain.rubric import Rubric, Scores

TEST_MINUTES = 90  # about 1 h 30 (seeds 002, 004)
INTERVIEW_MINUTES = 45  # about 45 min (seeds 002, 004)
MAX_TEXT = 2000


class PositioningState(StrEnum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    REOPENED = "reopened"
    CLOSED = "closed"


class ActKind(StrEnum):
    """What can happen to a positioning; every act is kept in its history."""

    SCHEDULED = "scheduled"
    RESCHEDULED = "rescheduled"
    RESULT_RECORDED = "result_recorded"
    REOPENED = "reopened"
    INQUIRY_OPENED = "inquiry_opened"
    INQUIRY_ANSWERED = "inquiry_answered"
    CLOSED = "closed"


def required_text(value: str, what: str) -> str:
    """A non-blank free text of reasonable length (a reason, a note, a question, an answer)."""
    text = value.strip()
    if not text:
        raise TextRequired(f"{what} must not be empty")
    if len(text) > MAX_TEXT:
        raise TextRequired(f"{what} is longer than {MAX_TEXT} characters")
    return text


@dataclass(frozen=True)
class SchedulingPolicy:
    """**Assumption**: the test is held ``test_delay_days`` after enrolment and the interview
    ``interview_delay_days`` after the test (0: the same day); both configurable."""

    test_delay_days: int = 7
    interview_delay_days: int = 0

    def __post_init__(self) -> None:
        if self.test_delay_days < 0 or self.interview_delay_days < 0:
            raise ValueError("scheduling delays must not be negative")

    def test_day(self, enrolled_on: date) -> date:
        return enrolled_on + timedelta(days=self.test_delay_days)

    def interview_day(self, enrolled_on: date) -> date:
        return self.test_day(enrolled_on) + timedelta(days=self.interview_delay_days)


@dataclass(frozen=True)
class Act:
    """One entry of a positioning's history. ``detail`` never carries personal data."""

    kind: ActKind
    happened_on: date
    by: str
    detail: str = ""


@dataclass(frozen=True)
class Result:
    """A recorded test result and the path the rubric in force gave it."""

    result_id: str
    scores: Scores
    interview_note: str
    rubric_version: str
    path_hours: int
    weeks: int
    alternance_days_per_week: int
    recorded_on: date


@dataclass(frozen=True)
class EnrolmentFacts:
    """What the positioning keeps of an enrolment (no personal data)."""

    region: str
    scheme: str
    structure_id: str
    training_organisation_id: str


@dataclass(frozen=True)
class Withdrawal:
    reason: str
    withdrawn_on: date


@dataclass
class Positioning:
    conseiller_id: str
    region: str
    scheme: str
    structure_id: str
    training_organisation_id: str
    enrolled_on: date
    test_on: date
    interview_on: date
    state: PositioningState = PositioningState.SCHEDULED
    result: Result | None = None
    closed_on: date | None = None
    version: int = 0
    """Optimistic concurrency: the store refuses to save over a newer version."""
    new_acts: list[Act] = field(default_factory=list, compare=False, repr=False)
    """Acts since the positioning was loaded; the store appends them to the history."""

    @property
    def stake(self) -> Stake:
        """The conseiller's structure and training organisation, in its region."""
        return Stake.of(
            self.region,
            host_structure=self.structure_id,
            training_organisation=self.training_organisation_id,
        )

    def record(self, kind: ActKind, on: date, by: str, detail: str = "") -> None:
        self.new_acts.append(Act(kind, on, by, detail))

    def record_result(
        self,
        *,
        result_id: str,
        scores: Scores,
        interview_note: str,
        rubric: Rubric,
        today: date,
        by: str,
    ) -> Result:
        """Apply the rubric in force; a second result needs a formal reopening first."""
        if self.state is PositioningState.CLOSED:
            raise PositioningClosed("the positioning is closed (the conseiller withdrew)")
        if self.state is PositioningState.COMPLETED:
            raise ResultAlreadyRecorded(
                "the result is sovereign: the training organisation must reopen the "
                "positioning before recording another one"
            )
        note = required_text(interview_note, "the interview note")
        path = rubric.path_for(self.scheme, scores)
        self.result = Result(
            result_id=result_id,
            scores=scores,
            interview_note=note,
            rubric_version=rubric.version,
            path_hours=path.hours,
            weeks=path.weeks,
            alternance_days_per_week=rubric.alternance_days_per_week,
            recorded_on=today,
        )
        self.state = PositioningState.COMPLETED
        detail = f"path {path.hours} h over {path.weeks} weeks, rubric {rubric.version}"
        self.record(ActKind.RESULT_RECORDED, today, by, detail)
        return self.result

    def reopen(self, *, reason: str, today: date, by: str) -> None:
        """The training organisation's formal reopening: recorded with its reason."""
        if self.state is PositioningState.CLOSED:
            raise PositioningClosed("the positioning is closed (the conseiller withdrew)")
        if self.state is not PositioningState.COMPLETED or self.result is None:
            raise NoResultToReopen("there is no result to reopen")
        text = required_text(reason, "the reason for reopening")
        self.record(ActKind.REOPENED, today, by, f"result {self.result.result_id}: {text}")
        self.result = None
        self.state = PositioningState.REOPENED

    def close(self, withdrawal: Withdrawal, *, by: str = "enrolment") -> bool:
        """The conseiller withdrew: close the positioning (once); the result, if any, stays."""
        if self.state is PositioningState.CLOSED or withdrawal.withdrawn_on < self.enrolled_on:
            return False  # already closed, or the withdrawal ended an earlier enrolment
        self.state = PositioningState.CLOSED
        self.closed_on = withdrawal.withdrawn_on
        self.record(ActKind.CLOSED, withdrawal.withdrawn_on, by, withdrawal.reason)
        return True

    def accepts_reenrolment(self, enrolled_on: date) -> bool:
        """A later enrolment of a withdrawn conseiller starts a new positioning round."""
        return (
            self.state is PositioningState.CLOSED
            and self.closed_on is not None
            and enrolled_on > self.closed_on
        )

    def reschedule(
        self, *, enrolment: EnrolmentFacts, enrolled_on: date, policy: SchedulingPolicy
    ) -> None:
        """A new round after re-enrolment; earlier results stay in the history."""
        self.region = enrolment.region
        self.scheme = enrolment.scheme
        self.structure_id = enrolment.structure_id
        self.training_organisation_id = enrolment.training_organisation_id
        self.enrolled_on = enrolled_on
        self.test_on = policy.test_day(enrolled_on)
        self.interview_on = policy.interview_day(enrolled_on)
        self.state = PositioningState.SCHEDULED
        self.result = None
        self.closed_on = None
        self.record(ActKind.RESCHEDULED, enrolled_on, "enrolment", _schedule_detail(self))


def _schedule_detail(positioning: Positioning) -> str:
    return (
        f"test on {positioning.test_on} ({TEST_MINUTES} min), "
        f"interview on {positioning.interview_on} ({INTERVIEW_MINUTES} min)"
    )


def schedule_positioning(
    *,
    conseiller_id: str,
    enrolment: EnrolmentFacts,
    enrolled_on: date,
    policy: SchedulingPolicy,
    earlier_withdrawal: Withdrawal | None = None,
) -> Positioning:
    """After enrolment the organisation contacts the conseiller for the test and interview.

    A withdrawal that arrived before the enrolment (out of order) and is dated on or after
    it closes the new positioning at once; an older one concerned an earlier enrolment.
    """
    positioning = Positioning(
        conseiller_id=conseiller_id,
        region=enrolment.region,
        scheme=enrolment.scheme,
        structure_id=enrolment.structure_id,
        training_organisation_id=enrolment.training_organisation_id,
        enrolled_on=enrolled_on,
        test_on=policy.test_day(enrolled_on),
        interview_on=policy.interview_day(enrolled_on),
    )
    positioning.record(ActKind.SCHEDULED, enrolled_on, "enrolment", _schedule_detail(positioning))
    if earlier_withdrawal is not None and earlier_withdrawal.withdrawn_on >= enrolled_on:
        positioning.close(earlier_withdrawal, by="enrolment (withdrawal received first)")
    return positioning
