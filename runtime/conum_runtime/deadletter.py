"""Dead-letter records: the original value and headers, where it came from, and why."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from conum_contracts.registry import dead_letter_topic

REASON = "dlq_reason"
ORIGINAL_TOPIC = "dlq_original_topic"
ORIGINAL_PARTITION = "dlq_original_partition"
ORIGINAL_OFFSET = "dlq_original_offset"
CONSUMER = "dlq_consumer"

Publish = Callable[[bytes, str, bytes | None, dict[str, str]], Awaitable[Any]]


@dataclass(frozen=True)
class ConsumedRecord:
    """One Kafka record as a consumer received it (and as a dead letter keeps it)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: Sequence[tuple[str, bytes]]


def dead_letter_headers(record: ConsumedRecord, *, consumer: str, reason: str) -> dict[str, str]:
    """The original headers, plus the origin and the reason of the dead letter."""
    headers = {name: value.decode("utf-8", "replace") for name, value in record.headers}
    headers.update(
        {
            REASON: reason[:2000],
            ORIGINAL_TOPIC: record.topic,
            ORIGINAL_PARTITION: str(record.partition),
            ORIGINAL_OFFSET: str(record.offset),
            CONSUMER: consumer,
        }
    )
    return headers


class DeadLetters:
    """Publishes records a consumer cannot process to ``conum.dlq.<service>``."""

    def __init__(
        self,
        service: str,
        publish: Publish,
        on_sent: Callable[[str, str], None] = lambda _consumer, _reason: None,
    ) -> None:
        self.topic = dead_letter_topic(service)
        self._publish = publish
        self._on_sent = on_sent

    async def send(self, record: ConsumedRecord, *, consumer: str, reason: str) -> None:
        headers = dead_letter_headers(record, consumer=consumer, reason=reason)
        await self._publish(record.value, self.topic, record.key, headers)
        self._on_sent(consumer, reason)
