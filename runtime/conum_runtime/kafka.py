"""Kafka plumbing: the idempotent producer with its spans, topic declaration, and the span of
each consumed record.

Traces cross Kafka in W3C ``traceparent`` headers: a published record carries the context of
its ``<topic> publish`` span (itself a child of the work that wrote the outbox row), and a
consumed record is handled in a ``<topic> process`` span that continues it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Iterable, Iterator
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from conum_runtime.deadletter import ConsumedRecord

_propagator = TraceContextTextMapPropagator()


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


class Publisher:
    """Publishes records with an idempotent producer (``acks=all``, in order per partition),
    each in a ``<topic> publish`` span whose context travels in the record's headers."""

    def __init__(
        self, bootstrap_servers: str, client_id: str, tracer: trace.Tracer, topic_prefix: str = ""
    ) -> None:
        self._options: dict[str, Any] = {
            "bootstrap_servers": bootstrap_servers,
            "client_id": client_id,
            "enable_idempotence": True,
            "acks": "all",
            "linger_ms": 2,
        }
        self._producer: AIOKafkaProducer | None = None
        self._tracer = tracer
        self._prefix = topic_prefix

    async def start(self) -> None:
        """Connect (the producer is made here: it belongs to the running event loop)."""
        self._producer = AIOKafkaProducer(**self._options)
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def send(
        self, payload: bytes, topic: str, key: bytes | None, headers: dict[str, str]
    ) -> Awaitable[Any]:
        """Send without waiting: returns the broker's acknowledgement to await."""
        destination = self._prefix + topic
        with self._tracer.start_as_current_span(
            f"{destination} publish",
            kind=SpanKind.PRODUCER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": destination},
        ):
            carrier = {k: v for k, v in headers.items() if k not in ("traceparent", "tracestate")}
            _propagator.inject(carrier)
            if self._producer is None:
                raise RuntimeError("the publisher is not started")
            sent: Awaitable[Any] = await self._producer.send(
                destination,
                payload,
                key=key,
                headers=[(name, value.encode()) for name, value in carrier.items()],
            )
        return sent

    async def send_and_wait(
        self, payload: bytes, topic: str, key: bytes | None, headers: dict[str, str]
    ) -> None:
        await (await self.send(payload, topic, key, headers))


@contextlib.contextmanager
def consuming_span(tracer: trace.Tracer, record: ConsumedRecord) -> Iterator[trace.Span]:
    """The ``<topic> process`` span of one consumed record, continuing its producer's trace."""
    carrier = {
        name: value.decode("latin-1")
        for name, value in record.headers
        if name in ("traceparent", "tracestate")
    }
    with tracer.start_as_current_span(
        f"{record.topic} process",
        context=_propagator.extract(carrier),
        kind=SpanKind.CONSUMER,
        attributes={
            "messaging.system": "kafka",
            "messaging.destination.name": record.topic,
            "messaging.kafka.destination.partition": record.partition,
            "messaging.kafka.message.offset": record.offset,
        },
    ) as span:
        yield span
