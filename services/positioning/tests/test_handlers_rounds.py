"""Withdrawals and re-enrolments in the store: a withdrawal before its enrolment kept for it, each
enrolment its own round, late withdrawals of earlier enrolments changing nothing; events of
revision 1 told apart by their days."""

from __future__ import annotations

from datetime import date

from conum_contracts.positioning import PathAssignedV2, TestCompletedV1, TestScheduledV1
from conum_positioning.domain import (
    PositioningState,
)
from conum_positioning.testing import first_enrolment, new_id

from .conftest import (
    NewUow,
    apply_enrolled,
    apply_withdrawn,
    outbox,
    record,
)


async def test_a_withdrawal_before_the_enrolment_is_kept_and_closes_it(new_uow: NewUow) -> None:
    conseiller_id = new_id()
    await apply_withdrawn(new_uow, conseiller_id, date(2026, 3, 10))
    async with new_uow() as uow:
        kept = await uow.pending_withdrawals.for_enrolment(
            conseiller_id, first_enrolment(conseiller_id)
        )
        assert kept is not None and kept.enrolment_id == first_enrolment(conseiller_id)
    emitted = await apply_enrolled(new_uow, conseiller_id, enrolled_on=date(2026, 3, 2))
    assert emitted == []  # no test is scheduled for a withdrawn conseiller
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
        pending = await uow.pending_withdrawals.count()
        history = await uow.positionings.history(conseiller_id)
    assert positioning is not None and positioning.state is PositioningState.CLOSED
    assert pending == 0
    assert [a.kind.value for a in history] == ["scheduled", "closed"]


async def test_a_withdrawal_closes_a_known_positioning(new_uow: NewUow) -> None:
    conseiller_id = new_id()
    await apply_enrolled(new_uow, conseiller_id)
    await apply_withdrawn(new_uow, conseiller_id, date(2026, 3, 10))
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
    assert positioning is not None and positioning.closed_on == date(2026, 3, 10)
    later = await apply_enrolled(
        new_uow, conseiller_id, enrolled_on=date(2026, 9, 1), enrolment_id=new_id()
    )
    assert [type(e) for e in later] == [TestScheduledV1]  # a re-enrolment, a new round


async def test_a_re_enrolment_the_same_day_starts_a_new_round(new_uow: NewUow) -> None:
    conseiller_id, second = new_id(), new_id()
    await apply_enrolled(new_uow, conseiller_id)
    await record(new_uow, conseiller_id, 80, 80)
    await apply_withdrawn(new_uow, conseiller_id, date(2026, 3, 2))
    emitted = await apply_enrolled(
        new_uow, conseiller_id, enrolled_on=date(2026, 3, 2), enrolment_id=second
    )
    assert [(type(e), e.enrolment_id) for e in emitted] == [  # type: ignore[attr-defined]
        (TestScheduledV1, second)
    ]
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
        results = await uow.positionings.results(conseiller_id)
    assert positioning is not None and positioning.state is PositioningState.SCHEDULED
    assert positioning.enrolment_id == second
    assert positioning.earlier_enrolment_ids == (first_enrolment(conseiller_id),)
    assert positioning.result is None
    assert [r.enrolment_id for r in results] == [first_enrolment(conseiller_id)]  # it stays
    again = await apply_enrolled(new_uow, conseiller_id, enrolment_id=second)
    earlier = await apply_enrolled(new_uow, conseiller_id)  # the first enrolment, replayed
    assert again == [] and earlier == []


async def test_a_late_withdrawal_of_an_earlier_enrolment_changes_nothing(new_uow: NewUow) -> None:
    conseiller_id, second = new_id(), new_id()
    await apply_enrolled(new_uow, conseiller_id)
    await apply_enrolled(new_uow, conseiller_id, enrolment_id=second)  # its withdrawal is late
    await apply_withdrawn(new_uow, conseiller_id, date(2026, 3, 10))  # of the first enrolment
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
        assert await uow.pending_withdrawals.count() == 0
    assert positioning is not None and positioning.state is PositioningState.SCHEDULED
    await apply_withdrawn(new_uow, conseiller_id, date(2026, 3, 1), enrolment_id=second)
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
    assert positioning is not None and positioning.state is PositioningState.CLOSED


async def test_a_withdrawal_of_an_enrolment_not_received_yet_is_kept_for_it(
    new_uow: NewUow,
) -> None:
    conseiller_id, second = new_id(), new_id()
    await apply_enrolled(new_uow, conseiller_id)
    await apply_withdrawn(new_uow, conseiller_id, date(2026, 3, 10), enrolment_id=second)
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
        assert positioning is not None and positioning.state is PositioningState.SCHEDULED
        assert await uow.pending_withdrawals.count() == 1
    emitted = await apply_enrolled(new_uow, conseiller_id, enrolment_id=second)
    assert emitted == []  # closed at once: no test for a withdrawn enrolment
    async with new_uow() as uow:
        positioning = await uow.positionings.get(conseiller_id)
        assert await uow.pending_withdrawals.count() == 0
    assert positioning is not None and positioning.state is PositioningState.CLOSED
    assert positioning.enrolment_id == second


async def test_the_published_events_carry_the_rounds_enrolment_id(new_uow: NewUow) -> None:
    conseiller_id = new_id()
    await apply_enrolled(new_uow, conseiller_id)
    await record(new_uow, conseiller_id, 80, 80)
    published = await outbox(new_uow)
    assert [type(e) for e in published] == [TestScheduledV1, TestCompletedV1, PathAssignedV2]
    assert {e.enrolment_id for e in published} == {first_enrolment(conseiller_id)}  # type: ignore[attr-defined]


async def test_revision_1_events_fall_back_to_the_days(new_uow: NewUow) -> None:
    conseiller_id = new_id()
    await apply_enrolled(new_uow, conseiller_id, enrolment_id=None)
    await apply_withdrawn(new_uow, conseiller_id, date(2026, 3, 2), enrolment_id=None)
    same_day = await apply_enrolled(
        new_uow, conseiller_id, enrolled_on=date(2026, 3, 2), enrolment_id=None
    )
    assert same_day == []  # the limit of the day's grain, kept for old events only
    later = await apply_enrolled(
        new_uow, conseiller_id, enrolled_on=date(2026, 3, 3), enrolment_id=None
    )
    assert [type(e) for e in later] == [TestScheduledV1]
