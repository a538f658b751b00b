"""Capacity holds under concurrency, on SQLite and on PostgreSQL: 50 registrations made at
once, each in its own unit of work (its own connection and transaction), for 10 seats."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from conum_kernel.access import Caller, Role
from conum_kernel.refusals import Refusal
from conum_modules import domain
from conum_modules import testing as kit
from conum_modules.domain import DayMode, RegistrationStatus, SessionDay
from conum_modules.handlers import commands
from conum_runtime.testing.services import ConsumingStore

Store = ConsumingStore[Any]
TODAY = date(2026, 9, 1)
HUB = Caller(Role.REGIONAL_HUB, frozenset({"FR-NAQ"}))


async def session_of(store: Store, capacity: int) -> str:
    command = commands.ScheduleSession(
        kit.PRISE_EN_MAIN,
        "FR-NAQ",
        [SessionDay(date(2026, 9, 14), DayMode.IN_PERSON)],
        capacity,
        "Pau",
    )
    async with store.uow() as uow:
        return (await commands.schedule_session(command, uow, HUB, TODAY)).session_id


async def register(store: Store, session_id: str, conseiller_id: str) -> commands.Registered:
    async with store.uow() as uow:
        return await commands.register(
            commands.Register(session_id, conseiller_id), uow, HUB, TODAY
        )


async def test_50_simultaneous_registrations_for_10_seats_give_10_accepted_and_40_waiting(
    store: Store,
) -> None:
    session_id = await session_of(store, capacity=10)
    conseillers = [kit.new_id() for _ in range(50)]
    for conseiller_id in conseillers:
        await kit.make_convened(store, conseiller_id)
    results = await asyncio.gather(*(register(store, session_id, c) for c in conseillers))
    accepted = [r for r in results if r.registration.status is RegistrationStatus.ACCEPTED]
    waiting = [r for r in results if r.registration.status is RegistrationStatus.WAITLISTED]
    assert (len(accepted), len(waiting)) == (10, 40)
    assert sorted(r.position for r in waiting if r.position) == list(range(1, 41))
    async with store.uow() as uow:
        stored = await uow.registrations.of_session(session_id)
        fill = (await uow.registrations.fill([session_id]))[session_id]
    assert (fill.accepted, fill.waiting) == (10, 40)
    assert len({r.conseiller_id for r in stored}) == 50
    assert [r.waitlist_seq for r in domain.waiting_order(stored)] == list(range(1, 41))
    published = [a for a, _ in await kit.outbox(store)]
    assert published.count("registration.accepted") == 10
    assert published.count("registration.waitlisted") == 40


async def test_simultaneous_registrations_of_one_conseiller_give_one_registration(
    store: Store,
) -> None:
    session_id = await session_of(store, capacity=10)
    conseiller_id = kit.new_id()
    await kit.make_convened(store, conseiller_id)
    results = await asyncio.gather(
        *(register(store, session_id, conseiller_id) for _ in range(8)), return_exceptions=True
    )
    made = [r for r in results if isinstance(r, commands.Registered)]
    refused = [r for r in results if isinstance(r, Refusal)]
    assert len(made) == 1, results
    assert {r.code for r in refused} == {"already_registered"} and len(refused) == 7


async def test_simultaneous_cancellations_promote_each_waiting_once(store: Store) -> None:
    session_id = await session_of(store, capacity=3)
    conseillers = [kit.new_id() for _ in range(8)]
    for conseiller_id in conseillers:
        await kit.make_convened(store, conseiller_id)
    results = [await register(store, session_id, c) for c in conseillers]
    seated = [r.registration.registration_id for r in results[:3]]

    async def cancel(registration_id: str) -> None:
        async with store.uow() as uow:
            await commands.cancel_registration(
                commands.CancelRegistration(registration_id), uow, HUB, TODAY
            )

    await asyncio.gather(*(cancel(r) for r in seated))
    async with store.uow() as uow:
        stored = {r.conseiller_id: r.status for r in await uow.registrations.of_session(session_id)}
    assert [stored[c] for c in conseillers] == [
        *[RegistrationStatus.CANCELLED] * 3,
        *[RegistrationStatus.ACCEPTED] * 3,
        *[RegistrationStatus.WAITLISTED] * 2,
    ]


pytestmark = pytest.mark.timeout(300)
