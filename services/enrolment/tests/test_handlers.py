"""The store and the handlers on real SQLite and PostgreSQL, migrated from an empty database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date

import pytest
from conum_enrolment import domain, handlers
from conum_enrolment.app import MIGRATIONS
from conum_enrolment.domain import AttendanceDay, Employment, Scheme, StructureKind
from conum_enrolment.reference import ReferenceHolder
from conum_enrolment.repositories import Person
from conum_enrolment.store import EnrolmentUnitOfWork, metadata
from conum_enrolment.testing import envelope_for, path_assigned, valid_siret
from conum_enrolment.training_handlers import on_path_assigned
from conum_runtime.db import create_engine, session_factory
from conum_runtime.migrations import upgrade
from conum_runtime.tables import runtime_tables
from conum_runtime.testing.harness import schema_drift
from sqlalchemy import select

POLICY = domain.TrainingPolicy()
EVERYWHERE = domain.EVERY_REGION
NewUow = Callable[[], EnrolmentUnitOfWork]


@pytest.fixture
async def new_uow(database_url: str) -> AsyncIterator[NewUow]:
    engine = create_engine(database_url)
    await upgrade(engine, MIGRATIONS)
    sessions = session_factory(engine)
    holder = ReferenceHolder()
    yield lambda: EnrolmentUnitOfWork(
        sessions, runtime_tables(metadata), "enrolment", reference=holder
    )
    await engine.dispose()


async def test_migrations_build_the_tables_of_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    await upgrade(engine, MIGRATIONS)
    assert await schema_drift(engine, metadata) == []
    await engine.dispose()


async def register(new_uow: NewUow, seed: int = 1, department: str = "40") -> str:
    command = handlers.RegisterStructure(
        valid_siret(seed), "Médiathèque", StructureKind.COLLECTIVITE, department
    )
    async with new_uow() as uow:
        return (await handlers.register_structure(command, uow, EVERYWHERE)).structure_id


async def enrol(new_uow: NewUow, structure_id: str, n: int, scheme: Scheme) -> str:
    command = handlers.EnrolConseiller(
        structure_id, scheme, Employment.RECRUITED, Person("Awa", "Diallo", f"awa{n}@example.org")
    )
    async with new_uow() as uow:
        enrolment = await handlers.enrol_conseiller(command, uow, EVERYWHERE, date(2026, 3, 2))
    return enrolment.conseiller_id


async def assign(new_uow: NewUow, conseiller_id: str, **overrides: object) -> None:
    event = path_assigned(conseiller_id, **overrides)  # type: ignore[arg-type]
    async with new_uow() as uow:
        await on_path_assigned(event, envelope_for(event, event.region), uow, POLICY)
        await uow.commit()


async def outbox_types(new_uow: NewUow) -> list[str]:
    async with new_uow() as uow:
        outbox = runtime_tables(metadata).outbox
        found = await uow.session.exec(select(outbox.c.event_type).order_by(outbox.c.id))
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
    assert "fr.conum.enrolment.cohort.formed.v1" not in await outbox_types(new_uow)
    await assign(new_uow, ids[7])
    types = await outbox_types(new_uow)
    assert types.count("fr.conum.enrolment.cohort.formed.v1") == 1
    assert types.count("fr.conum.enrolment.conseiller.training_started.v1") == 8
    async with new_uow() as uow:
        page = await uow.cohorts.list(
            regions=None, training_organisation_id=None, after=None, limit=10
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


async def test_a_second_path_for_a_conseiller_in_training_is_ignored(new_uow: NewUow) -> None:
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=70, weeks=5)
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=315, weeks=15)
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
        assert enrolment is not None and enrolment.path is not None
        assert enrolment.path.hours == 70
        assert await uow.ignored_events.reasons_for(conseiller_id) == ["enrolment_in_training"]


async def test_a_withdrawn_conseiller_may_enrol_again_from_scratch(new_uow: NewUow) -> None:
    structure_id = await register(new_uow)
    conseiller_id = await enrol(new_uow, structure_id, 1, Scheme.S2024)
    await assign(new_uow, conseiller_id, scheme="2024", path_hours=70, weeks=5)
    async with new_uow() as uow:
        await uow.attendance.record(conseiller_id, AttendanceDay(date(2026, 3, 9), False))
        await uow.commit()
    with pytest.raises(domain.AlreadyInOpenTraining):
        await enrol(new_uow, structure_id, 1, Scheme.S2024)
    async with new_uow() as uow:
        command = handlers.WithdrawConseiller(conseiller_id, "resigned_from_structure")
        await handlers.withdraw_conseiller(command, uow, EVERYWHERE, date(2026, 3, 10))
    assert await enrol(new_uow, structure_id, 1, Scheme.S2024) == conseiller_id
    async with new_uow() as uow:
        enrolment = await uow.enrolments.get(conseiller_id)
        assert enrolment is not None and enrolment.state is domain.EnrolmentState.ENROLLED
        assert enrolment.path is None and await uow.attendance.days_of(conseiller_id) == []
