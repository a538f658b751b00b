"""The use cases and the store on real SQLite and PostgreSQL, migrated from an empty database:
commands, consumed events, and who may see what."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta

import pytest
from conum_contracts.decoding import decode_event
from conum_enrolment import domain, views
from conum_enrolment.app import SERVICE
from conum_enrolment.domain import (
    AttendanceDay,
    Employment,
    Person,
    Scheme,
    StructureKind,
    WithdrawalReason,
)
from conum_enrolment.handlers import commands
from conum_enrolment.handlers.events import on_path_assigned
from conum_enrolment.reference import ReferenceHolder
from conum_enrolment.store import EnrolmentUnitOfWork, metadata
from conum_enrolment.store.repositories import Listing
from conum_enrolment.testing import path_assigned, valid_siret
from conum_kernel.access import Caller, Role
from conum_kernel.refusals import WrongRegion
from conum_runtime.db import create_engine, session_factory
from conum_runtime.migrations import upgrade
from conum_runtime.tables import runtime_tables
from conum_runtime.testing.events import envelope_for
from conum_runtime.testing.services import migrated_schema_drift
from sqlalchemy import select

POLICY = domain.TrainingPolicy()
EVERYWHERE = Caller.everywhere()
DAY = date(2026, 3, 2)
NewUow = Callable[[], EnrolmentUnitOfWork]


@pytest.fixture
async def new_uow(database_url: str) -> AsyncIterator[NewUow]:
    engine = create_engine(database_url)
    await upgrade(engine, SERVICE.migrations, metadata)
    sessions = session_factory(engine)
    holder = ReferenceHolder()
    yield lambda: EnrolmentUnitOfWork(
        sessions,
        runtime_tables(metadata),
        "enrolment",
        reference=holder,
        policy=POLICY,
        publication=domain.Publication(),
    )
    await engine.dispose()


async def test_migrations_build_the_tables_of_the_models(database_url: str) -> None:
    assert await migrated_schema_drift(SERVICE, database_url) == []


async def register(new_uow: NewUow, seed: int = 1, department: str = "40") -> str:
    command = commands.RegisterStructure(
        valid_siret(seed), "Médiathèque", StructureKind.COLLECTIVITE, department
    )
    async with new_uow() as uow:
        return (await commands.register_structure(command, uow, EVERYWHERE)).structure_id


async def enrol(new_uow: NewUow, structure_id: str, n: int, scheme: Scheme) -> str:
    command = commands.EnrolConseiller(
        structure_id, scheme, Employment.RECRUITED, Person("Awa", "Diallo", f"awa{n}@example.org")
    )
    async with new_uow() as uow:
        enrolment = await commands.enrol_conseiller(command, uow, EVERYWHERE, DAY)
    return enrolment.conseiller_id


async def assign(new_uow: NewUow, conseiller_id: str, **overrides: object) -> None:
    event = path_assigned(conseiller_id, **overrides)  # type: ignore[arg-type]
    async with new_uow() as uow:
        await on_path_assigned(event, envelope_for(event, event.region), uow)
        await uow.commit()


async def outbox_events(new_uow: NewUow) -> list[object]:
    async with new_uow() as uow:
        outbox = runtime_tables(metadata).outbox
        statement = select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id)
        found = await uow.session.exec(statement)  # type: ignore[call-overload]
        return [decode_event(kind, payload.encode()) for kind, payload in found.all()]


async def current_enrolment_id(new_uow: NewUow, conseiller_id: str) -> str:
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
    assert enrolment is not None
    return enrolment.enrolment_id


async def withdraw(new_uow: NewUow, conseiller_id: str, on: date = date(2026, 3, 10)) -> None:
    async with new_uow() as uow:
        command = commands.WithdrawConseiller(conseiller_id, WithdrawalReason.LEFT_STRUCTURE)
        await commands.withdraw_conseiller(command, uow, EVERYWHERE, on)


async def outbox_types(new_uow: NewUow) -> list[str]:
    async with new_uow() as uow:
        outbox = runtime_tables(metadata).outbox
        statement = select(outbox.c.event_type).order_by(outbox.c.id)
        found = await uow.session.exec(statement)  # type: ignore[call-overload]
        return [row[0] for row in found.all()]


async def test_eight_waiting_2021_conseillers_form_one_cohort_in_the_store(
    new_uow: NewUow,
) -> None:
    structure_id = await register(new_uow)
    ids = [await enrol(new_uow, structure_id, n, Scheme.S2021) for n in range(9)]
    other_path = ids.pop()
    await assign(new_uow, other_path, path_hours=350)
    for conseiller_id in ids[:7]:
        await assign(new_uow, conseiller_id)
    assert "fr.conum.enrolment.cohort.formed.v2" not in await outbox_types(new_uow)
    await assign(new_uow, ids[7])
    types = await outbox_types(new_uow)
    assert types.count("fr.conum.enrolment.cohort.formed.v2") == 1
    assert types.count("fr.conum.enrolment.conseiller.training_started.v1") == 8
    async with new_uow() as uow:
        page = await uow.cohorts.list(
            Listing(), training_organisation_id=None, after=None, limit=10
        )
        assert len(page.items) == 1 and sorted(page.items[0].member_ids) == sorted(ids)
        waiting = await uow.enrolments.get(other_path)
        assert waiting is not None and waiting.state is domain.EnrolmentState.AWAITING_COHORT


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


async def test_every_event_of_an_enrolment_carries_its_id_and_a_withdrawal_its_reason_code(
    new_uow: NewUow,
) -> None:
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    enrolment_id = await current_enrolment_id(new_uow, conseiller_id)
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=70, weeks=5)
    async with new_uow() as uow:
        day = commands.RecordAttendance(conseiller_id, AttendanceDay(date(2026, 3, 9), False))
        await commands.record_attendance(day, uow, EVERYWHERE, date(2026, 3, 9))
    async with new_uow() as uow:
        command = commands.WithdrawConseiller(
            conseiller_id, WithdrawalReason.CHANGED_JOB, "joined a library"
        )
        await commands.withdraw_conseiller(command, uow, EVERYWHERE, date(2026, 3, 10))
    events = (await outbox_events(new_uow))[1:]  # after the structure's registration
    assert [type(e).__name__ for e in events] == [
        "ConseillerEnrolledV3",
        "TrainingStartedV1",
        "AttendanceBreachedV1",
        "ConseillerWithdrawnV1",
    ]
    assert {e.enrolment_id for e in events} == {enrolment_id}  # type: ignore[attr-defined]
    withdrawn = events[-1]
    assert (withdrawn.reason, withdrawn.reason_code, withdrawn.reason_detail) == (  # type: ignore[attr-defined]
        "changed_job",
        "changed_job",
        "joined a library",
    )


async def test_a_withdrawn_conseiller_may_enrol_again_from_scratch(new_uow: NewUow) -> None:
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=70, weeks=5)
    async with new_uow() as uow:
        await uow.attendance.record(conseiller_id, AttendanceDay(date(2026, 3, 9), False))
        await uow.commit()
    with pytest.raises(domain.AlreadyInOpenTraining):
        await enrol(new_uow, structure_id, 1, Scheme.S2024)
    first = await current_enrolment_id(new_uow, conseiller_id)
    await withdraw(new_uow, conseiller_id)
    assert await enrol(new_uow, structure_id, 1, Scheme.S2024) == conseiller_id
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
        assert enrolment is not None and enrolment.state is domain.EnrolmentState.ENROLLED
        assert enrolment.path is None and await uow.attendance.days_of(conseiller_id) == []
        assert enrolment.enrolment_id != first


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


# --- who may see what ------------------------------------------------------------------------

NAQ = frozenset({"FR-NAQ"})


async def test_a_bound_organisation_or_structure_neither_reads_nor_changes_anothers_learner(
    new_uow: NewUow,
) -> None:
    structure_id = await register(new_uow)
    other_structure = await register(new_uow, seed=2)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)  # trained by la-fabrik
    afpa = Caller(Role.TRAINING_ORGANISATION, NAQ, "afpa-simplon")
    fabrik = Caller(Role.TRAINING_ORGANISATION, NAQ, "la-fabrik")
    neighbour = Caller(Role.HOST_STRUCTURE, NAQ, other_structure)
    employer = Caller(Role.HOST_STRUCTURE, NAQ, structure_id)
    withdrawal = commands.WithdrawConseiller(conseiller_id, WithdrawalReason.LEFT_STRUCTURE)
    for stranger in (afpa, neighbour):
        async with new_uow() as uow:
            with pytest.raises(domain.UnknownEnrolment):
                await views.enrolment_view(uow, conseiller_id, stranger)
            with pytest.raises(domain.UnknownEnrolment):
                await commands.withdraw_conseiller(withdrawal, uow, stranger, DAY)
            page = await views.enrolments(
                uow,
                stranger,
                region=None,
                training_organisation=None,
                state=None,
                after=None,
                limit=10,
            )
            assert page.items == []
    async with new_uow() as uow:
        seen = await views.enrolment_view(uow, conseiller_id, fabrik)
        assert seen.person is not None and seen.person.email == "awa1@example.org"
        with pytest.raises(domain.StructureNotFound):
            await commands.structure_for(uow, structure_id, neighbour)
        assert (await commands.structure_for(uow, structure_id, employer)).siret == valid_siret(1)
        mine = await views.structures(uow, employer, region=None, after=None, limit=10)
        assert [s.structure_id for s in mine.items] == [structure_id]
    with pytest.raises(domain.UnknownStructure):  # named in a body: 422, not another's
        async with new_uow() as uow:
            command = commands.EnrolConseiller(
                structure_id, Scheme.S2024, Employment.RECRUITED, Person("A", "B", "ab@x.org")
            )
            await commands.enrol_conseiller(command, uow, neighbour, DAY)
    async with new_uow() as uow:
        withdrawn = await commands.withdraw_conseiller(withdrawal, uow, employer, DAY)
    assert withdrawn.state is domain.EnrolmentState.WITHDRAWN


async def test_another_regions_structure_does_not_exist_and_creating_there_is_forbidden(
    new_uow: NewUow,
) -> None:
    structure_id = await register(new_uow)
    ara = Caller(Role.HOST_STRUCTURE, frozenset({"FR-ARA"}))
    async with new_uow() as uow:
        with pytest.raises(domain.StructureNotFound):
            await commands.request_habilitation(
                commands.RequestHabilitation(
                    structure_id, domain.HabilitationScheme.AIDANTS_CONNECT
                ),
                uow,
                ara,
                DAY,
            )
    with pytest.raises(WrongRegion):
        async with new_uow() as uow:
            command = commands.RegisterStructure(
                valid_siret(3), "Mairie", StructureKind.COLLECTIVITE, "40"
            )
            await commands.register_structure(command, uow, ara)


async def test_a_bound_organisation_sees_its_own_cohorts_only(new_uow: NewUow) -> None:
    structure_id = await register(new_uow)
    ids = [await enrol(new_uow, structure_id, n, Scheme.S2021) for n in range(8)]
    for conseiller_id in ids:
        await assign(new_uow, conseiller_id)
    afpa = Caller(Role.TRAINING_ORGANISATION, NAQ, "afpa-simplon")
    fabrik = Caller(Role.TRAINING_ORGANISATION, NAQ, "la-fabrik")
    async with new_uow() as uow:
        [cohort] = (
            await views.cohorts(
                uow, afpa, region=None, training_organisation=None, after=None, limit=10
            )
        ).items
        none = await views.cohorts(
            uow, fabrik, region=None, training_organisation=None, after=None, limit=10
        )
        assert none.items == []
        with pytest.raises(domain.UnknownCohort):
            await commands.cohort_for(uow, cohort.cohort_id, fabrik)
    with pytest.raises(domain.UnknownCohort):
        async with new_uow() as uow:
            command = commands.DesignateReferent(cohort.cohort_id, ids[0])
            await commands.designate_referent(command, uow, fabrik, cohort.starts_on)
    with pytest.raises(domain.UnknownEnrolment):
        async with new_uow() as uow:
            day = commands.RecordAttendance(ids[0], AttendanceDay(cohort.starts_on, True))
            await commands.record_attendance(day, uow, fabrik, cohort.starts_on)
