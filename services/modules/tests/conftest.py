"""Fixtures and helpers of the modules tests: a migrated store of a regional instance (FR-NAQ)
and of the national one, each with the service's real consumer, the catalogue already
received; the callers, sessions and registrations the use cases are tried with."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import Any

import pytest
from conum_contracts.modules import SessionDay as ContractDay
from conum_contracts.modules import SessionScheduledV2
from conum_kernel.access import Caller, Role
from conum_modules import domain
from conum_modules import testing as kit
from conum_modules.app import SERVICE
from conum_modules.domain import (
    DayMode,
    SessionDay,
)
from conum_modules.handlers import commands
from conum_modules.testing import context, feed_catalogue
from conum_runtime.testing.services import ConsumingStore, consuming_store


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[ConsumingStore[Any]]:
    """Hubikoop's instance (FR-NAQ): its store, its consumer, the catalogue received."""
    async with consuming_store(SERVICE, database_url, context("FR-NAQ"), region="FR-NAQ") as made:
        await feed_catalogue(made)
        yield made


@pytest.fixture
async def national_store(database_url: str) -> AsyncIterator[ConsumingStore[Any]]:
    """La Mednum's instance: the catalogue's writer, a copy of every region's sessions."""
    async with consuming_store(SERVICE, database_url, context("national")) as made:
        yield made


Store = ConsumingStore[Any]


TODAY = date(2026, 9, 1)


HUB = Caller(Role.REGIONAL_HUB, frozenset({"FR-NAQ"}))


STRUCTURE = Caller(Role.HOST_STRUCTURE, frozenset({"FR-NAQ"}))


def one_day(on: date) -> list[SessionDay]:
    return [SessionDay(on, DayMode.IN_PERSON)]


async def schedule(
    store: Store,
    *,
    module_id: str = kit.PRISE_EN_MAIN,
    days: Sequence[SessionDay] | None = None,
    capacity: int = 10,
    today: date = TODAY,
) -> domain.Session:
    command = commands.ScheduleSession(
        module_id, "FR-NAQ", days or one_day(date(2026, 9, 14)), capacity, "Mont-de-Marsan"
    )
    async with store.uow() as uow:
        return await commands.schedule_session(command, uow, HUB, today)


async def register(
    store: Store,
    session_id: str,
    conseiller_id: str,
    *,
    today: date = TODAY,
    caller: Caller = STRUCTURE,
    waitlist: bool = True,
) -> commands.Registered:
    async with store.uow() as uow:
        return await commands.register(
            commands.Register(session_id, conseiller_id, waitlist), uow, caller, today
        )


async def complete(store: Store, session: domain.Session, present: Sequence[str]) -> None:
    after = session.last_day
    for day in session.days:
        async with store.uow() as uow:
            await commands.record_attendance(
                commands.RecordAttendance(session.session_id, day.on, present), uow, HUB, after
            )
    async with store.uow() as uow:
        await commands.complete_session(
            commands.CompleteSession(session.session_id), uow, HUB, after
        )


async def actions(store: Store) -> list[str]:
    return [action for action, _ in await kit.outbox(store)]


async def continuing_conseiller(store: Store) -> str:
    """A conseiller whose two initial modules are completed."""
    conseiller_id = kit.new_id()
    await kit.make_convened(store, conseiller_id)
    for module_id in (kit.PRISE_EN_MAIN, kit.PRISE_EN_MAIN_2):
        session = await schedule(store, module_id=module_id)
        await register(store, session.session_id, conseiller_id)
        await complete(store, session, [conseiller_id])
    return conseiller_id


MONDAY = date(2026, 9, 14)


COORDINATOR = Caller(Role.NATIONAL_COORDINATOR, None)


NAQ_COORDINATOR = Caller(Role.NATIONAL_COORDINATOR, frozenset({"FR-NAQ"}))


def scheduled_elsewhere(session_id: str, region: str = "FR-NAQ") -> SessionScheduledV2:
    return SessionScheduledV2(
        session_id=session_id,
        module_id=kit.PRISE_EN_MAIN,
        region=region,
        hub="hubikoop" if region == "FR-NAQ" else "hub-idf",
        days=[ContractDay(on=MONDAY, mode="in_person")],
        capacity=1,
        place="Bordeaux",
    )
