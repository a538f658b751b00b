"""The registration rules on a real store (SQLite and PostgreSQL), the events other services
send delivered through the real consumer, the events published read back from the outbox.
One test per rule, named after it; a refusal changes nothing and publishes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from conum_kernel.access import Caller, Role
from conum_modules import domain
from conum_modules import testing as kit
from conum_modules.domain import DayMode, RegistrationStatus, SessionDay, Track
from conum_modules.handlers import commands
from conum_runtime.consumer import Outcome

from .conftest import (
    HUB,
    STRUCTURE,
    TODAY,
    Store,
    actions,
    complete,
    continuing_conseiller,
    register,
    schedule,
)


async def test_the_convocation_is_required_but_not_the_pass(store: Store) -> None:
    conseiller_id = kit.new_id()
    await store.feed(kit.enrolled(conseiller_id))
    session = await schedule(store)
    before = await kit.outbox(store)
    with pytest.raises(domain.ConvocationMissing):
        await register(store, session.session_id, conseiller_id)
    assert await kit.outbox(store) == before  # refused: nothing published
    async with store.uow() as uow:
        assert await uow.registrations.of_conseiller(conseiller_id) == []
    await store.feed(kit.convened(conseiller_id))  # convened; no result (passed or not) yet
    registered = await register(store, session.session_id, conseiller_id)
    assert registered.registration.status is RegistrationStatus.ACCEPTED
    assert registered.registration.track is Track.INITIAL
    action, payload = (await kit.outbox(store))[-1]
    assert action == "registration.accepted"
    assert (payload["track"], payload["funded"], payload["funding_year"]) == ("initial", True, 2026)


async def test_aidants_connect_without_habilitation_is_refused_then_accepted_after_the_grant(
    store: Store,
) -> None:
    conseiller_id = kit.new_id()
    await kit.make_convened(store, conseiller_id)
    session = await schedule(store, module_id=kit.AIDANTS_CONNECT)
    with pytest.raises(domain.HabilitationMissing):
        await register(store, session.session_id, conseiller_id)
    other = kit.habilitated(kit.OTHER_STRUCTURE_ID)  # another structure's grant changes nothing
    assert await store.feed(other) is Outcome.PROCESSED
    with pytest.raises(domain.HabilitationMissing):
        await register(store, session.session_id, conseiller_id)
    assert await store.feed(kit.habilitated()) is Outcome.PROCESSED
    registered = await register(store, session.session_id, conseiller_id)
    assert registered.registration.status is RegistrationStatus.ACCEPTED


async def test_one_funded_module_per_calendar_year_december_then_january(store: Store) -> None:
    conseiller_id = await continuing_conseiller(store)
    december = await schedule(
        store,
        module_id=kit.INTERVENIR,
        days=[
            SessionDay(date(2026, 12, 14), DayMode.REMOTE),
            SessionDay(date(2026, 12, 16), DayMode.IN_PERSON),
        ],
    )
    december_again = await schedule(
        store,
        module_id=kit.INTERVENIR_3,
        days=[
            SessionDay(date(2026, 12, 21), DayMode.REMOTE),
            SessionDay(date(2026, 12, 23), DayMode.IN_PERSON),
        ],
    )
    january = await schedule(
        store,
        module_id=kit.INTERVENIR_2,
        days=[
            SessionDay(date(2027, 1, 11), DayMode.REMOTE),
            SessionDay(date(2027, 1, 13), DayMode.IN_PERSON),
        ],
    )
    found = [
        (await register(store, s.session_id, conseiller_id)).registration
        for s in (december, january, december_again)
    ]
    assert [(r.track, r.funded, r.funding_year) for r in found] == [
        (Track.CONTINUING, True, 2026),
        (Track.CONTINUING, True, 2027),
        (Track.CONTINUING, False, None),  # a second module of 2026: accepted, unfunded
    ]
    accepted = [p for a, p in await kit.outbox(store) if a == "registration.accepted"][-3:]
    assert [(p["funded"], p["funding_year"]) for p in accepted] == [
        (True, 2026),
        (True, 2027),
        (False, None),
    ]


async def test_funding_is_not_retroactive(store: Store) -> None:
    conseiller_id = await continuing_conseiller(store)
    days = [
        [
            SessionDay(date(2026, 10, 5), DayMode.REMOTE),
            SessionDay(date(2026, 10, 7), DayMode.IN_PERSON),
        ],
        [
            SessionDay(date(2026, 10, 12), DayMode.REMOTE),
            SessionDay(date(2026, 10, 14), DayMode.IN_PERSON),
        ],
        [
            SessionDay(date(2026, 11, 2), DayMode.REMOTE),
            SessionDay(date(2026, 11, 4), DayMode.IN_PERSON),
        ],
    ]
    funded_session, unfunded_session, later_session = [
        await schedule(store, module_id=m, days=d)
        for m, d in zip((kit.INTERVENIR, kit.INTERVENIR_2, kit.INTERVENIR_3), days, strict=True)
    ]
    funded = (await register(store, funded_session.session_id, conseiller_id)).registration
    unfunded = (await register(store, unfunded_session.session_id, conseiller_id)).registration
    assert (funded.funded, unfunded.funded) == (True, False)
    async with store.uow() as uow:
        await commands.cancel_registration(
            commands.CancelRegistration(funded.registration_id), uow, STRUCTURE, TODAY
        )
    async with store.uow() as uow:
        still = await uow.registrations.get(unfunded.registration_id)
    assert still is not None and still.funded is False  # not funded after the fact
    later = (await register(store, later_session.session_id, conseiller_id)).registration
    assert (later.funded, later.funding_year) == (True, 2026)
    closed = await schedule(store, module_id=kit.AIDANTS_CONNECT, today=TODAY)
    with pytest.raises(domain.RegistrationClosed):  # nor for a session already held
        await register(store, closed.session_id, conseiller_id, today=date(2026, 9, 15))


async def test_waitlist_promotion_a_freed_seat_goes_to_the_first_waiting(
    store: Store,
) -> None:
    session = await schedule(store, capacity=2)
    conseillers = [kit.new_id() for _ in range(4)]
    for conseiller_id in conseillers:
        await kit.make_convened(store, conseiller_id)
    found = [await register(store, session.session_id, c) for c in conseillers]
    assert [(r.registration.status.value, r.position) for r in found] == [
        ("accepted", None),
        ("accepted", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    late = kit.new_id()
    await kit.make_convened(store, late)
    with pytest.raises(domain.SessionFull):
        await register(store, session.session_id, late, waitlist=False)
    async with store.uow() as uow:
        cancellation = commands.CancelRegistration(found[0].registration.registration_id)
        await commands.cancel_registration(cancellation, uow, STRUCTURE, TODAY)
    async with store.uow() as uow:
        statuses = {
            r.conseiller_id: r for r in await uow.registrations.of_session(session.session_id)
        }
    assert statuses[conseillers[2]].status is RegistrationStatus.ACCEPTED
    assert statuses[conseillers[2]].track is Track.INITIAL
    assert statuses[conseillers[3]].status is RegistrationStatus.WAITLISTED
    tail = await actions(store)
    assert tail[-2:] == ["registration.cancelled", "registration.accepted"]


async def test_a_re_enrolled_conseiller_keeps_completed_modules_and_the_convocation(
    store: Store,
) -> None:
    conseiller_id = kit.new_id()
    await store.feed(kit.enrolled(conseiller_id, enrolment_id=(first := kit.new_id())))
    await store.feed(kit.convened(conseiller_id))
    done = await schedule(store)
    await register(store, done.session_id, conseiller_id)
    await complete(store, done, [conseiller_id])
    await store.feed(kit.withdrawn(conseiller_id, enrolment_id=first))
    await store.feed(
        kit.enrolled(conseiller_id, enrolment_id=kit.new_id(), enrolled_on=date(2026, 4, 1))
    )
    await store.feed(kit.withdrawn(conseiller_id, enrolment_id=first, on=date(2026, 5, 1)))  # older
    next_one = await schedule(store, module_id=kit.PRISE_EN_MAIN_2)
    registered = await register(store, next_one.session_id, conseiller_id)
    assert registered.registration.track is Track.INITIAL  # the second initial module
    async with store.uow() as uow:
        record = domain.module_record(
            await commands.conseiller_for(uow, conseiller_id, HUB),
            await uow.registrations.of_conseiller(conseiller_id),
            TODAY,
        )
    assert (record.initial.completed, record.initial.in_progress, record.initial.owed) == (1, 1, 1)


async def test_another_regions_session_or_conseiller_does_not_exist_for_the_caller(
    store: Store,
) -> None:
    session = await schedule(store)
    conseiller_id = kit.new_id()
    await kit.make_convened(store, conseiller_id)
    idf = Caller(Role.HOST_STRUCTURE, frozenset({"FR-IDF"}))
    with pytest.raises(domain.UnknownSession):
        await register(store, session.session_id, conseiller_id, caller=idf)
    bound = Caller(Role.HOST_STRUCTURE, frozenset({"FR-NAQ"}), kit.OTHER_STRUCTURE_ID)
    with pytest.raises(domain.UnknownConseiller):
        await register(store, session.session_id, conseiller_id, caller=bound)
    other_hub = Caller(Role.REGIONAL_HUB, frozenset({"FR-NAQ"}), "hub-occ")
    with pytest.raises(domain.NotTheirHub):
        await register(store, session.session_id, conseiller_id, caller=other_hub)
    own = Caller(Role.HOST_STRUCTURE, frozenset({"FR-NAQ"}), kit.STRUCTURE_ID)
    assert (await register(store, session.session_id, conseiller_id, caller=own)).position is None
