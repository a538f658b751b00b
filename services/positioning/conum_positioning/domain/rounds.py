"""Which enrolment an enrolment or withdrawal event belongs to (decision 0016).

Every enrolment of a conseiller is one round of their positioning. The enrolment service
gives each enrolment an id of its own (``enrolment_id``, revision 2 of its events): an
enrolment whose id the positioning has not seen is a new enrolment and starts a new round,
whatever the days say (the same day included); a withdrawal closes the round of its own
enrolment only. Days cannot order what happens within one day.

Events published before revision 2 carry no id: for them, and for a positioning created from
one, the day's grain decides as it did before (the fallback): an enrolment after the day the
positioning closed starts a new round; a withdrawal dated before the round's enrolment ended
an earlier one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol, TypeVar

from conum_positioning.domain.positioning import (
    ActKind,
    EnrolmentFacts,
    Positioning,
    PositioningState,
    SchedulingPolicy,
    schedule_detail,
)


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawal as the enrolment service published it (no personal data)."""

    reason: str
    withdrawn_on: date
    enrolment_id: str | None = None


class Arrival(StrEnum):
    """What an enrolment event is to a known positioning."""

    NEW_ROUND = "new_round"
    SAME_ENROLMENT = "same_enrolment"
    EARLIER_ENROLMENT = "earlier_enrolment"


class WithdrawalEffect(StrEnum):
    """What a withdrawal does to a known positioning."""

    CLOSES = "closes"
    NOTHING = "nothing"  # the round is closed already, or the withdrawal ended an earlier one
    KEPT = "kept"  # it ends an enrolment not received yet: kept until it arrives


def arrival_of(positioning: Positioning, enrolment_id: str | None, enrolled_on: date) -> Arrival:
    """A new enrolment starts a new round; the current or an earlier one changes nothing."""
    if enrolment_id is None or positioning.enrolment_id is None:
        closed_on = positioning.closed_on
        if positioning.state is PositioningState.CLOSED and closed_on is not None:
            # Revision 1 on either side: the day's grain. An enrolment bearing an id after a
            # round without one is a later enrolment from the day the round closed.
            later = enrolled_on >= closed_on if enrolment_id else enrolled_on > closed_on
            if later:
                return Arrival.NEW_ROUND
        return Arrival.SAME_ENROLMENT
    if enrolment_id == positioning.enrolment_id:
        return Arrival.SAME_ENROLMENT
    if enrolment_id in positioning.earlier_enrolment_ids:
        return Arrival.EARLIER_ENROLMENT
    return Arrival.NEW_ROUND


def effect_of(positioning: Positioning, withdrawal: Withdrawal) -> WithdrawalEffect:
    """A withdrawal closes the round of its enrolment; a late withdrawal of an earlier
    enrolment changes nothing; one of an enrolment not received yet is kept for it."""
    if withdrawal.enrolment_id is None or positioning.enrolment_id is None:
        if withdrawal.withdrawn_on < positioning.enrolled_on:  # revision 1: the day's grain
            return WithdrawalEffect.NOTHING
    elif withdrawal.enrolment_id != positioning.enrolment_id:
        if withdrawal.enrolment_id in positioning.earlier_enrolment_ids:
            return WithdrawalEffect.NOTHING
        return WithdrawalEffect.KEPT
    if positioning.state is PositioningState.CLOSED:
        return WithdrawalEffect.NOTHING
    return WithdrawalEffect.CLOSES


def ends(withdrawal: Withdrawal, enrolment_id: str | None, enrolled_on: date) -> bool:
    """Whether a withdrawal received before its enrolment ends this enrolment."""
    if withdrawal.enrolment_id is not None and enrolment_id is not None:
        return withdrawal.enrolment_id == enrolment_id
    return withdrawal.withdrawn_on >= enrolled_on  # revision 1: the day's grain


def close_early(positioning: Positioning, withdrawal: Withdrawal | None) -> bool:
    """Apply a withdrawal that arrived before its enrolment, if it ends the round's
    enrolment (the positioning is then closed at once, no test is scheduled)."""
    if withdrawal is None or not ends(
        withdrawal, positioning.enrolment_id, positioning.enrolled_on
    ):
        return False
    return positioning.close(
        withdrawal.withdrawn_on, withdrawal.reason, by="enrolment (withdrawal received first)"
    )


class RoundOf(Protocol):
    """What tells a round's results: its enrolment, and its day (:class:`Positioning`)."""

    @property
    def enrolment_id(self) -> str | None: ...

    @property
    def enrolled_on(self) -> date: ...


class Recorded(Protocol):
    """What tells which round a result belongs to (:class:`Result`)."""

    @property
    def enrolment_id(self) -> str | None: ...

    @property
    def recorded_on(self) -> date: ...


R = TypeVar("R", bound=Recorded)


def of_current_round(positioning: RoundOf, results: Iterable[R]) -> list[R]:
    """The results recorded in the current round (reopened ones included), in order: those of
    the round's enrolment; without ids, those recorded since the round's enrolment."""
    if positioning.enrolment_id is not None:
        return [r for r in results if r.enrolment_id == positioning.enrolment_id]
    return [
        r for r in results if r.enrolment_id is None and r.recorded_on >= positioning.enrolled_on
    ]


def schedule_positioning(
    *,
    conseiller_id: str,
    enrolment: EnrolmentFacts,
    enrolled_on: date,
    policy: SchedulingPolicy,
    enrolment_id: str | None = None,
    earlier_withdrawal: Withdrawal | None = None,
) -> Positioning:
    """After enrolment the organisation contacts the conseiller for the test and interview.

    A withdrawal that arrived before the enrolment (out of order) and ends it closes the new
    positioning at once (:func:`ends`); another concerned another enrolment.
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
        enrolment_id=enrolment_id,
    )
    positioning.record(ActKind.SCHEDULED, enrolled_on, "enrolment", schedule_detail(positioning))
    close_early(positioning, earlier_withdrawal)
    return positioning
