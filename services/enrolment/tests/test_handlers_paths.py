"""Paths in the store: a newer path moving a planned end, paths of earlier or withdrawn enrolments
set aside, paths without an enrolment id falling back to the days."""

from __future__ import annotations

from datetime import date, timedelta

from conum_enrolment import domain
from conum_enrolment.domain import (
    AttendanceDay,
    Scheme,
)

from .conftest import (
    DAY,
    NewUow,
    assign,
    current_enrolment_id,
    enrol,
    outbox_events,
    outbox_types,
    register,
    withdraw,
)


async def test_path_assigned_for_an_unknown_conseiller_is_recorded_and_ignored(
    new_uow: NewUow,
) -> None:
    stranger = "0d3c2b1a-0000-4000-8000-000000000001"
    await assign(new_uow, stranger)
    async with new_uow() as uow:
        assert await uow.ignored_events.reasons_for(stranger) == ["unknown_conseiller"]
        assert await uow.enrolments.get(stranger) is None
    assert await outbox_types(new_uow) == []


async def test_a_newer_path_moves_a_2024_planned_end_until_a_training_day_is_recorded(
    new_uow: NewUow,
) -> None:
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    enrolment_id = await current_enrolment_id(new_uow, conseiller_id)
    same = {"scheme": "2024", "enrolment_id": enrolment_id}
    await assign(new_uow, conseiller_id, path_hours=70, weeks=5, **same)
    await assign(new_uow, conseiller_id, path_hours=315, weeks=15, **same)  # reopened result
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
        assert enrolment is not None and enrolment.path is not None
        assert (enrolment.path.hours, enrolment.starts_on) == (315, date(2026, 3, 9))
        assert enrolment.planned_end_on == date(2026, 6, 19)  # the 15th Friday
        await uow.attendance.record(conseiller_id, AttendanceDay(date(2026, 3, 9), True))
        await uow.commit()
    await assign(new_uow, conseiller_id, path_hours=70, weeks=5, **same)
    await assign(new_uow, conseiller_id, path_hours=315, weeks=15, **same)
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
        assert enrolment is not None and enrolment.path is not None
        assert enrolment.path.hours == 315
        reasons = await uow.ignored_events.reasons_for(conseiller_id)
        assert reasons == ["training_under_way", "same_path"]
    started = [e for e in await outbox_events(new_uow) if type(e).__name__ == "TrainingStartedV1"]
    assert [(e.planned_end_on, e.enrolment_id) for e in started] == [  # type: ignore[attr-defined]
        (date(2026, 4, 10), enrolment_id),
        (date(2026, 6, 19), enrolment_id),
    ]


async def test_a_path_of_an_earlier_enrolment_is_set_aside(new_uow: NewUow) -> None:
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    first = await current_enrolment_id(new_uow, conseiller_id)
    await withdraw(new_uow, conseiller_id, DAY)
    await enrol(new_uow, structure_id, 1, Scheme.S2024)  # the same day, by the same structure
    second = await current_enrolment_id(new_uow, conseiller_id)
    assert second != first
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=70, weeks=5, enrolment_id=first)
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
        assert enrolment is not None and enrolment.path is None
        assert await uow.ignored_events.reasons_for(conseiller_id) == ["earlier_enrolment"]
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=70, weeks=5, enrolment_id=second)
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
        assert enrolment is not None
        assert enrolment.state is domain.EnrolmentState.IN_TRAINING


async def test_a_path_without_enrolment_id_falls_back_to_the_days(new_uow: NewUow) -> None:
    """Revision 1: a path assigned before the current enrolment belongs to an earlier one."""
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    earlier = DAY - timedelta(days=1)
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=175, assigned_on=earlier)
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=70, weeks=5, assigned_on=DAY)
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
        assert enrolment is not None and enrolment.path is not None
        assert enrolment.path.hours == 70
        assert await uow.ignored_events.reasons_for(conseiller_id) == ["earlier_enrolment"]


async def test_a_path_arriving_after_the_withdrawal_of_its_enrolment_is_recorded_only(
    new_uow: NewUow,
) -> None:
    """Assigned before the withdrawal, delivered after it: enrolment holds the path the
    other services hold, whatever the order, and starts nothing."""
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    enrolment_id = await current_enrolment_id(new_uow, conseiller_id)
    await withdraw(new_uow, conseiller_id, on=date(2026, 3, 4))
    before = await outbox_types(new_uow)
    await assign(
        new_uow, conseiller_id, scheme="2024", path_hours=175, weeks=10, enrolment_id=enrolment_id
    )
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
    assert enrolment is not None and enrolment.state is domain.EnrolmentState.WITHDRAWN
    assert enrolment.path is not None and enrolment.path.hours == 175
    assert enrolment.starts_on is None
    assert await outbox_types(new_uow) == before  # no training started
