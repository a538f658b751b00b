"""The service host: what one service instance is made of, started and stopped in order.

Migrations (one process at a time on a shared database), topics (unless they are declared
resources: ``CONUM_KAFKA_CREATE_TOPICS=false``), the producer, the consumer loops and the
outbox relay start with :meth:`ServiceHost.start` and stop with :meth:`ServiceHost.stop`; the
FastAPI application of :mod:`conum_runtime.app` runs them in its lifespan. Stopping takes at most
``CONUM_SHUTDOWN_TIMEOUT`` seconds, whatever the broker does.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from conum_contracts import registry
from opentelemetry.sdk.trace import SpanProcessor
from sqlalchemy import MetaData, text

from conum_runtime.auth import TokenBook
from conum_runtime.consumer import EventConsumer, Outcome
from conum_runtime.consuming import ConsumerLoop
from conum_runtime.db import create_engine, session_factory
from conum_runtime.deadletter import ConsumedRecord, DeadLetters
from conum_runtime.kafka import Publisher, declare_topics
from conum_runtime.leadership import RelayLeadership
from conum_runtime.metrics import ConsumerLag, ServiceMetrics, refresh
from conum_runtime.migrations import upgrade_once
from conum_runtime.oidc import TokenVerifier
from conum_runtime.relay import OutboxRelay
from conum_runtime.settings import ServiceSettings
from conum_runtime.tables import runtime_tables
from conum_runtime.telemetry import (
    configure_logging,
    create_tracer_provider,
    instrument_engine,
    quietly,
)
from conum_runtime.uow import PreviousMajors, UnitOfWork

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
        if settings.trace_statements:
            instrument_engine(self.engine, self.provider)
        self.sessions = session_factory(self.engine)
        self.tables = runtime_tables(metadata)
        self.tracer = self.provider.get_tracer("conum_runtime")
        self.kafka = settings.kafka()
        self.publisher = Publisher(
            self.kafka, settings.instance, self.tracer, settings.topic_prefix
        )
        self.relay = OutboxRelay(
            self.sessions,
            self.tables,
            self.publisher.send,
            batch_size=settings.relay_batch_size,
            poll_interval=settings.relay_poll_interval,
            leadership=RelayLeadership(self.engine),
        )
        self.metrics = ServiceMetrics()
        self.dead_letters = DeadLetters(
            settings.service, self.publisher.send_and_wait, self.metrics.dead_lettered
        )
        self.token_book = TokenBook.load(settings.tokens_file, settings.tokens)
        self.token_verifier = TokenVerifier.configured(settings)
        self.consumers: list[EventConsumer] = []
        self.loops: list[ConsumerLoop] = []
        self.outcomes: Counter[Outcome] = Counter()
        self.lingering_stop: asyncio.Task[None] | None = None
        """A Kafka stop still waiting for the broker after :meth:`stop` returned (or None)."""
        self.started = False
        self.lag = ConsumerLag(
            self.kafka,
            self.group_id,
            lambda: [
                settings.topic_prefix + topic
                for consumer in self.consumers
                for topic in consumer.topics
            ],
        )

    @property
    def group_id(self) -> str:
        """Each instance reads the streams with a group of its own, e.g. conum-modules-FR-NAQ
        (behind the topic prefix, when one isolates a test or a benchmark)."""
        return self.settings.group_id

    def unit_of_work_factory(
        self,
        kind: type[UnitOfWork],
        context: Mapping[str, Any],
        clock: Callable[[], date] = date.today,
    ) -> Callable[[], UnitOfWork]:
        """A factory of the service's unit of work, wired to this host's store and relay;
        ``context`` holds the service's collaborators (policies, reference data)."""
        previous_majors = PreviousMajors(self.settings.publish_previous_majors_until, clock)
        return lambda: kind(
            self.sessions,
            self.tables,
            self.settings.service,
            self.relay.wake,
            previous_majors,
            **context,
        )

    def add_consumer(self, consumer: EventConsumer) -> None:
        """Subscribe ``consumer`` to its topics; offsets are committed after each batch."""
        self.consumers.append(consumer)
        self.metrics.expect_consumer(consumer.name)

    def observe(
        self, consumer: EventConsumer, record: ConsumedRecord, outcome: Outcome, seconds: float
    ) -> None:
        self.outcomes[outcome] += 1
        kind = dict(record.headers).get("ce_type", b"").decode("utf-8", "replace") or "unknown"
        self.metrics.handled.labels(consumer.name, kind, outcome.value).inc()
        self.metrics.handling.labels(consumer.name, kind).observe(seconds)

    def topics(self) -> set[str]:
        owned = set(registry.topics_of(self.settings.service))
        consumed = {topic for consumer in self.consumers for topic in consumer.topics}
        return owned | consumed | {self.dead_letters.topic}

    async def start(self) -> None:
        configure_logging()
        if self.settings.migrate_on_start:
            await upgrade_once(self.engine, self.migrations, self.metadata)
        if self.settings.kafka_create_topics:
            await declare_topics(
                self.kafka,
                (self.settings.topic_prefix + topic for topic in self.topics()),
                self.settings.kafka_topic_partitions,
            )
        await self.publisher.start()
        self.loops = [
            ConsumerLoop(
                consumer,
                connection=self.kafka,
                group_id=self.group_id,
                topics=[self.settings.topic_prefix + topic for topic in consumer.topics],
                batch_size=self.settings.consumer_batch_size,
                observe=self.observe,
            )
            for consumer in self.consumers
        ]
        for loop in self.loops:
            await loop.start()
        if self.settings.relay_enabled:
            self.relay.start()
        self.started = True

    async def is_ready(self) -> bool:
        """Started (migrated, broker connected) and its store answers: ``/health/ready``."""
        return self.started and await self.store_answers()

    async def store_answers(self) -> bool:
        try:
            with quietly():
                async with self.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        except Exception:  # any failure means "not ready"; the probe says no more
            return False
        return True

    async def refresh_metrics(self) -> None:
        """Read the scrape-time figures (outbox, consumer lag) into the metrics."""
        await refresh(
            self.metrics,
            self.group_id,
            self.lag if self.consumers else None,
            self.relay.state,
            self.is_ready,
        )

    async def stop(self) -> None:
        """Stop within ``shutdown_timeout`` seconds, whatever the broker does.

        The relay stops first (the batch in flight is acknowledged in time, or its rows stay
        unsent in the outbox for the next start). Then Kafka: the consumer loops leave their
        group and the producer delivers what it was handed. A broker that no longer answers
        would make that wait without end (an idempotent producer retries undelivered records
        indefinitely, aiokafka issue 1101): past the time left, Kafka's stop goes on in the
        background (:attr:`lingering_stop`) and the instance stops without it.
        """
        self.started = False
        deadline = time.monotonic() + self.settings.shutdown_timeout
        if not await self.relay.stop(timeout=self.settings.shutdown_timeout / 2):
            log.warning("the outbox relay did not stop in time")
        stopping = asyncio.ensure_future(self._stop_kafka())
        done, _ = await asyncio.wait({stopping}, timeout=max(0.1, deadline - time.monotonic()))
        if done:
            error = stopping.exception()
            if error is not None:
                log.warning("stopping Kafka's clients failed: %s", error)
        else:
            log.warning(
                "Kafka did not answer within %.1fs: its clients stop in the background; rows "
                "not acknowledged stay in the outbox and are published at the next start",
                self.settings.shutdown_timeout,
            )
            self.lingering_stop = stopping
        if self.token_verifier is not None:
            await self.token_verifier.close()
        await self.engine.dispose()
        self.provider.force_flush(timeout_millis=int(self.settings.shutdown_timeout * 1000))

    async def _stop_kafka(self) -> None:
        await self.lag.close()
        loops, self.loops = self.loops, []
        for loop in loops:
            await loop.stop()
        await self.publisher.stop()
