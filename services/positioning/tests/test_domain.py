"""The positioning rules, pure (R-POS-01, R-POS-05 to R-POS-07): scheduling and sovereignty."""

from __future__ import annotations

from datetime import date

import pytest
from conum_positioning import domain
from conum_positioning.domain import (
    ActKind,
    Arrival,
    EnrolmentFacts,
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
    Withdrawal,
    WithdrawalEffect,
    schedule_positioning,
)
from conum_positioning.reference import load_rubrics

ENROLLED_ON = date(2026, 3, 2)
DAY = date(2026, 3, 12)
RUBRIC = load_rubrics().in_force(DAY)
FACTS = EnrolmentFacts("FR-NAQ", "2024", "structure-1", "la-fabrik")


def scheduled(withdrawal: Withdrawal | None = None) -> domain.Positioning:
    return schedule_positioning(
        conseiller_id="c-1",
        enrolment=FACTS,
        enrolled_on=ENROLLED_ON,
        policy=SchedulingPolicy(test_delay_days=7, interview_delay_days=1),
        earlier_withdrawal=withdrawal,
    )


SOLID = Scores(75, 80)


def completed(scores: Scores = SOLID) -> domain.Positioning:
    positioning = scheduled()
    positioning.record_result(
        result_id="r-1",
        scores=scores,
        interview_note="motivated",
        rubric=RUBRIC,
        today=DAY,
        by="training_organisation",
    )
    return positioning


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


# --- rounds: which enrolment an event belongs to (decision 0016) ---------------------------

E1, E2, E3 = "e-1", "e-2", "e-3"


def round_of(enrolment_id: str, withdrawal: Withdrawal | None = None) -> domain.Positioning:
    return schedule_positioning(
        conseiller_id="c-1",
        enrolment=FACTS,
        enrolled_on=ENROLLED_ON,
        policy=SchedulingPolicy(test_delay_days=7),
        enrolment_id=enrolment_id,
        earlier_withdrawal=withdrawal,
    )


def test_a_new_enrolment_starts_a_new_round_the_same_day_included() -> None:
    positioning = round_of(E1)
    positioning.close(ENROLLED_ON, "left_structure")
    assert domain.arrival_of(positioning, E2, ENROLLED_ON) is Arrival.NEW_ROUND
    positioning.start_round(
        enrolment=FACTS, enrolment_id=E2, enrolled_on=ENROLLED_ON, policy=SchedulingPolicy()
    )
    assert positioning.state is PositioningState.SCHEDULED
    assert (positioning.enrolment_id, positioning.earlier_enrolment_ids) == (E2, (E1,))
    assert domain.arrival_of(positioning, E2, ENROLLED_ON) is Arrival.SAME_ENROLMENT
    assert domain.arrival_of(positioning, E1, ENROLLED_ON) is Arrival.EARLIER_ENROLMENT


def test_a_new_enrolment_starts_a_new_round_even_if_its_withdrawal_never_came() -> None:
    positioning = round_of(E1)
    assert domain.arrival_of(positioning, E2, date(2026, 1, 1)) is Arrival.NEW_ROUND


def test_a_withdrawal_closes_the_round_of_its_enrolment_only() -> None:
    positioning = round_of(E1)
    positioning.start_round(
        enrolment=FACTS, enrolment_id=E2, enrolled_on=DAY, policy=SchedulingPolicy()
    )
    late = Withdrawal("left_structure", DAY, E1)  # the earlier enrolment's, arriving late
    assert domain.effect_of(positioning, late) is WithdrawalEffect.NOTHING
    ahead = Withdrawal("left_structure", DAY, E3)  # an enrolment not received yet
    assert domain.effect_of(positioning, ahead) is WithdrawalEffect.KEPT
    own = Withdrawal("left_structure", ENROLLED_ON, E2)  # dated before: ids, not days, decide
    assert domain.effect_of(positioning, own) is WithdrawalEffect.CLOSES
    positioning.close(own.withdrawn_on, own.reason)
    assert domain.effect_of(positioning, own) is WithdrawalEffect.NOTHING


def test_a_withdrawal_received_before_its_enrolment_closes_the_new_round_at_once() -> None:
    positioning = round_of(E2, Withdrawal("left_structure", ENROLLED_ON, E2))
    assert positioning.state is PositioningState.CLOSED
    assert [a.kind for a in positioning.new_acts] == [ActKind.SCHEDULED, ActKind.CLOSED]
    other = round_of(E2, Withdrawal("left_structure", DAY, E1))
    assert other.state is PositioningState.SCHEDULED


def test_the_results_of_the_current_round_are_those_of_its_enrolment() -> None:
    positioning = round_of(E1)
    first = positioning.record_result(
        result_id="r-1", scores=SOLID, interview_note="n", rubric=RUBRIC, today=DAY, by="to"
    )
    positioning.close(DAY, "left_structure")
    positioning.start_round(
        enrolment=FACTS, enrolment_id=E2, enrolled_on=DAY, policy=SchedulingPolicy()
    )
    assert first.enrolment_id == E1
    assert domain.of_current_round(positioning, [first]) == []


# --- revision 1 (no enrolment id): the day's grain ----------------------------------------


def test_revision_1_a_withdrawal_received_before_the_enrolment_closes_the_new_positioning() -> None:
    positioning = scheduled(Withdrawal("moved away", ENROLLED_ON))
    assert positioning.state is PositioningState.CLOSED
    assert [a.kind for a in positioning.new_acts] == [ActKind.SCHEDULED, ActKind.CLOSED]


def test_revision_1_a_withdrawal_older_than_the_enrolment_concerns_an_earlier_one() -> None:
    positioning = scheduled(Withdrawal("moved away", date(2026, 1, 1)))
    assert positioning.state is PositioningState.SCHEDULED
    late = Withdrawal("moved away", date(2026, 1, 1))
    assert domain.effect_of(positioning, late) is WithdrawalEffect.NOTHING


def test_revision_1_a_later_day_of_enrolment_starts_a_new_round_not_the_same_day() -> None:
    positioning = completed()
    positioning.close(DAY, "moved away")
    assert domain.arrival_of(positioning, None, DAY) is Arrival.SAME_ENROLMENT  # the limit
    assert domain.arrival_of(positioning, None, date(2026, 9, 1)) is Arrival.NEW_ROUND
    assert domain.arrival_of(positioning, E2, DAY) is Arrival.NEW_ROUND  # an id: a new one
    positioning.start_round(
        enrolment=FACTS, enrolment_id=None, enrolled_on=date(2026, 9, 1), policy=SchedulingPolicy()
    )
    assert positioning.state is PositioningState.SCHEDULED
    assert positioning.result is None and positioning.test_on == date(2026, 9, 8)


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
