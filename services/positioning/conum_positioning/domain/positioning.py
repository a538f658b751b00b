"""Positioning rules (docs/design/domain.md, R-POS-*). Standard library only.

- After enrolment the training organisation schedules the test (about 1 h 30) and the
  pedagogical interview (about 45 min) (R-POS-01).
- The result is **sovereign** (R-POS-05): once recorded it can only be replaced after the
  training organisation formally reopens the positioning, with a reason; structures and
  learners may only question it (an inquiry), which the organisation answers.
- A withdrawn conseiller's positioning is closed; no result is recorded after that.
- Each enrolment of the conseiller is a round of the positioning (its ``enrolment_id``); a
  new enrolment starts a new round, earlier results staying in the history. Which
  enrolment an event belongs to is decided in :mod:`.rounds`.
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

TEST_MINUTES = 90  # about 1 h 30 (R-POS-01, [HUB-2024])
INTERVIEW_MINUTES = 45  # about 45 min (R-POS-01, [HUB-2024])
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
    """A recorded test result and the path the rubric in force gave it, in the round of one
    enrolment (``enrolment_id``; None for rounds of enrolments published before revision 2)."""

    result_id: str
    scores: Scores
    interview_note: str
    rubric_version: str
    path_hours: int
    weeks: int
    alternance_days_per_week: int
    recorded_on: date
    enrolment_id: str | None = None


@dataclass(frozen=True)
class EnrolmentFacts:
    """What the positioning keeps of an enrolment (no personal data)."""

    region: str
    scheme: str
    structure_id: str
    training_organisation_id: str


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
    enrolment_id: str | None = None
    """The enrolment of the current round (None: an enrolment published before revision 2)."""
    earlier_enrolment_ids: tuple[str, ...] = ()
    """The enrolments of the earlier rounds, the oldest first."""
    version: int = 0
    """Optimistic concurrency: the store refuses to save over a newer version."""
    new_acts: list[Act] = field(default_factory=list, compare=False, repr=False)
    """Acts since the positioning was loaded; the store appends them to the history."""

    @property
    def stake(self) -> Stake:
        """The conseiller's structure and training organisation, in its region."""
        return Stake.of_conseiller(self.region, self.structure_id, self.training_organisation_id)

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
            enrolment_id=self.enrolment_id,
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

    def close(self, on: date, reason: str, *, by: str = "enrolment") -> bool:
        """The conseiller withdrew from the round's enrolment: close the positioning (once);
        the result, if any, stays. Whether a withdrawal ends this round: :mod:`.rounds`."""
        if self.state is PositioningState.CLOSED:
            return False
        self.state = PositioningState.CLOSED
        self.closed_on = on
        self.record(ActKind.CLOSED, on, by, reason)
        return True

    def start_round(
        self,
        *,
        enrolment: EnrolmentFacts,
        enrolment_id: str | None,
        enrolled_on: date,
        policy: SchedulingPolicy,
    ) -> None:
        """A new enrolment, a new round, whatever the state of the current one; earlier
        results stay in the history."""
        if self.enrolment_id is not None and self.enrolment_id != enrolment_id:
            self.earlier_enrolment_ids = (*self.earlier_enrolment_ids, self.enrolment_id)
        self.enrolment_id = enrolment_id
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
        detail = f"new enrolment: {schedule_detail(self)}"
        self.record(ActKind.RESCHEDULED, enrolled_on, "enrolment", detail)


def schedule_detail(positioning: Positioning) -> str:
    return (
        f"test on {positioning.test_on} ({TEST_MINUTES} min), "
        f"interview on {positioning.interview_on} ({INTERVIEW_MINUTES} min)"
    )
