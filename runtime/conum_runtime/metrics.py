"""Prometheus metrics of one service instance, served at ``/metrics``.

- ``conum_http_request_duration_seconds{method, route, status}``: HTTP latency by route
  template (never the raw path: ids stay out of labels);
- ``conum_events_handled_total{consumer, type, outcome}`` and
  ``conum_event_handling_duration_seconds{consumer, type}``: what the consumer did;
- ``conum_dead_letters_total{consumer, reason}``: dead letters by kind of reason
  (``bad_envelope``, ``contract_violation``, ``handler_failed``);
- ``conum_outbox_backlog`` and ``conum_outbox_oldest_unsent_age_seconds``: is the outbox
  draining (read at scrape time);
- ``conum_consumer_lag{group, topic, partition}``: records of each partition the instance's
  group has not committed yet (read from the broker at scrape time);
- ``conum_service_ready``: 1 when the instance has started and its store answers (what
  ``/health/ready`` says), else 0 (read at scrape time).

The dead-letter counter of each consumer starts at 0 for every kind of reason, so that the
first dead letter is an increase Prometheus sees (the alert rules in
``deploy/prometheus/alerts.yml`` ask ``increase()``).

Each instance has a registry of its own (several services can share a process in tests).
Labels carry identifiers of code (routes, event types), never personal data.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conum_runtime.kafka_connection import KafkaConnection

DEAD_LETTER_KINDS = ("bad_envelope", "contract_violation", "handler_failed")
"""The kinds of reason a dead letter is counted under (the reason's text before ``:``)."""
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ServiceMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_latency = Histogram(
            "conum_http_request_duration_seconds",
            "HTTP request latency by route template and status.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.handled = Counter(
            "conum_events_handled",
            "Consumed events by type and outcome.",
            ["consumer", "type", "outcome"],
            registry=self.registry,
        )
        self.handling = Histogram(
            "conum_event_handling_duration_seconds",
            "Time to handle one consumed event (decode, inbox, handler, commit).",
            ["consumer", "type"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.dead_letters = Counter(
            "conum_dead_letters",
            "Records sent to the dead-letter topic, by kind of reason.",
            ["consumer", "reason"],
            registry=self.registry,
        )
        self.outbox_backlog = Gauge(
            "conum_outbox_backlog", "Outbox rows not yet published.", registry=self.registry
        )
        self.outbox_oldest_age = Gauge(
            "conum_outbox_oldest_unsent_age_seconds",
            "Age of the oldest outbox row not yet published (0 when none).",
            registry=self.registry,
        )
        self.consumer_lag = Gauge(
            "conum_consumer_lag",
            "Records not yet committed by the instance's consumer group, per partition.",
            ["group", "topic", "partition"],
            registry=self.registry,
        )
        self.ready = Gauge(
            "conum_service_ready",
            "1 when the instance has started and its store answers, else 0.",
            registry=self.registry,
        )

    def expect_consumer(self, consumer: str) -> None:
        """Show the consumer's dead-letter counters at 0 before its first dead letter."""
        for kind in DEAD_LETTER_KINDS:
            self.dead_letters.labels(consumer=consumer, reason=kind)

    def dead_lettered(self, consumer: str, reason: str) -> None:
        kind = reason.split(":", 1)[0].strip().replace(" ", "_") or "unknown"
        self.dead_letters.labels(consumer=consumer, reason=kind).inc()

    def render(self) -> bytes:
        return bytes(generate_latest(self.registry))


class HttpLatency:
    """ASGI middleware recording each request's latency under its route template."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sent(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            self._metrics.http_latency.labels(
                method=scope["method"], route=route, status=str(status)
            ).observe(time.perf_counter() - started)


class ConsumerLag:
    """Reads, at scrape time, how far the instance's group is behind on each partition."""

    def __init__(
        self, connection: str | KafkaConnection, group: str, topics: Callable[[], list[str]]
    ) -> None:
        self._connection = KafkaConnection.of(connection)
        self._group = group
        self._topics = topics
        self._admin: AIOKafkaAdminClient | None = None
        self._reader: AIOKafkaConsumer | None = None

    async def read(self) -> dict[TopicPartition, int]:
        if self._admin is None or self._reader is None:
            self._admin = AIOKafkaAdminClient(**self._connection.options())
            await self._admin.start()
            self._reader = AIOKafkaConsumer(**self._connection.options())
            await self._reader.start()
        partitions = [
            TopicPartition(topic, partition)
            for topic in self._topics()
            for partition in sorted(self._reader.partitions_for_topic(topic) or ())
        ]
        if not partitions:
            await self._reader._client.force_metadata_update()
            return {}
        ends = await self._reader.end_offsets(partitions)
        committed = await self._admin.list_consumer_group_offsets(self._group)
        return {
            tp: max(0, end - (committed[tp].offset if tp in committed else 0))
            for tp, end in ends.items()
        }

    async def close(self) -> None:
        if self._reader is not None:
            await self._reader.stop()
        if self._admin is not None:
            await self._admin.close()
        self._admin = self._reader = None


async def refresh(
    metrics: ServiceMetrics,
    group: str,
    lag: ConsumerLag | None,
    outbox: Callable[[], Awaitable[tuple[int, float]]],
    ready: Callable[[], Awaitable[bool]],
) -> None:
    """Read the scrape-time figures into the gauges."""
    metrics.ready.set(1 if await ready() else 0)
    backlog, oldest_age = await outbox()
    metrics.outbox_backlog.set(backlog)
    metrics.outbox_oldest_age.set(oldest_age)
    if lag is not None:
        for tp, behind in (await lag.read()).items():
            metrics.consumer_lag.labels(
                group=group, topic=tp.topic, partition=str(tp.partition)
            ).set(behind)
