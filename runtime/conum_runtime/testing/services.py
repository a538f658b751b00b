"""A service's store and consumer for tests, its settings, and its clock.

Nothing here runs in a service.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from conum_contracts.base import EventModel
from conum_contracts.envelope import Envelope
from sqlalchemy import Table, select

from conum_runtime.app import ServiceDefinition
from conum_runtime.consumer import EventConsumer, Outcome
from conum_runtime.db import create_engine, session_factory
from conum_runtime.deadletter import ConsumedRecord, DeadLetters
from conum_runtime.migrations import upgrade
from conum_runtime.settings import ServiceSettings
from conum_runtime.tables import runtime_tables
from conum_runtime.testing.events import envelope_for, record_of, validated
from conum_runtime.testing.harness import schema_drift
from conum_runtime.uow import UnitOfWork

U = TypeVar("U", bound=UnitOfWork)
T = TypeVar("T")


@dataclass
class SettableClock:
    """A clock tests move by hand."""

    today: date

    def __call__(self) -> date:
        return self.today


def service_settings(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, tokens: str, **extra: Any
) -> ServiceSettings:
    """Settings of a service instance under test (a fast relay)."""
    return ServiceSettings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=topic_prefix,
        tokens=tokens,
        relay_poll_interval=0.05,
        **extra,
    )


@dataclass
class ConsumingStore(Generic[U]):
    """A migrated store and the service's real consumer on it; dead letters are kept here."""

    new_uow: Callable[[], U]
    outbox: Table
    consumer: EventConsumer = field(init=False)
    dead_letters: list[dict[str, str]] = field(default_factory=list)
    _opened: list[U] | None = field(default=None, init=False)

    def uow(self) -> U:
        return self.new_uow()

    def consumer_uow(self) -> U:
        """The consumer's unit-of-work factory: :meth:`uow`, counted when asked."""
        unit = self.new_uow()
        if self._opened is not None:
            self._opened.append(unit)
        return unit

    async def feed(
        self, event: EventModel, *, region: str = "FR-NAQ", envelope: Envelope | None = None
    ) -> Outcome:
        """Deliver ``event`` as the Kafka consumer would (pass ``envelope`` to redeliver)."""
        envelope = envelope or envelope_for(event, region)
        return await self.consumer.handle(record_of(event, envelope))

    async def published(self) -> list[tuple[str, dict[str, Any]]]:
        """(type, payload) of every event in the outbox, in order, each payload validated by
        its contract's latest snapshot."""
        async with self.new_uow() as uow:
            connection = await uow.session.connection()
            rows = await connection.execute(select(self.outbox).order_by(self.outbox.c.id))
        found = []
        for row in rows:
            validated(row.event_type, row.payload.encode())
            found.append((row.event_type, json.loads(row.payload)))
        return found

    def count_units_of_work(self) -> list[U]:
        """The units of work the consumer opens from now on (one per applied batch, unless
        a batch falls back to one event at a time)."""
        self._opened = []
        return self._opened


@asynccontextmanager
async def consuming_store(
    definition: ServiceDefinition[U],
    database_url: str,
    context: Mapping[str, Any] | None = None,
    region: str = "national",
) -> AsyncIterator[ConsumingStore[U]]:
    """The service's store, migrated, with its consumer as the host wires it."""
    engine = create_engine(database_url)
    await upgrade(engine, definition.migrations, definition.metadata)
    sessions = session_factory(engine)
    tables = runtime_tables(definition.metadata)

    def new_uow() -> U:
        return definition.unit_of_work(sessions, tables, definition.name, **(context or {}))

    store = ConsumingStore(new_uow, tables.outbox)

    async def keep(_value: bytes, _topic: str, _key: bytes | None, headers: dict[str, str]) -> None:
        store.dead_letters.append(headers)

    store.consumer = EventConsumer(
        name=definition.name,
        region=region,
        handlers=definition.consumed,
        new_uow=store.consumer_uow,
        dead_letters=DeadLetters(definition.name, keep),
    )
    try:
        yield store
    finally:
        await engine.dispose()


async def applied_both_ways(
    definition: ServiceDefinition[U],
    urls: tuple[str, str],
    records: Sequence[ConsumedRecord],
    state: Callable[[ConsumingStore[U]], Awaitable[T]],
    context: Mapping[str, Any] | None = None,
    region: str = "national",
) -> tuple[T, T]:
    """``state`` of a store that applied ``records`` as one batch (the first one delivered
    again at its end), and of another (``urls[1]``) that applied them one at a time. The
    batch must take one transaction and process each record once (the redelivery a
    duplicate); each record alone must be processed."""
    batched_url, alone_url = urls
    async with consuming_store(definition, batched_url, context, region) as batched:
        opened = batched.count_units_of_work()
        outcomes = await batched.consumer.handle_batch([*records, records[0]])
        assert len(opened) == 1, "the batch fell back to one event at a time"
        assert outcomes == [Outcome.PROCESSED] * len(records) + [Outcome.DUPLICATE], outcomes
        in_one_batch = await state(batched)
    async with consuming_store(definition, alone_url, context, region) as alone:
        for record in records:
            assert await alone.consumer.handle(record) is Outcome.PROCESSED
        one_at_a_time = await state(alone)
    return in_one_batch, one_at_a_time


async def migrated_schema_drift(
    definition: ServiceDefinition[Any], database_url: str
) -> list[object]:
    """Differences between the service's migrated database and its tables (empty: none)."""
    engine = create_engine(database_url)
    try:
        await upgrade(engine, definition.migrations, definition.metadata)
        return await schema_drift(engine, definition.metadata)
    finally:
        await engine.dispose()
