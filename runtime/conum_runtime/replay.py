"""Rebuild a service's projection from the start of its topics, into a fresh store.

:func:`rebuild` reads every partition of the topics the service consumes from offset 0 up to
the end offsets seen when it starts (no consumer group: nothing is committed, the live
instance is not disturbed), and hands each record to the service's own consumer
(:class:`~conum_runtime.consumer.EventConsumer`: contracts, inbox, handlers) on a store
migrated for the occasion. Records the live instance dead-lettered are counted, not published
again. The result can then be compared with the live store, or take its place.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer
from sqlalchemy import func
from sqlmodel import select

from conum_runtime.app import ServiceDefinition
from conum_runtime.consumer import EventConsumer, Outcome
from conum_runtime.db import create_engine, session_factory
from conum_runtime.deadletter import ConsumedRecord, DeadLetters
from conum_runtime.kafka_connection import KafkaConnection
from conum_runtime.migrations import upgrade
from conum_runtime.offsets import existing_partitions
from conum_runtime.settings import ServiceSettings
from conum_runtime.tables import runtime_tables


class StoreNotEmpty(RuntimeError):
    """A rebuild goes into a fresh store only."""


@dataclass
class RebuildReport:
    records: int = 0
    seconds: float = 0.0
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    end_offsets: dict[tuple[str, int], int] = field(default_factory=dict)
    """Where each partition ended when the rebuild started: it read up to there."""

    @property
    def per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


async def rebuild(
    definition: ServiceDefinition[Any],
    settings: ServiceSettings,
    database_url: str,
    *,
    context: Mapping[str, Any] | None = None,
    poll_ms: int = 500,
) -> RebuildReport:
    """Apply every record of the service's topics, from the start to today's end, to the
    fresh store at ``database_url``; :class:`StoreNotEmpty` if it has applied events."""
    engine = create_engine(database_url)
    try:
        await upgrade(engine, definition.migrations, definition.metadata)
        tables = runtime_tables(definition.metadata)
        sessions = session_factory(engine)
        async with sessions() as session:
            applied = (await session.exec(select(func.count()).select_from(tables.inbox))).one()
        if applied:
            raise StoreNotEmpty(f"the store already holds {applied} applied events")

        def new_uow() -> Any:
            return definition.unit_of_work(sessions, tables, definition.name, **(context or {}))

        async def counted(*_: object) -> None:
            """Dead letters of a rebuild are counted, never published again."""

        consumer = EventConsumer(
            name=definition.name,
            region=settings.region,
            handlers=definition.consumed,
            new_uow=new_uow,
            dead_letters=DeadLetters(definition.name, counted),
        )
        topics = [settings.topic_prefix + topic for topic in consumer.topics]
        named = settings.model_copy(update={"service": definition.name})  # its principal
        return await _replay(consumer, named.kafka(), topics, poll_ms)
    finally:
        await engine.dispose()


async def _replay(
    consumer: EventConsumer, connection: KafkaConnection, topics: list[str], poll_ms: int
) -> RebuildReport:
    report = RebuildReport()
    reader = AIOKafkaConsumer(
        **connection.options(), enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await reader.start()
    started = time.monotonic()
    try:
        partitions = await existing_partitions(reader, topics, timeout=10.0)
        ends = await reader.end_offsets(partitions) if partitions else {}
        report.end_offsets = {(tp.topic, tp.partition): int(ends[tp]) for tp in partitions}
        pending = {tp for tp in partitions if ends[tp] > 0}
        reader.assign(partitions)
        if partitions:
            await reader.seek_to_beginning(*partitions)
        while pending:
            batches = await reader.getmany(*pending, timeout_ms=poll_ms, max_records=500)
            records = [
                ConsumedRecord(
                    topic=raw.topic,
                    partition=raw.partition,
                    offset=raw.offset,
                    key=raw.key,
                    value=raw.value or b"",
                    headers=tuple(raw.headers),
                )
                for tp, received in batches.items()
                for raw in received
                if raw.offset < ends[tp]
            ]
            for outcome in await consumer.handle_batch(records) if records else []:
                report.outcomes[outcome] += 1
            report.records += len(records)
            for tp in list(pending):
                if await reader.position(tp) >= ends[tp]:
                    pending.discard(tp)
                    reader.pause(tp)
    finally:
        report.seconds = time.monotonic() - started
        await reader.stop()
    return report
