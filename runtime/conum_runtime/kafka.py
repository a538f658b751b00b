"""Kafka plumbing: the broker (idempotent producer, telemetry), topic declaration, publishing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Iterable
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from opentelemetry.sdk.trace import TracerProvider


def create_broker(bootstrap_servers: str, client_id: str, provider: TracerProvider) -> KafkaBroker:
    """A broker whose producer is idempotent (``acks=all``, in order per partition)."""
    return KafkaBroker(
        bootstrap_servers,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        middlewares=[KafkaTelemetryMiddleware(tracer_provider=provider)],
        logger=logging.getLogger("conum.kafka"),
        # FastStream's per-message lines are written outside the message's span: they go to
        # DEBUG, and the consumer writes its own line, with the trace id, inside the span.
        log_level=logging.DEBUG,
    )


async def declare_topics(bootstrap_servers: str, topics: Iterable[str], partitions: int) -> None:
    """Create the topics that do not exist yet (replication 1 on a single local broker)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name=topic, num_partitions=partitions, replication_factor=1)
            for topic in sorted(set(topics) - existing)
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another instance was faster
                await admin.create_topics(missing)
    finally:
        await admin.close()


class BrokerPublisher:
    """Publishes raw records through the broker (so the telemetry middleware sees them)."""

    def __init__(self, broker: KafkaBroker, topic_prefix: str = "") -> None:
        self._broker = broker
        self._prefix = topic_prefix

    async def send(
        self, payload: bytes, topic: str, key: bytes | None, headers: dict[str, str]
    ) -> Awaitable[Any]:
        """Send without waiting: returns the broker's acknowledgement to await."""
        future: asyncio.Future[Any] = await self._broker.publish(
            payload, self._prefix + topic, key=key, headers=headers, no_confirm=True
        )
        return future

    async def send_and_wait(
        self, payload: bytes, topic: str, key: bytes | None, headers: dict[str, str]
    ) -> None:
        await self._broker.publish(payload, self._prefix + topic, key=key, headers=headers)
