"""The read side on a real store: a conseiller's module record (initial modules done and
owed, continuing years), a hub's sessions with their fill and waiting list, region figures."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from conum_kernel.access import Caller, Role
from conum_kernel.refusals import WrongRegion
from conum_modules import domain, views
from conum_modules import testing as kit
from conum_modules.domain import Answer, DayMode, Satisfaction, SessionDay, Track
from conum_modules.handlers import commands
from conum_runtime.testing.services import ConsumingStore

Store = ConsumingStore[Any]
HUB = Caller(Role.REGIONAL_HUB, frozenset({"FR-NAQ"}))


async def held(
    store: Store, module_id: str, on: date, present: list[str], capacity: int = 10
) -> domain.Session:
    """A one-day session with ``present`` registered, attending and completing it."""
    async with store.uow() as uow:
        session = await commands.schedule_session(
            commands.ScheduleSession(
                module_id, "FR-NAQ", [SessionDay(on, DayMode.IN_PERSON)], capacity, "Pau"
            ),
            uow,
            HUB,
            date(on.year, 1, 2),
        )
    for conseiller_id in present:
        async with store.uow() as uow:
            await commands.register(
                commands.Register(session.session_id, conseiller_id), uow, HUB, on
            )
    async with store.uow() as uow:
        await commands.record_attendance(
            commands.RecordAttendance(session.session_id, on, present), uow, HUB, on
        )
    async with store.uow() as uow:
        await commands.complete_session(commands.CompleteSession(session.session_id), uow, HUB, on)
    return session


async def test_the_record_shows_the_initial_modules_done_and_owed_then_each_year(
    store: Store,
) -> None:
    conseiller_id = kit.new_id()
    await kit.make_convened(store, conseiller_id)

    async def record(today: date) -> domain.ModuleRecord:
        async with store.uow() as uow:
            return await views.module_record(uow, conseiller_id, HUB, today)

    empty = await record(date(2026, 9, 1))
    assert (empty.next_track, empty.initial.completed, empty.initial.owed) == (Track.INITIAL, 0, 2)
    await held(store, kit.PRISE_EN_MAIN, date(2026, 9, 14), [conseiller_id])
    one = await record(date(2026, 9, 20))
    assert (one.initial.completed, one.initial.owed, one.owed_this_year) == (1, 1, 0)
    await held(store, kit.PRISE_EN_MAIN_2, date(2026, 10, 5), [conseiller_id])
    both = await record(date(2026, 10, 6))
    assert (both.next_track, both.initial.owed, both.owed_this_year) == (Track.CONTINUING, 0, 1)
    next_year = await record(date(2027, 3, 1))  # no continuing module yet: the year's is owed
    assert next_year.years == [] and next_year.owed_this_year == 1


async def test_a_continuing_year_shows_its_funded_module(store: Store) -> None:
    conseiller_id = kit.new_id()
    await kit.make_convened(store, conseiller_id)
    await held(store, kit.PRISE_EN_MAIN, date(2026, 9, 14), [conseiller_id])
    await held(store, kit.PRISE_EN_MAIN_2, date(2026, 9, 21), [conseiller_id])
    async with store.uow() as uow:
        session = await commands.schedule_session(
            commands.ScheduleSession(
                kit.INTERVENIR,
                "FR-NAQ",
                [
                    SessionDay(date(2026, 10, 5), DayMode.REMOTE),
                    SessionDay(date(2026, 10, 7), DayMode.IN_PERSON),
                ],
                10,
                "Pau",
            ),
            uow,
            HUB,
            date(2026, 9, 22),
        )
    async with store.uow() as uow:
        await commands.register(
            commands.Register(session.session_id, conseiller_id), uow, HUB, date(2026, 9, 22)
        )
    async with store.uow() as uow:
        record = await views.module_record(uow, conseiller_id, HUB, date(2026, 9, 22))
    assert [(y.year, y.funded_completed, y.modules_completed) for y in record.years] == [
        (2026, False, 0)
    ]
    assert record.years[0].funded_registration_id is not None and record.owed_this_year == 1


async def test_a_hubs_sessions_show_their_fill_and_waiting_list(store: Store) -> None:
    async with store.uow() as uow:
        session = await commands.schedule_session(
            commands.ScheduleSession(
                kit.PRISE_EN_MAIN,
                "FR-NAQ",
                [SessionDay(date(2026, 9, 14), DayMode.IN_PERSON)],
                1,
                "Pau",
            ),
            uow,
            HUB,
            date(2026, 9, 1),
        )
    for _ in range(3):
        conseiller_id = kit.new_id()
        await kit.make_convened(store, conseiller_id)
        async with store.uow() as uow:
            await commands.register(
                commands.Register(session.session_id, conseiller_id), uow, HUB, date(2026, 9, 1)
            )
    async with store.uow() as uow:
        page = await views.sessions(
            uow, HUB, region=None, module_id=None, state=None, since=None, after=None, limit=10
        )
        listed = await views.session_registrations(uow, session.session_id, HUB)
        with pytest.raises(WrongRegion):
            await views.sessions(
                uow,
                HUB,
                region="FR-IDF",
                module_id=None,
                state=None,
                since=None,
                after=None,
                limit=10,
            )
    (view,) = page.items
    assert (view.fill.accepted, view.fill.waiting, view.module and view.module.hours) == (1, 2, 7)
    assert sorted(v.position or 0 for v in listed) == [0, 1, 2]


async def test_region_figures_follow_the_hubikoop_shape(store: Store) -> None:
    trained = [kit.new_id() for _ in range(3)]
    for conseiller_id in trained:
        await kit.make_convened(store, conseiller_id)
    first = await held(store, kit.PRISE_EN_MAIN, date(2026, 9, 14), trained[:2])
    second = await held(store, kit.PRISE_EN_MAIN_2, date(2026, 10, 5), trained[1:])
    surveys = {
        first.session_id: [
            Answer(Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, 8),
            Answer(Satisfaction.SATISFIED, Satisfaction.DISSATISFIED, 7),
        ],
        second.session_id: [Answer(Satisfaction.DISSATISFIED, Satisfaction.VERY_SATISFIED, 9)],
    }
    for session_id, answers in surveys.items():
        async with store.uow() as uow:
            await commands.evaluate_session(commands.EvaluateSession(session_id, answers), uow, HUB)
    async with store.uow() as uow:
        everything = await views.region_figures(
            uow, HUB, "FR-NAQ", module_id=None, since=None, until=None
        )
        one_module = await views.region_figures(
            uow, HUB, "FR-NAQ", module_id=kit.PRISE_EN_MAIN_2, since=None, until=None
        )
        september = await views.region_figures(
            uow, HUB, "FR-NAQ", module_id=None, since=date(2026, 9, 1), until=date(2026, 9, 30)
        )
    assert (everything.sessions_held, everything.people_trained, everything.modules_completed) == (
        2,
        3,
        4,
    )
    assert (everything.responses, everything.satisfied_resources_pct) == (3, 66.667)
    assert (everything.satisfied_overall_pct, everything.mean_self_rated_ability) == (66.667, 8.0)
    assert (one_module.sessions_held, one_module.responses, one_module.mean_self_rated_ability) == (
        1,
        1,
        9.0,
    )
    assert (september.sessions_held, september.responses, september.satisfied_overall_pct) == (
        1,
        2,
        50.0,
    )
