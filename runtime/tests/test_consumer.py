"""The consumer's decisions, on a real SQLite store; the dead-letter port is recorded."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from conum_contracts.envelope import Envelope, encode_headers, new_envelope
from conum_contracts.examples import example_payload
from conum_contracts.positioning import TestScheduledV1
from conum_runtime.consumer import EventConsumer, Outcome
from conum_runtime.db import create_engine, session_factory
from conum_runtime.deadletter import REASON, ConsumedRecord, DeadLetters
from conum_runtime.tables import runtime_tables
from conum_runtime.uow import UnitOfWork
from sqlalchemy import MetaData, select
from sqlalchemy.exc import OperationalError

TYPE = "fr.conum.positioning.test.scheduled.v1"


class RecordedDeadLetters:
    def __init__(self) -> None:
        self.sent: list[tuple[bytes, str, dict[str, str]]] = []

    async def publish(
        self, value: bytes, topic: str, key: bytes | None, headers: dict[str, str]
    ) -> None:
        self.sent.append((value, topic, headers))


def record(payload: dict[str, Any], region: str = "FR-NAQ", type_: str = TYPE) -> ConsumedRecord:
    envelope = new_envelope(
        type=type_,
        subject=str(payload.get("conseiller_id", "x")),
        region=region,
        service="positioning",
        dataschema="urn:test",
        minorversion=0,
    )
    return ConsumedRecord(
        topic="conum.positioning.conseiller",
        partition=0,
        offset=7,
        key=b"k",
        value=json.dumps(payload).encode(),
        headers=tuple((k, v.encode()) for k, v in encode_headers(envelope).items()),
    )


@pytest.fixture
async def store(tmp_path: Path) -> Any:
    metadata = MetaData()
    tables = runtime_tables(metadata)
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/consumer.db")
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield session_factory(engine), tables
    await engine.dispose()


def consumer_for(
    store: Any, handler: Any, region: str = "national"
) -> tuple[EventConsumer, RecordedDeadLetters]:
    sessions, tables = store
    dead = RecordedDeadLetters()
    consumer = EventConsumer(
        name="test-consumer",
        region=region,
        handlers={TestScheduledV1: handler},
        new_uow=lambda: UnitOfWork(sessions, tables, "test"),
        dead_letters=DeadLetters("test", dead.publish),
    )
    return consumer, dead


async def inbox_size(store: Any) -> int:
    sessions, tables = store
    async with sessions() as session:
        return len((await session.exec(select(tables.inbox))).all())


async def test_a_transient_failure_is_retried_not_dead_lettered(store: Any) -> None:
    attempts: list[str] = []

    async def flaky(event: TestScheduledV1, envelope: Envelope, uow: UnitOfWork) -> None:
        attempts.append(event.conseiller_id)
        if len(attempts) < 3:
            raise OperationalError("insert", {}, ConnectionRefusedError("database is down"))

    consumer, dead = consumer_for(store, flaky)
    outcome = await consumer.handle(record(example_payload(TYPE)))
    assert outcome is Outcome.PROCESSED
    assert len(attempts) == 3
    assert dead.sent == []
    assert await inbox_size(store) == 1


async def test_a_failing_handler_is_dead_lettered_with_its_reason(store: Any) -> None:
    async def refuses(event: TestScheduledV1, envelope: Envelope, uow: UnitOfWork) -> None:
        raise ValueError("no such conseiller")

    consumer, dead = consumer_for(store, refuses)
    outcome = await consumer.handle(record(example_payload(TYPE)))
    assert outcome is Outcome.DEAD_LETTERED
    ((_, topic, headers),) = dead.sent
    assert topic == "conum.dlq.test"
    assert headers[REASON] == "handler failed: ValueError: no such conseiller"
    assert await inbox_size(store) == 0  # nothing of the failed attempt stayed


async def test_a_redelivered_event_is_applied_once(store: Any) -> None:
    applied: list[str] = []

    async def counts(event: TestScheduledV1, envelope: Envelope, uow: UnitOfWork) -> None:
        applied.append(envelope.id)

    consumer, _ = consumer_for(store, counts)
    same = record(example_payload(TYPE))
    assert await consumer.handle(same) is Outcome.PROCESSED
    assert await consumer.handle(same) is Outcome.DUPLICATE
    assert len(applied) == 1


async def test_unhandled_types_and_other_regions_are_skipped(store: Any) -> None:
    async def never(event: TestScheduledV1, envelope: Envelope, uow: UnitOfWork) -> None:
        raise AssertionError("must not run")

    consumer, dead = consumer_for(store, never, region="FR-NAQ")
    other = record(example_payload(TYPE), region="FR-IDF")
    completed = "fr.conum.positioning.test.completed.v1"
    unhandled = record(example_payload(completed), type_=completed)
    assert await consumer.handle(other) is Outcome.OTHER_REGION
    assert await consumer.handle(unhandled) is Outcome.NOT_HANDLED
    assert dead.sent == []


async def test_a_corsican_instance_applies_events_of_either_corsican_code(store: Any) -> None:
    applied: list[str] = []

    async def keeps(event: TestScheduledV1, envelope: Envelope, uow: UnitOfWork) -> None:
        applied.append(envelope.region)

    consumer, dead = consumer_for(store, keeps, region="FR-20R")
    for region in ("FR-COR", "FR-20R"):  # an earlier major's code, then the current one
        corsican = record(
            example_payload(TYPE) | {"conseiller_id": str(uuid.uuid4())}, region=region
        )
        assert await consumer.handle(corsican) is Outcome.PROCESSED
    assert await consumer.handle(record(example_payload(TYPE), region="FR-PAC")) is (
        Outcome.OTHER_REGION
    )
    assert applied == ["FR-COR", "FR-20R"] and dead.sent == []


async def test_an_event_emitted_while_handling_carries_the_cause(store: Any) -> None:
    sessions, tables = store

    async def re_emits(event: TestScheduledV1, envelope: Envelope, uow: UnitOfWork) -> None:
        uow.emit(event, region="FR-NAQ")

    consumer, _ = consumer_for(store, re_emits)
    incoming = record(example_payload(TYPE) | {"conseiller_id": str(uuid.uuid4())})
    assert await consumer.handle(incoming) is Outcome.PROCESSED
    cause = dict((k, v.decode()) for k, v in incoming.headers)
    async with sessions() as session:
        (row,) = (await session.exec(select(tables.outbox))).all()
    headers = json.loads(row.headers)
    assert headers["ce_causationid"] == cause["ce_id"]
    assert headers["ce_correlationid"] == cause["ce_correlationid"]


async def test_a_batch_is_announced_to_its_unit_of_work_without_the_events_applied_before(
    store: Any,
) -> None:
    sessions, tables = store
    announced: list[list[str]] = []

    class Announced(UnitOfWork):
        async def prefetch(self, events: Any) -> None:
            announced.append([event.conseiller_id for event in events])

    async def queues(event: TestScheduledV1, envelope: Envelope, uow: UnitOfWork) -> None:
        uow.statements.insert_at_commit(
            tables.inbox,
            {  # any table: a row written at commit
                "consumer": "queued",
                "event_id": envelope.id,
                "event_type": envelope.type,
                "processed_at": envelope.time,
            },
        )

    consumer = EventConsumer(
        name="test-consumer",
        region="national",
        handlers={TestScheduledV1: queues},
        new_uow=lambda: Announced(sessions, tables, "test"),
        dead_letters=DeadLetters("test", RecordedDeadLetters().publish),
    )
    earlier, first, second = (
        record({**example_payload(TYPE), "conseiller_id": str(uuid.uuid4())}) for _ in range(3)
    )
    assert await consumer.handle(earlier) is Outcome.PROCESSED
    outcomes = await consumer.handle_batch([first, earlier, second])
    assert outcomes == [Outcome.PROCESSED, Outcome.DUPLICATE, Outcome.PROCESSED]
    ids = [json.loads(r.value)["conseiller_id"] for r in (earlier, first, second)]
    assert announced == [[ids[0]], [ids[1], ids[2]]]
    assert await inbox_size(store) == 6  # three events, each with the row its handler queued
