"""Fixtures of the certification tests: a migrated store, consumed events, a real consumer."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from conum_certification import api
from conum_certification.app import MIGRATIONS
from conum_certification.routing import default_routing
from conum_certification.store import CertificationUnitOfWork, metadata
from conum_contracts import registry
from conum_contracts.base import EventModel
from conum_contracts.common import Organisation
from conum_contracts.decoding import decode_event, encode_event
from conum_contracts.enrolment import (
    ConseillerEnrolledV1,
    ConseillerPerson,
    ConseillerWithdrawnV1,
    TrainingCompletedV1,
    TrainingStartedV1,
)
from conum_contracts.envelope import Envelope, encode_headers, new_envelope
from conum_contracts.positioning import PathAssignedV1
from conum_runtime.consumer import EventConsumer, Outcome
from conum_runtime.db import create_engine, session_factory
from conum_runtime.deadletter import DeadLetters, ConsumedRecord
from conum_runtime.migrations import upgrade
from conum_runtime.tables import runtime_tables
from sqlalchemy import select

TRAINING_START = date(2026, 3, 16)


def new_id() -> str:
    return str(uuid.uuid4())


# --- consumed events (contract models, so every payload is valid) ---------------------


def enrolled(conseiller_id: str, *, region: str = "FR-NAQ", department: str = "16") -> EventModel:
    return ConseillerEnrolledV1(
        conseiller_id=conseiller_id,
        structure_id=new_id(),
        department=department,
        region=region,
        scheme="2024",
        training_organisation=Organisation(id="la-fabrik", name="La Fabrik"),
        employment="recruited",
        remote=False,
        enrolled_on=date(2026, 3, 2),
        person=ConseillerPerson(first_name="Awa", last_name="Diallo", email="awa@example.org"),
    )


def path_assigned(conseiller_id: str, *, region: str = "FR-NAQ") -> EventModel:
    return PathAssignedV1(
        conseiller_id=conseiller_id,
        region=region,
        scheme="2024",
        path_hours=175,
        weeks=10,
        alternance_days_per_week=1,
        rubric_version="v1",
        assigned_on=date(2026, 3, 9),
    )


def training_started(conseiller_id: str, starts_on: date = TRAINING_START) -> EventModel:
    return TrainingStartedV1(
        conseiller_id=conseiller_id,
        cohort_id=None,
        starts_on=starts_on,
        planned_end_on=starts_on + timedelta(weeks=10),
    )


def training_completed(conseiller_id: str) -> EventModel:
    return TrainingCompletedV1(
        conseiller_id=conseiller_id, hours_attended=175, completed_on=date(2026, 5, 22)
    )


def withdrawn(conseiller_id: str) -> EventModel:
    return ConseillerWithdrawnV1(
        conseiller_id=conseiller_id, reason="resigned", withdrawn_on=date(2026, 4, 1)
    )


def envelope_for(event: EventModel, region: str) -> Envelope:
    declared = registry.for_model(type(event))
    return new_envelope(
        type=declared.name,
        subject=str(getattr(event, declared.key_field)),
        region=region,
        service=declared.owner,
        dataschema=declared.dataschema,
        minorversion=declared.minorversion,
    )


def record_of(event: EventModel, envelope: Envelope, offset: int = 0) -> ConsumedRecord:
    return ConsumedRecord(
        topic=registry.for_model(type(event)).topic,
        partition=0,
        offset=offset,
        key=envelope.subject.encode(),
        value=encode_event(event),
        headers=tuple((k, v.encode()) for k, v in encode_headers(envelope).items()),
    )


# --- a migrated store and the service's real consumer on it ----------------------------


@dataclass
class Store:
    new_uow: Callable[[], CertificationUnitOfWork]
    consumer: EventConsumer
    dead_letters: list[dict[str, str]] = field(default_factory=list)

    async def feed(
        self, event: EventModel, *, region: str = "FR-NAQ", envelope: Envelope | None = None
    ) -> Outcome:
        """Deliver ``event`` as the Kafka consumer would (pass ``envelope`` to redeliver)."""
        envelope = envelope or envelope_for(event, region)
        return await self.consumer.handle(record_of(event, envelope))

    async def convenable(self, conseiller_id: str, *, region: str = "FR-NAQ") -> None:
        for event in (
            enrolled(conseiller_id, region=region),
            path_assigned(conseiller_id, region=region),
            training_started(conseiller_id),
        ):
            assert await self.feed(event, region=region) is Outcome.PROCESSED

    async def outbox(self) -> list[tuple[str, dict[str, Any]]]:
        """(type, payload) of every event written to the outbox, each checked by its contract."""
        async with self.new_uow() as uow:
            rows = (await uow.session.exec(select(runtime_tables(metadata).outbox))).all()
        found = []
        for row in sorted(rows, key=lambda r: r.id):
            decode_event(row.event_type, row.payload.encode())  # raises if off-contract
            found.append((row.event_type.split(".")[-2], json.loads(row.payload)))
        return found


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    await upgrade(engine, MIGRATIONS)
    sessions = session_factory(engine)
    tables = runtime_tables(metadata)

    def new_uow() -> CertificationUnitOfWork:
        return CertificationUnitOfWork(sessions, tables, "certification", routing=default_routing())

    letters: list[dict[str, str]] = []

    async def publish(
        _value: bytes, _topic: str, _key: bytes | None, headers: dict[str, str]
    ) -> None:
        letters.append(headers)

    consumer = EventConsumer(
        name="certification",
        region="national",
        handlers=api.EVENT_HANDLERS,
        new_uow=new_uow,
        dead_letters=DeadLetters("certification", publish),
    )
    yield Store(new_uow, consumer, letters)
    await engine.dispose()


async def publish_events(bootstrap: str, prefix: str, events: list[tuple[EventModel, str]]) -> None:
    """Produce consumed events to the real broker, as their producers would."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for event, region in events:
            envelope = envelope_for(event, region)
            await producer.send_and_wait(
                prefix + registry.for_model(type(event)).topic,
                encode_event(event),
                key=envelope.subject.encode(),
                headers=[(k, v.encode()) for k, v in encode_headers(envelope).items()],
            )
    finally:
        await producer.stop()


class Kit:
    """The helpers above, for test modules (conftest is not importable with importlib)."""

    new_id = staticmethod(new_id)
    enrolled = staticmethod(enrolled)
    path_assigned = staticmethod(path_assigned)
    training_started = staticmethod(training_started)
    training_completed = staticmethod(training_completed)
    withdrawn = staticmethod(withdrawn)
    envelope_for = staticmethod(envelope_for)
    publish_events = staticmethod(publish_events)
    TRAINING_START = TRAINING_START


@pytest.fixture
def kit() -> type[Kit]:
    return Kit
