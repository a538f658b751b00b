"""Reading a running network's Kafka from outside: whether the network is quiet (outbox
backlogs, read over HTTP by :mod:`.reader`, and consumer lag), and the events of conseillers
on the topics.

Nothing here keeps or prints personal data: the event summaries list chosen fields only.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from conum_contracts.envelope import EnvelopeError, decode_headers

from conum_operations.reconciliation.reader import NetworkReader

CONSUMED_TOPICS: Mapping[str, tuple[str, ...]] = {
    "enrolment": ("conum.positioning.conseiller",),
    "positioning": ("conum.enrolment.conseiller",),
    "certification": ("conum.enrolment.conseiller", "conum.positioning.conseiller"),
    "national": (
        "conum.certification.conseiller",
        "conum.enrolment.cohort",
        "conum.enrolment.conseiller",
        "conum.enrolment.structure",
        "conum.modules.catalogue",
        "conum.modules.registration",
        "conum.modules.session",
        "conum.positioning.conseiller",
    ),
}
"""The topics each service consumes (their ``handlers.events.CONSUMED``; a test holds it).
Only the services the reader is given are waited for (the national view is optional)."""

CONSEILLER_TOPICS = (
    "conum.enrolment.conseiller",
    "conum.positioning.conseiller",
    "conum.certification.conseiller",
)
"""The topics keyed by conseiller id: the events that lead to a conseiller's views."""

SHOWN_FIELDS = (
    "enrolment_id",
    "structure_id",
    "scheme",
    "enrolled_on",
    "reason_code",
    "withdrawn_on",
    "path_hours",
    "assigned_on",
    "test_on",
    "starts_on",
    "planned_end_on",
    "completed_on",
    "attendance_rate",
    "exam_session_id",
    "decided_on",
    "certified",
    "recorded_on",
)
"""What an event summary shows of a payload: ids, codes, days and numbers, no person."""


@dataclass(frozen=True)
class EventSummary:
    """One event of a conseiller, as an operator reads it."""

    time: datetime
    type: str
    source: str
    fields: tuple[tuple[str, str], ...]

    @property
    def short_type(self) -> str:
        """``enrolment.conseiller.withdrawn`` of ``fr.conum.enrolment.conseiller.withdrawn.v1``."""
        return ".".join(self.type.split(".")[2:-1])

    def line(self) -> str:
        shown = " ".join(f"{name}={value}" for name, value in self.fields)
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.short_type:<38} {shown}"


class KafkaProbe:
    """Consumer lag of the services' groups, and the events of conseillers, read from the
    topics without joining any group."""

    def __init__(
        self,
        kafka: str | Mapping[str, Any],
        *,
        topic_prefix: str = "",
        region: str = "national",
    ):
        """``kafka``: the bootstrap servers, or every aiokafka connection option (SASL…)."""
        self._kafka = {"bootstrap_servers": kafka} if isinstance(kafka, str) else dict(kafka)
        self._prefix = topic_prefix
        self._region = region
        self._admin: AIOKafkaAdminClient | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def __aenter__(self) -> KafkaProbe:
        self._admin = AIOKafkaAdminClient(**self._kafka)
        await self._admin.start()
        self._consumer = AIOKafkaConsumer(**self._kafka, enable_auto_commit=False)
        await self._consumer.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._consumer is not None:
            await self._consumer.stop()
        if self._admin is not None:
            await self._admin.close()

    async def lag(self, consumers: Mapping[str, Sequence[str]] = CONSUMED_TOPICS) -> dict[str, int]:
        """Records each service's group has not committed yet, over the topics it consumes
        (a topic it never committed on counts whole)."""
        assert self._admin is not None
        lags = {}
        for service, topics in consumers.items():
            group = f"{self._prefix}conum-{service}-{self._region}"
            committed = await self._admin.list_consumer_group_offsets(group)
            ends = await self._end_offsets([self._prefix + topic for topic in topics])
            lags[service] = sum(
                end - (committed[tp].offset if tp in committed else 0) for tp, end in ends.items()
            )
        return lags

    async def history(
        self,
        keys: Collection[str],
        topics: Sequence[str] = CONSEILLER_TOPICS,
        timeout: float = 60.0,
    ) -> dict[str, list[EventSummary]]:
        """The events keyed by each of ``keys`` on ``topics``, in time order."""
        assert self._consumer is not None
        wanted = {key.encode() for key in keys}
        found: dict[str, list[EventSummary]] = {key: [] for key in keys}
        ends = await self._end_offsets([self._prefix + topic for topic in topics])
        starts = await self._consumer.beginning_offsets(list(ends)) if ends else {}
        partitions = [tp for tp, end in ends.items() if end > starts[tp]]
        if not partitions:
            return found
        self._consumer.assign(partitions)
        await self._consumer.seek_to_beginning(*partitions)
        done: set[TopicPartition] = set()
        deadline = time.monotonic() + timeout
        while len(done) < len(partitions) and time.monotonic() < deadline:
            batches = await self._consumer.getmany(*partitions, timeout_ms=500)
            for tp, records in batches.items():
                for record in records:
                    if record.key in wanted:
                        summary = _summary(record.headers, record.value)
                        if summary is not None:
                            found[record.key.decode()].append(summary)
                    if record.offset + 1 >= ends[tp]:
                        done.add(tp)
        for events in found.values():
            events.sort(key=lambda event: event.time)
        return found

    async def _end_offsets(self, topics: Sequence[str]) -> dict[TopicPartition, int]:
        assert self._consumer is not None
        partitions = []
        for topic in topics:
            found = self._consumer.partitions_for_topic(topic)
            if not found:
                await self._consumer._client.force_metadata_update()
                found = self._consumer.partitions_for_topic(topic) or set()
            partitions += [TopicPartition(topic, p) for p in sorted(found)]
        if not partitions:
            return {}
        ends: dict[TopicPartition, int] = await self._consumer.end_offsets(partitions)
        return ends


def _summary(headers: Sequence[tuple[str, bytes]], value: bytes | None) -> EventSummary | None:
    try:
        envelope = decode_headers({name: raw for name, raw in headers})
        payload = json.loads(value or b"{}")
    except (EnvelopeError, ValueError):
        return None
    fields = tuple(
        (name, str(payload[name]))
        for name in SHOWN_FIELDS
        if isinstance(payload, dict) and payload.get(name) is not None
    )
    return EventSummary(envelope.time, envelope.type, envelope.source, fields)


async def wait_until_quiet(
    reader: NetworkReader,
    probe: KafkaProbe | None,
    *,
    timeout: float = 30.0,
    interval: float = 0.1,
    consumers: Mapping[str, Sequence[str]] = CONSUMED_TOPICS,
) -> bool:
    """Poll until every outbox is empty and every group has consumed everything, twice in a
    row; False when the network did not quieten within ``timeout`` seconds."""
    consumers = {name: topics for name, topics in consumers.items() if name in reader.services.urls}
    deadline = time.monotonic() + timeout
    quiet_polls = 0
    while time.monotonic() < deadline:
        backlog = sum((await reader.outbox_backlogs()).values())
        lag = 0 if probe is None else sum((await probe.lag(consumers)).values())
        quiet_polls = quiet_polls + 1 if backlog == 0 and lag == 0 else 0
        if quiet_polls >= 2:
            return True
        await asyncio.sleep(interval)
    return False
