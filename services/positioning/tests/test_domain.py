"""The positioning rules, pure (R-POS-01, R-POS-05 to R-POS-07): scheduling and sovereignty."""

from __future__ import annotations

from datetime import date

import pytest
from conum_positioning import domain
from conum_positioning.domain import (
    ActKind,
    InquiryAlreadyAnswered,
    InquirySource,
    NoResultToQuestion,
    NoResultToReopen,
    PositioningClosed,
    PositioningState,
    ResultAlreadyRecorded,
    SchedulingPolicy,
    Scores,
    TextRequired,
)

from .conftest import DAY, RUBRIC, completed, scheduled


def test_test_and_interview_are_scheduled_within_the_configured_delay() -> None:
    positioning = scheduled()
    assert positioning.test_on == date(2026, 3, 9)
    assert positioning.interview_on == date(2026, 3, 10)
    assert (domain.TEST_MINUTES, domain.INTERVIEW_MINUTES) == (90, 45)
    assert [act.kind for act in positioning.new_acts] == [ActKind.SCHEDULED]


def test_scheduling_delays_cannot_be_negative() -> None:
    with pytest.raises(ValueError):
        SchedulingPolicy(test_delay_days=-1)


def test_the_result_places_the_conseiller_on_the_path_of_the_rubric() -> None:
    positioning = completed(Scores(75, 80))
    assert positioning.state is PositioningState.COMPLETED
    assert positioning.result is not None
    assert (positioning.result.path_hours, positioning.result.weeks) == (70, 5)
    assert positioning.result.rubric_version == "v1"
    assert positioning.result.alternance_days_per_week == 1


def test_the_result_is_sovereign_a_second_result_is_refused() -> None:
    positioning = completed()
    with pytest.raises(ResultAlreadyRecorded):
        positioning.record_result(
            result_id="r-2",
            scores=Scores(10, 10),
            interview_note="again",
            rubric=RUBRIC,
            today=DAY,
            by="training_organisation",
        )
    assert positioning.result is not None and positioning.result.result_id == "r-1"


def test_a_formal_reopening_is_recorded_with_its_reason_and_allows_a_new_result() -> None:
    positioning = completed()
    positioning.reopen(reason="scores entered swapped", today=DAY, by="training_organisation")
    assert positioning.state is PositioningState.REOPENED
    reopened = positioning.new_acts[-1]
    assert reopened.kind is ActKind.REOPENED
    assert "scores entered swapped" in reopened.detail and "r-1" in reopened.detail
    positioning.record_result(
        result_id="r-2",
        scores=Scores(45, 45),
        interview_note="re-scored",
        rubric=RUBRIC,
        today=DAY,
        by="training_organisation",
    )
    assert positioning.result is not None and positioning.result.path_hours == 175


def test_a_reopening_needs_a_reason() -> None:
    positioning = completed()
    with pytest.raises(TextRequired):
        positioning.reopen(reason="   ", today=DAY, by="training_organisation")
    assert positioning.state is PositioningState.COMPLETED


def test_only_a_recorded_result_can_be_reopened() -> None:
    with pytest.raises(NoResultToReopen):
        scheduled().reopen(reason="why not", today=DAY, by="training_organisation")


def test_an_inquiry_does_not_change_the_result() -> None:
    positioning = completed()
    before = positioning.result
    inquiry = domain.open_inquiry(
        positioning,
        inquiry_id="i-1",
        opened_by=InquirySource.LEARNER,
        question="Why 70 h?",
        today=DAY,
    )
    domain.answer_inquiry(
        positioning,
        inquiry,
        answer="Both scores reached 70.",
        today=DAY,
        by="training_organisation",
    )
    assert positioning.result == before
    assert positioning.state is PositioningState.COMPLETED
    assert inquiry.is_answered and inquiry.result_id == "r-1"
    assert [a.kind for a in positioning.new_acts][-2:] == [
        ActKind.INQUIRY_OPENED,
        ActKind.INQUIRY_ANSWERED,
    ]
    with pytest.raises(InquiryAlreadyAnswered):
        domain.answer_inquiry(positioning, inquiry, answer="again", today=DAY, by="x")


def test_there_is_no_inquiry_without_a_result() -> None:
    with pytest.raises(NoResultToQuestion):
        domain.open_inquiry(
            scheduled(),
            inquiry_id="i-1",
            opened_by=InquirySource.STRUCTURE,
            question="?",
            today=DAY,
        )


def test_a_withdrawal_closes_the_positioning_and_no_result_follows() -> None:
    positioning = scheduled()
    assert positioning.close(date(2026, 3, 5), "left_structure")
    assert positioning.state is PositioningState.CLOSED
    assert not positioning.close(date(2026, 3, 5), "left_structure")  # once
    with pytest.raises(PositioningClosed):
        positioning.record_result(
            result_id="r-1",
            scores=Scores(50, 50),
            interview_note="n",
            rubric=RUBRIC,
            today=DAY,
            by="training_organisation",
        )


def test_a_closed_positioning_cannot_be_reopened() -> None:
    positioning = completed()
    positioning.close(DAY, "left_structure")
    with pytest.raises(PositioningClosed):
        positioning.reopen(reason="r", today=DAY, by="training_organisation")
    assert positioning.result is not None  # the result stays


@pytest.mark.parametrize("note", ["", "   ", "x" * (domain.MAX_TEXT + 1)])
def test_the_interview_note_is_required_and_bounded(note: str) -> None:
    positioning = scheduled()
    with pytest.raises(TextRequired):
        positioning.record_result(
            result_id="r-1",
            scores=Scores(50, 50),
            interview_note=note,
            rubric=RUBRIC,
            today=DAY,
            by="training_organisation",
        )
    assert positioning.state is PositioningState.SCHEDULED
