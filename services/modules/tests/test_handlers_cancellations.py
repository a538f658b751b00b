"""Cancellations: a cancelled session cancels its registrations, a withdrawn conseiller is refused
and their seats go to those waiting."""

from __future__ import annotations

import pytest
from conum_modules import domain
from conum_modules import testing as kit
from conum_modules.domain import RegistrationStatus
from conum_modules.handlers import commands

from .conftest import (
    HUB,
    TODAY,
    Store,
    register,
    schedule,
)


async def test_a_cancelled_session_cancels_its_registrations(store: Store) -> None:
    session = await schedule(store, capacity=1)
    conseillers = [kit.new_id() for _ in range(2)]
    for conseiller_id in conseillers:
        await kit.make_convened(store, conseiller_id)
        await register(store, session.session_id, conseiller_id)
    async with store.uow() as uow:
        await commands.cancel_session(
            commands.CancelSession(session.session_id, "trainer ill"), uow, HUB, TODAY
        )
    async with store.uow() as uow:
        registrations = await uow.registrations.of_session(session.session_id)
        stored = await uow.sessions.get(session.session_id)
    assert {r.status for r in registrations} == {RegistrationStatus.CANCELLED}
    assert stored is not None and stored.state is domain.SessionState.CANCELLED
    published = await kit.outbox(store)
    assert [a for a, _ in published[-3:]] == [
        "session.cancelled",
        "registration.cancelled",
        "registration.cancelled",
    ]
    assert {p["conseiller_id"] for _, p in published[-2:]} == set(conseillers)
    with pytest.raises(domain.SessionCancelled):
        await register(store, session.session_id, kit.new_id())


async def test_a_withdrawn_conseiller_is_refused_and_their_seats_go_to_those_waiting(
    store: Store,
) -> None:
    session = await schedule(store, capacity=1)
    leaving, waiting = kit.new_id(), kit.new_id()
    for conseiller_id in (leaving, waiting):
        await kit.make_convened(store, conseiller_id)
        await register(store, session.session_id, conseiller_id)
    await store.feed(kit.withdrawn(leaving))
    async with store.uow() as uow:
        by_conseiller = {
            r.conseiller_id: r for r in await uow.registrations.of_session(session.session_id)
        }
    assert by_conseiller[leaving].status is RegistrationStatus.CANCELLED
    assert by_conseiller[waiting].status is RegistrationStatus.ACCEPTED
    other = await schedule(store, module_id=kit.PRISE_EN_MAIN_2)
    with pytest.raises(domain.ConseillerWithdrawn):
        await register(store, other.session_id, leaving)
