"""The catalogue, sessions, attendance, completion and surveys on a real store (SQLite and
PostgreSQL); the national instance's copy of every region's sessions and registrations; the
echo of an instance's own events ignored."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from conum_kernel.access import Caller, Role
from conum_kernel.refusals import WrongRegion
from conum_modules import domain
from conum_modules import testing as kit
from conum_modules.app import SERVICE
from conum_modules.domain import (
    Answer,
    DayMode,
    Habilitation,
    ModuleKind,
    ModuleState,
    RegistrationStatus,
    Satisfaction,
    SessionDay,
)
from conum_modules.handlers import commands
from conum_runtime.consumer import Outcome
from conum_runtime.testing.events import envelope_for
from conum_runtime.testing.services import migrated_schema_drift

from .conftest import COORDINATOR, HUB, MONDAY, NAQ_COORDINATOR, TODAY, Store


async def test_migrations_build_the_tables_of_the_models(database_url: str) -> None:
    assert await migrated_schema_drift(SERVICE, database_url) == []


async def test_the_national_instance_publishes_the_starting_catalogue_once(
    national_store: Store,
) -> None:
    async with national_store.uow() as uow:
        assert await commands.publish_starting_catalogue(uow, TODAY) == len(kit.CATALOGUE)
    async with national_store.uow() as uow:
        assert await commands.publish_starting_catalogue(uow, TODAY) == 0  # a restart
    published = await kit.outbox(national_store)
    assert [a for a, _ in published] == ["module.published"] * len(kit.CATALOGUE)
    aidants = next(p for _, p in published if p["module_id"] == kit.AIDANTS_CONNECT)
    assert (aidants["kind"], aidants["hours"], aidants["requires_habilitation"]) == (
        "prise_en_main",
        7,
        "aidants_connect",
    )


async def test_a_regional_instance_publishes_no_catalogue(store: Store) -> None:
    async with store.uow() as uow:
        assert await commands.publish_starting_catalogue(uow, TODAY) == 0
        with pytest.raises(domain.NationalInstanceOnly):
            await commands.publish_module(
                commands.PublishModule("Prise en main", ModuleKind.PRISE_EN_MAIN, None),
                uow,
                COORDINATOR,
                TODAY,
            )


async def test_la_mednum_publishes_and_withdraws_modules_on_the_national_instance(
    national_store: Store,
) -> None:
    publish = commands.PublishModule(
        "Intervenir auprès des publics allophones", ModuleKind.INTERVENIR, None
    )
    async with national_store.uow() as uow:
        with pytest.raises(WrongRegion):  # a regional actor on the national instance
            await commands.publish_module(publish, uow, NAQ_COORDINATOR, TODAY)
    async with national_store.uow() as uow:
        module = await commands.publish_module(publish, uow, COORDINATOR, TODAY)
    assert (module.hours, module.published_on) == (14, TODAY)
    async with national_store.uow() as uow:
        withdrawn = await commands.withdraw_module(
            commands.WithdrawModule(module.module_id), uow, COORDINATOR, TODAY
        )
    assert withdrawn.state is ModuleState.WITHDRAWN
    async with national_store.uow() as uow:
        with pytest.raises(domain.ModuleAlreadyWithdrawn):
            await commands.withdraw_module(
                commands.WithdrawModule(module.module_id), uow, COORDINATOR, TODAY
            )
    assert [a for a, _ in await kit.outbox(national_store)] == [
        "module.published",
        "module.withdrawn",
    ]
    echo = kit.published(module)  # the national instance ignores its own echo
    assert await national_store.feed(echo, region="national") is Outcome.PROCESSED
    async with national_store.uow() as uow:
        stored = await uow.modules.get(module.module_id)
    assert stored is not None and stored.state is ModuleState.WITHDRAWN


async def test_a_regional_instance_keeps_the_catalogue_from_its_stream(store: Store) -> None:
    from conum_contracts.modules import ModuleWithdrawnV1

    async with store.uow() as uow:
        modules = await uow.modules.all()
    assert {m.module_id for m in modules} == {m.module_id for m in kit.CATALOGUE}
    aidants = next(m for m in modules if m.module_id == kit.AIDANTS_CONNECT)
    assert aidants.requires_habilitation is Habilitation.AIDANTS_CONNECT
    withdrawal = ModuleWithdrawnV1(module_id=kit.INTERVENIR_3)
    assert await store.feed(withdrawal, region="national") is Outcome.PROCESSED
    again = kit.published(kit.CATALOGUE[5])  # a replayed publication changes nothing
    assert await store.feed(again, region="national") is Outcome.PROCESSED
    async with store.uow() as uow:
        module = await uow.modules.get(kit.INTERVENIR_3)
    assert module is not None and module.state is ModuleState.WITHDRAWN
    async with store.uow() as uow:
        with pytest.raises(domain.ModuleWithdrawn):
            await commands.schedule_session(
                commands.ScheduleSession(
                    kit.INTERVENIR_3,
                    "FR-NAQ",
                    [
                        SessionDay(MONDAY, DayMode.REMOTE),
                        SessionDay(date(2026, 9, 16), DayMode.IN_PERSON),
                    ],
                    10,
                    "Pau",
                ),
                uow,
                HUB,
                TODAY,
            )


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"module_id": "3b1f6c7e-8a2d-4c5e-9f10-1a2b3c4d5eff"}, domain.UnknownModule),
        ({"region": "FR-IDF"}, WrongRegion),
        ({"days": [SessionDay(date(2026, 8, 31), DayMode.IN_PERSON)]}, domain.SessionInThePast),
        ({"days": [SessionDay(date(2029, 1, 8), DayMode.IN_PERSON)]}, domain.SessionTooFar),
        ({"days": [SessionDay(MONDAY, DayMode.REMOTE)]}, domain.InvalidDayPattern),
        ({"capacity": 31}, domain.InvalidCapacity),
        (
            {"caller": Caller(Role.REGIONAL_HUB, frozenset({"FR-NAQ"}), "hub-occ")},
            domain.NotTheirHub,
        ),
    ],
    ids=[
        "unknown-module",
        "other-region",
        "past",
        "too-far",
        "day-pattern",
        "capacity",
        "other-hub",
    ],
)
async def test_a_session_that_breaks_a_rule_is_refused_and_changes_nothing(
    store: Store, change: dict[str, Any], refusal: type[Exception]
) -> None:
    fields: dict[str, Any] = {
        "module_id": kit.PRISE_EN_MAIN,
        "region": "FR-NAQ",
        "days": [SessionDay(MONDAY, DayMode.IN_PERSON)],
        "capacity": 10,
        "place": "Mont-de-Marsan",
    } | change
    caller = fields.pop("caller", HUB)
    async with store.uow() as uow:
        with pytest.raises(refusal):
            await commands.schedule_session(commands.ScheduleSession(**fields), uow, caller, TODAY)
    assert await kit.outbox(store) == []


async def test_the_national_instance_refuses_session_writes(national_store: Store) -> None:
    command = commands.ScheduleSession(
        kit.PRISE_EN_MAIN, "FR-NAQ", [SessionDay(MONDAY, DayMode.IN_PERSON)], 10, "Pau"
    )
    async with national_store.uow() as uow:
        with pytest.raises(domain.RegionalInstanceOnly):
            await commands.schedule_session(command, uow, COORDINATOR, TODAY)


async def test_attendance_completion_and_the_survey(store: Store) -> None:
    days = [SessionDay(MONDAY, DayMode.REMOTE), SessionDay(date(2026, 9, 16), DayMode.IN_PERSON)]
    async with store.uow() as uow:
        session = await commands.schedule_session(
            commands.ScheduleSession(kit.INTERVENIR, "FR-NAQ", days, 2, "Pau"), uow, HUB, TODAY
        )
    present, absent, waiting = kit.new_id(), kit.new_id(), kit.new_id()
    registrations = {}
    for conseiller_id in (present, absent, waiting):
        await kit.make_convened(store, conseiller_id)
        async with store.uow() as uow:
            registered = await commands.register(
                commands.Register(session.session_id, conseiller_id), uow, HUB, TODAY
            )
        registrations[conseiller_id] = registered.registration.registration_id

    async def attend(on: date, who: list[str], today: date) -> domain.AttendanceSheet:
        async with store.uow() as uow:
            return await commands.record_attendance(
                commands.RecordAttendance(session.session_id, on, who), uow, HUB, today
            )

    async def complete(today: date) -> domain.Completion:
        async with store.uow() as uow:
            return await commands.complete_session(
                commands.CompleteSession(session.session_id), uow, HUB, today
            )

    with pytest.raises(domain.DayNotReached):
        await attend(MONDAY, [present], TODAY)
    with pytest.raises(domain.DayNotInSession):
        await attend(date(2026, 9, 15), [present], date(2026, 9, 15))
    with pytest.raises(domain.NotRegistered):
        await attend(MONDAY, [waiting], MONDAY)  # waiting, no seat
    first = await attend(MONDAY, [absent], MONDAY)
    assert first.present == {registrations[absent]}
    corrected = await attend(MONDAY, [present, absent], MONDAY)  # recorded again: corrected
    assert corrected.present == {registrations[present], registrations[absent]}
    with pytest.raises(domain.SessionNotOver):
        await complete(MONDAY)
    with pytest.raises(domain.AttendanceMissing):
        await complete(date(2026, 9, 16))
    await attend(date(2026, 9, 16), [present], date(2026, 9, 16))
    async with store.uow() as uow:
        with pytest.raises(domain.SessionNotCompleted):
            await commands.evaluate_session(
                commands.EvaluateSession(
                    session.session_id, [Answer(Satisfaction.SATISFIED, Satisfaction.SATISFIED, 7)]
                ),
                uow,
                HUB,
            )
    completion = await complete(date(2026, 9, 17))
    statuses = {r.conseiller_id: r.status for r in completion.ended}
    assert statuses == {present: RegistrationStatus.COMPLETED, absent: RegistrationStatus.MISSED}
    assert [r.conseiller_id for r in completion.dropped] == [waiting]
    published = await kit.outbox(store)
    done = [p for a, p in published if a == "module.completed"]
    assert [(p["conseiller_id"], p["hours"], p["track"], p["completed_on"]) for p in done] == [
        (present, 14, "initial", "2026-09-16")
    ]
    answers = [
        Answer(Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, 8),
        Answer(Satisfaction.DISSATISFIED, Satisfaction.SATISFIED, 6),
    ]
    async with store.uow() as uow:
        evaluation = await commands.evaluate_session(
            commands.EvaluateSession(session.session_id, answers), uow, HUB
        )
    assert (evaluation.responses, evaluation.satisfied_resources_pct) == (2, 50.0)
    assert (evaluation.satisfied_overall_pct, evaluation.mean_self_rated_ability) == (100.0, 7.0)
    assert (await kit.outbox(store))[-1][0] == "session.evaluated"
    async with store.uow() as uow:
        with pytest.raises(domain.AlreadyEvaluated):
            await commands.evaluate_session(
                commands.EvaluateSession(session.session_id, answers), uow, HUB
            )
    async with store.uow() as uow:
        with pytest.raises(domain.SessionCompleted):
            await commands.cancel_session(
                commands.CancelSession(session.session_id, "too late"), uow, HUB, TODAY
            )


async def test_a_redelivered_event_changes_nothing(store: Store) -> None:
    conseiller_id = kit.new_id()
    event = kit.enrolled(conseiller_id, enrolment_id=kit.new_id())
    envelope = envelope_for(event, "FR-NAQ")
    assert await store.feed(event, envelope=envelope) is Outcome.PROCESSED
    assert await store.feed(event, envelope=envelope) is Outcome.DUPLICATE
    assert await store.feed(kit.enrolled(conseiller_id, region="FR-IDF"), region="FR-IDF") is (
        Outcome.OTHER_REGION
    )
    async with store.uow() as uow:
        conseiller = await uow.conseillers.get(conseiller_id)
    assert conseiller is not None and conseiller.region == "FR-NAQ"
