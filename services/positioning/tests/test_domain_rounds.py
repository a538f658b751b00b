"""Rounds of a positioning: each enrolment its own round, a withdrawal closing its own round only;
events of revision 1 told apart by their days."""

from __future__ import annotations

from datetime import date

from conum_positioning import domain
from conum_positioning.domain import (
    ActKind,
    Arrival,
    PositioningState,
    SchedulingPolicy,
    Withdrawal,
    WithdrawalEffect,
    schedule_positioning,
)

from .conftest import DAY, ENROLLED_ON, FACTS, RUBRIC, SOLID, completed, scheduled

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
