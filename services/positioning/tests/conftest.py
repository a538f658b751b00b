"""Fixtures and helpers of the positioning tests: enrolment events sent to the real broker,
the service over HTTP, a migrated store, positionings of the domain."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import Any

import httpx
import pytest
from conum_contracts.base import EventModel
from conum_contracts.decoding import decode_event
from conum_contracts.envelope import Envelope
from conum_kernel.access import Caller, Role
from conum_positioning import domain
from conum_positioning.app import SERVICE, create_app
from conum_positioning.domain import (
    EnrolmentFacts,
    RubricBook,
    SchedulingPolicy,
    Scores,
    Withdrawal,
    schedule_positioning,
)
from conum_positioning.handlers import commands
from conum_positioning.handlers import events as handlers
from conum_positioning.reference import load_rubrics
from conum_positioning.store import PositioningUnitOfWork, metadata
from conum_positioning.testing import FIRST, enrolled, withdrawn
from conum_runtime.auth import digest
from conum_runtime.db import create_engine, session_factory
from conum_runtime.migrations import upgrade
from conum_runtime.settings import ServiceSettings
from conum_runtime.tables import runtime_tables
from conum_runtime.testing.events import envelope_for, publish_events
from conum_runtime.testing.events import envelope_for as envelope_of
from conum_runtime.testing.harness import bearer, eventually, running
from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import select

Send = Callable[[EventModel, Envelope], Awaitable[None]]


@pytest.fixture
async def send(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[Send]:
    """Write an event to its topic, as its producer would."""

    async def _send(event: EventModel, envelope: Envelope) -> None:
        await publish_events(kafka_bootstrap, topic_prefix, [(event, envelope)])

    yield _send


ENROLLED_ON = date(2026, 3, 2)


DAY = date(2026, 3, 12)


RUBRIC = load_rubrics().in_force(DAY)


FACTS = EnrolmentFacts("FR-NAQ", "2024", "structure-1", "la-fabrik")


def scheduled(withdrawal: Withdrawal | None = None) -> domain.Positioning:
    return schedule_positioning(
        conseiller_id="c-1",
        enrolment=FACTS,
        enrolled_on=ENROLLED_ON,
        policy=SchedulingPolicy(test_delay_days=7, interview_delay_days=1),
        earlier_withdrawal=withdrawal,
    )


SOLID = Scores(75, 80)


def completed(scores: Scores = SOLID) -> domain.Positioning:
    positioning = scheduled()
    positioning.record_result(
        result_id="r-1",
        scores=scores,
        interview_note="motivated",
        rubric=RUBRIC,
        today=DAY,
        by="training_organisation",
    )
    return positioning


NOTE = "Très à l'aise à l'oral, note-secrète-42"


STRUCTURE_ID = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"  # the example enrolment's structure


TOKENS = json.dumps(
    [
        {"sha256": digest(token), "role": role, "region": region, "actor_id": actor_id}
        for token, role, region, actor_id in [
            ("org-naq", "training_organisation", "FR-NAQ", ""),
            ("org-occ", "training_organisation", "FR-OCC", ""),
            ("org-national", "training_organisation", "national", ""),
            ("pop-school", "training_organisation", "FR-NAQ", "pop-school"),
            ("structure-naq", "host_structure", "FR-NAQ", ""),
            ("other-structure", "host_structure", "FR-NAQ", "11111111-2222-4333-8444-555555555555"),
            ("hub-naq", "regional_hub", "FR-NAQ", ""),
            ("coordinator", "national_coordinator", "national", ""),
        ]
    ]
)


def settings(database_url: str, bootstrap: str, prefix: str, region: str = "national") -> Any:
    return ServiceSettings(
        database_url=database_url,
        kafka_bootstrap_servers=bootstrap,
        topic_prefix=prefix,
        tokens=TOKENS,
        relay_poll_interval=0.05,
        region=region,
    )


@pytest.fixture
def spans() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def app(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str, spans: InMemorySpanExporter
) -> FastAPI:
    return create_app(
        settings(sqlite_url, kafka_bootstrap, topic_prefix),
        span_processors=(SimpleSpanProcessor(spans),),
        clock=lambda: DAY,
    )


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with running(app) as client:
        yield client


async def enrol(client: httpx.AsyncClient, send: Send, conseiller_id: str, **fields: Any) -> None:
    event = enrolled(conseiller_id, **fields)
    await send(event, envelope_of(event, event.region))
    await known(client, conseiller_id)


async def known(client: httpx.AsyncClient, conseiller_id: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        answer = await client.get(f"/positionings/{conseiller_id}", headers=bearer("coordinator"))
        return answer.json() if answer.status_code == 200 else None

    return await eventually(probe)


def result_body(digital: int = 72, support: int = 70) -> dict[str, Any]:
    return {"digital_score": digital, "support_score": support, "interview_note": NOTE}


POLICY = SchedulingPolicy(test_delay_days=3)


RUBRICS = load_rubrics()


ORGANISATION = Caller(Role.TRAINING_ORGANISATION, frozenset({"FR-NAQ"}))


STRUCTURE = Caller(Role.HOST_STRUCTURE, frozenset({"FR-NAQ"}))


NewUow = Callable[..., PositioningUnitOfWork]


@pytest.fixture
async def new_uow(database_url: str) -> AsyncIterator[NewUow]:
    engine = create_engine(database_url)
    await upgrade(engine, SERVICE.migrations, metadata)
    sessions = session_factory(engine)

    def new(rubrics: RubricBook = RUBRICS) -> PositioningUnitOfWork:
        return PositioningUnitOfWork(
            sessions, runtime_tables(metadata), "positioning", scheduling=POLICY, rubrics=rubrics
        )

    yield new
    await engine.dispose()


async def apply_enrolled(new_uow: NewUow, conseiller_id: str, **fields: object) -> list[EventModel]:
    event = enrolled(conseiller_id, **fields)  # type: ignore[arg-type]
    async with new_uow() as uow:
        await handlers.on_conseiller_enrolled(event, envelope_for(event, "FR-NAQ"), uow)
        emitted = [item.event for item in uow.emitted]
        await uow.commit()
    return emitted


async def apply_withdrawn(
    new_uow: NewUow, conseiller_id: str, on: date, enrolment_id: str | None = FIRST
) -> None:
    event = withdrawn(conseiller_id, on, enrolment_id=enrolment_id)
    async with new_uow() as uow:
        await handlers.on_conseiller_withdrawn(event, envelope_for(event, "FR-NAQ"), uow)
        await uow.commit()


async def outbox(new_uow: NewUow) -> list[object]:
    async with new_uow() as uow:
        table = runtime_tables(metadata).outbox
        rows = (await uow.session.exec(select(table).order_by(table.c.id))).all()  # type: ignore[call-overload]
    return [decode_event(row.event_type, row.payload.encode()) for row in rows]


async def record(new_uow: NewUow, conseiller_id: str, digital: int, support: int) -> object:
    command = commands.RecordResult(conseiller_id, digital, support, "steady, curious")
    async with new_uow() as uow:
        return await commands.record_result(command, uow, ORGANISATION, DAY)
