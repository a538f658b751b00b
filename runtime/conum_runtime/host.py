"""The service host: what one service instance is made of, started and stopped in order.

Migrations, topics, the broker (its consumers) and the outbox relay start with
:meth:`ServiceHost.start` and stop with :meth:`ServiceHost.stop`; the FastAPI application of
:mod:`conum_runtime.app` runs them in its lifespan. Stopping takes at most
``CONUM_SHUTDOWN_TIMEOUT`` seconds, whatever the broker does.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from aiokafka import ConsumerRecord
from conum_contracts import registry
from faststream.kafka import KafkaMessage
from faststream.middlewares import AckPolicy
from opentelemetry.sdk.trace import SpanProcessor
from sqlalchemy import MetaData

from conum_runtime.auth import TokenBook
from conum_runtime.consumer import EventConsumer, Outcome
from conum_runtime.db import create_engine, session_factory
from conum_runtime.deadletter import ConsumedRecord, DeadLetters
from conum_runtime.kafka import BrokerPublisher, create_broker, declare_topics
from conum_runtime.migrations import upgrade
from conum_runtime.relay import OutboxRelay
from conum_runtime.settings import ServiceSettings
from conum_runtime.tables import runtime_tables
from conum_runtime.telemetry import configure_logging, create_tracer_provider, instrument_engine
from conum_runtime.uow import UnitOfWork

log = logging.getLogger(__name__)


class ServiceHost:
    def __init__(
        self,
        settings: ServiceSettings,
        metadata: MetaData,
        migrations: Path,
        *,
        span_processors: tuple[SpanProcessor, ...] = (),
    ) -> None:
        self.settings = settings
        self.metadata = metadata
        self.migrations = migrations
        self.provider = create_tracer_provider(settings.service, settings.region, span_processors)
        self.engine = create_engine(settings.resolved_database_url())
        instrument_engine(self.engine, self.provider)
        self.sessions = session_factory(self.engine)
        self.tables = runtime_tables(metadata)
        self.broker = create_broker(
            settings.kafka_bootstrap_servers, settings.instance, self.provider
        )
        self.publisher = BrokerPublisher(self.broker, settings.topic_prefix)
        self.relay = OutboxRelay(
            self.sessions,
            self.tables,
            self.publisher.send,
            batch_size=settings.relay_batch_size,
            poll_interval=settings.relay_poll_interval,
        )
        self.dead_letters = DeadLetters(settings.service, self.publisher.send_and_wait)
        self.token_book = TokenBook.load(settings.tokens_file, settings.tokens)
        self.consumers: list[EventConsumer] = []
        self.outcomes: Counter[Outcome] = Counter()
        self.lingering_stop: asyncio.Task[None] | None = None
        """A broker stop still waiting for Kafka after :meth:`stop` returned (or None)."""

    @property
    def group_id(self) -> str:
        """Each instance reads the streams with a group of its own, e.g. conum-modules-FR-NAQ."""
        return f"conum-{self.settings.instance}"

    def unit_of_work_factory(
        self, kind: type[UnitOfWork], context: Mapping[str, Any]
    ) -> Callable[[], UnitOfWork]:
        """A factory of the service's unit of work, wired to this host's store and relay;
        ``context`` holds the service's collaborators (policies, reference data)."""
        return lambda: kind(
            self.sessions, self.tables, self.settings.service, self.relay.wake, **context
        )

    def add_consumer(self, consumer: EventConsumer) -> None:
        """Subscribe ``consumer`` to its topics; offsets are committed after it returns."""
        self.consumers.append(consumer)

        async def on_record(body: bytes, message: KafkaMessage) -> None:
            raw = message.raw_message
            assert isinstance(raw, ConsumerRecord)  # one record per call (no batch)
            record = ConsumedRecord(
                topic=raw.topic,
                partition=raw.partition,
                offset=raw.offset,
                key=raw.key,
                value=raw.value or b"",
                headers=tuple(raw.headers),
            )
            self.outcomes[await consumer.handle(record)] += 1

        self.broker.subscriber(
            *(self.settings.topic_prefix + topic for topic in consumer.topics),
            group_id=self.group_id,
            ack_policy=AckPolicy.ACK,
            auto_offset_reset="earliest",
            decoder=_raw_body,
            title=f"{consumer.name}:{','.join(consumer.topics)}",
            description=f"{consumer.name} consumer (CloudEvents binary mode, inbox, dead letters)",
        )(on_record)

    def topics(self) -> set[str]:
        owned = set(registry.topics_of(self.settings.service))
        consumed = {topic for consumer in self.consumers for topic in consumer.topics}
        return owned | consumed | {self.dead_letters.topic}

    async def start(self) -> None:
        configure_logging()
        if self.settings.migrate_on_start:
            await upgrade(self.engine, self.migrations, self.metadata)
        await declare_topics(
            self.settings.kafka_bootstrap_servers,
            (self.settings.topic_prefix + topic for topic in self.topics()),
            self.settings.kafka_topic_partitions,
        )
        await self.broker.start()
        if self.settings.relay_enabled:
            self.relay.start()

    async def stop(self) -> None:
        """Stop within ``shutdown_timeout`` seconds, whatever the broker does.

        The relay stops first (the batch in flight is acknowledged in time, or its rows stay
        unsent in the outbox for the next start). Then the broker: its producer delivers what
        it was handed and its consumers leave their group. A broker that no longer answers
        would make that wait without end (an idempotent producer retries undelivered records
        indefinitely, aiokafka issue 1101): past the time left, the broker's stop goes on in
        the background (:attr:`lingering_stop`) and the instance stops without it.
        """
        deadline = time.monotonic() + self.settings.shutdown_timeout
        if not await self.relay.stop(timeout=self.settings.shutdown_timeout / 2):
            log.warning("the outbox relay did not stop in time")
        stopping = asyncio.ensure_future(self.broker.stop())
        done, _ = await asyncio.wait({stopping}, timeout=max(0.1, deadline - time.monotonic()))
        if done:
            error = stopping.exception()
            if error is not None:
                log.warning("stopping the broker failed: %s", error)
        else:
            log.warning(
                "Kafka did not answer within %.1fs: the broker stops in the background; rows "
                "not acknowledged stay in the outbox and are published at the next start",
                self.settings.shutdown_timeout,
            )
            self.lingering_stop = stopping
        await self.engine.dispose()
        self.provider.force_flush(timeout_millis=int(self.settings.shutdown_timeout * 1000))


async def _raw_body(message: KafkaMessage) -> bytes:
    """Keep the value as bytes: decoding is the consumer's job, so poison can be dead-lettered."""
    return message.body
