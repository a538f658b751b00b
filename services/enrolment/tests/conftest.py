"""Fixtures and helpers of the enrolment service's tests: the service over a real broker, a
migrated store and its use cases, the domain's structures and enrolments."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from conum_contracts.decoding import decode_event
from conum_enrolment import domain
from conum_enrolment.app import SERVICE, create_app
from conum_enrolment.domain import (
    Employment,
    Enrolment,
    EnrolmentState,
    Person,
    Scheme,
    Structure,
    StructureKind,
    TrainingPath,
    WithdrawalReason,
)
from conum_enrolment.handlers import commands
from conum_enrolment.handlers.events import on_path_assigned
from conum_enrolment.reference import ReferenceHolder, load_reference
from conum_enrolment.store import EnrolmentUnitOfWork, metadata
from conum_enrolment.testing import path_assigned, valid_siret
from conum_kernel.access import Caller
from conum_kernel.territory import territory
from conum_runtime.auth import TokenBook
from conum_runtime.db import create_engine, session_factory
from conum_runtime.migrations import upgrade
from conum_runtime.tables import runtime_tables
from conum_runtime.testing.events import envelope_for
from conum_runtime.testing.harness import bearer, tokens_json
from conum_runtime.testing.services import SettableClock, service_settings
from fastapi import FastAPI
from sqlalchemy import select

TOKEN_ENTRIES: tuple[tuple[str, ...], ...] = (
    ("structure-naq", "host_structure", "FR-NAQ"),
    ("structure-ara", "host_structure", "FR-ARA"),
    ("organisation-naq", "training_organisation", "FR-NAQ"),
    ("fabrik-naq", "training_organisation", "FR-NAQ", "la-fabrik"),
    ("afpa-naq", "training_organisation", "FR-NAQ", "afpa-simplon"),
    ("hub-naq", "regional_hub", "FR-NAQ"),
    ("certifier-naq", "certifier", "FR-NAQ"),
    ("national", "national_coordinator", "national"),
    ("operator", "operator", "national"),
    ("notifier", "notifier", "national"),
    ("notifier-idf", "notifier", "FR-IDF"),
)


AppFactory = Callable[..., FastAPI]


def bind_structure_token(app: FastAPI, token: str, structure_id: str) -> None:
    """Give ``app`` one more token: a host structure of FR-NAQ bound to ``structure_id`` (a
    structure's id is only known once it is registered)."""
    entries = (*TOKEN_ENTRIES, (token, "host_structure", "FR-NAQ", structure_id))
    app.state.token_book = TokenBook.from_json(tokens_json(*entries))


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(date(2026, 3, 2))


@pytest.fixture
def make_app(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, clock: SettableClock
) -> AppFactory:
    """``make_app(database_url=None, region="national")``: the service, not yet started."""

    def make(database_url: str | None = None, region: str = "national") -> FastAPI:
        settings = service_settings(
            database_url or f"sqlite+aiosqlite:///{tmp_path}/enrolment-{region}.db",
            kafka_bootstrap,
            topic_prefix,
            tokens_json(*TOKEN_ENTRIES),
            region=region,
        )
        return create_app(settings, clock=clock)

    return make


def structure_body(seed: int = 1, department: str = "40", **extra: Any) -> dict[str, Any]:
    body = {"siret": valid_siret(seed), "name": "Médiathèque", "kind": "association"}
    return body | {"department": department} | extra


def enrolment_body(structure_id: str, n: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "structure_id": structure_id,
        "scheme": "2024",
        "employment": "recruited",
        "person": {"first_name": "Awa", "last_name": "Diallo", "email": f"awa{n}@example.org"},
    } | extra


async def new_structure(client: httpx.AsyncClient, token: str, **body: Any) -> str:
    answer = await client.post("/structures", json=structure_body(**body), headers=bearer(token))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["structure_id"])


POLICY = domain.TrainingPolicy()


EVERYWHERE = Caller.everywhere()


DAY = date(2026, 3, 2)


NewUow = Callable[[], EnrolmentUnitOfWork]


def uow_factory(database_url: str) -> Callable[[domain.Publication], AsyncIterator[NewUow]]:
    """A migrated store's units of work, publishing as ``publication`` says."""

    async def make(publication: domain.Publication) -> AsyncIterator[NewUow]:
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
            publication=publication,
        )
        await engine.dispose()

    return make


@pytest.fixture
async def new_uow(database_url: str) -> AsyncIterator[NewUow]:
    async for made in uow_factory(database_url)(domain.Publication()):
        yield made


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


REFERENCE = load_reference()


MONDAY = date(2026, 3, 9)


def structure(department: str = "40") -> Structure:
    return Structure(
        "s-1",
        valid_siret(1),
        "Mairie",
        StructureKind.COLLECTIVITE,
        territory().departments[department],
    )


def enrolment(
    conseiller_id: str = "c-1",
    *,
    scheme: Scheme = Scheme.S2024,
    department: str = "40",
    remote: bool = False,
) -> Enrolment:
    return domain.enrol(
        conseiller_id=conseiller_id,
        enrolment_id=f"e-{conseiller_id}",
        structure=structure(department),
        scheme=scheme,
        employment=Employment.RECRUITED,
        remote=remote,
        remote_reason="handicap incompatible with travel" if remote else None,
        open_enrolment=None,
        routing=REFERENCE.routing[scheme.value],
        today=date(2026, 3, 2),
    )


def in_training(hours: int = 70, weeks: int = 5, alternance: int = 1) -> Enrolment:
    learner = enrolment()
    learner.assign_path(TrainingPath(hours, weeks, alternance, MONDAY - timedelta(days=5)), POLICY)
    assert learner.starts_on == MONDAY
    return learner


def waiting(count: int, hours: int = 280) -> list[Enrolment]:
    learners = [enrolment(f"c-{n}", scheme=Scheme.S2021) for n in range(count)]
    for learner in learners:
        learner.assign_path(TrainingPath(hours, 16, 1, date(2026, 3, 4)), POLICY)
        assert learner.state is EnrolmentState.AWAITING_COHORT
    return learners
