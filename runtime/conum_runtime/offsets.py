"""Where the topics end and where a consumer group stands: what consumer lag is made of.

:class:`KafkaOffsets` reads, for every partition of some topics, the end offset (the offset
the next record will get) and the offset a consumer group committed (the next record it will
read). It opens its clients for each reading and closes them after: it serves status pages
and catch-up loops, not the hot path.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient


@dataclass(frozen=True)
class PartitionOffsets:
    topic: str
    """The topic's name on the broker (with the instance's prefix, if any)."""
    partition: int
    end: int
    """The offset the next record of the partition will get (0: empty)."""
    committed: int | None
    """The next offset the group will read; ``None`` when it committed nothing yet."""


class KafkaOffsets:
    """End offsets of topics and the offsets a consumer group committed on them."""

    def __init__(self, bootstrap_servers: str, group_id: str | None = None) -> None:
        self._bootstrap = bootstrap_servers
        self._group = group_id

    async def read(self, topics: Iterable[str], timeout: float = 10.0) -> list[PartitionOffsets]:
        """Every partition of ``topics`` that exists, sorted by topic and partition."""
        wanted = sorted(set(topics))
        consumer = AIOKafkaConsumer(bootstrap_servers=self._bootstrap, enable_auto_commit=False)
        await consumer.start()
        try:
            partitions = await existing_partitions(consumer, wanted, timeout)
            ends = await consumer.end_offsets(partitions) if partitions else {}
        finally:
            await consumer.stop()
        committed = await self._committed(partitions)
        return [
            PartitionOffsets(tp.topic, tp.partition, int(ends[tp]), committed.get(tp))
            for tp in partitions
        ]

    async def _committed(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
        if self._group is None or not partitions:
            return {}
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap)
        await admin.start()
        try:
            found = await admin.list_consumer_group_offsets(self._group, partitions=partitions)
        finally:
            await admin.close()
        return {tp: meta.offset for tp, meta in found.items() if meta.offset >= 0}


async def existing_partitions(
    consumer: AIOKafkaConsumer, topics: list[str], timeout: float
) -> list[TopicPartition]:
    """The partitions of the topics that exist (a topic not created yet has none)."""
    deadline = time.monotonic() + timeout
    await consumer._client.force_metadata_update()
    while True:
        existing = await consumer.topics()
        found = [
            TopicPartition(topic, partition)
            for topic in topics
            if topic in existing
            for partition in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        known = {tp.topic for tp in found}
        if known == {t for t in topics if t in existing} or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.1)
