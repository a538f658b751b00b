"""The consumer loop of a service instance: batches of records from its group's partitions,
handed to the :class:`~conum_runtime.consumer.EventConsumer`, offsets committed after the
database commit (at least once delivered, exactly once in effect).

A batch is what one poll returns (up to ``batch_size`` records), in offset order per
partition, so per-key order holds. A crash between the database commit and the offset commit
redelivers the batch, which the inbox absorbs; a rebalance in the middle of a batch makes its
offset commit fail, and the new owner of the partition gets the records again, likewise.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError

from conum_runtime.consumer import EventConsumer, Outcome
from conum_runtime.deadletter import ConsumedRecord
from conum_runtime.retry import Backoff

log = logging.getLogger(__name__)

Observer = Callable[[EventConsumer, ConsumedRecord, Outcome, float], None]


class ConsumerLoop:
    def __init__(
        self,
        consumer: EventConsumer,
        *,
        bootstrap_servers: str,
        group_id: str,
        topics: Sequence[str],
        batch_size: int,
        observe: Observer,
    ) -> None:
        self.consumer = consumer
        self._kafka = AIOKafkaConsumer(
            *topics,
            bootstrap_servers=bootstrap_servers,
            group_id=group_id,
            client_id=group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=batch_size,
        )
        self._batch_size = batch_size
        self._observe = observe
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self._kafka.start()
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.consumer.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._kafka.stop()

    async def _run(self) -> None:
        backoff = Backoff()
        while True:
            try:
                batches = await self._kafka.getmany(timeout_ms=1000, max_records=self._batch_size)
                if batches:
                    await self._handle(batches)
                backoff.reset()
            except (KafkaError, OSError) as error:
                delay = backoff.next_delay()
                log.warning(
                    "%s: broker failure, retry in %.1fs: %s", self.consumer.name, delay, error
                )
                await asyncio.sleep(delay)

    async def _handle(self, batches: dict[TopicPartition, list[ConsumerRecord[Any, Any]]]) -> None:
        records = [
            ConsumedRecord(
                topic=r.topic,
                partition=r.partition,
                offset=r.offset,
                key=r.key,
                value=r.value or b"",
                headers=tuple(r.headers),
            )
            for partition_records in batches.values()
            for r in partition_records
        ]
        started = time.perf_counter()
        outcomes = await self.consumer.handle_batch(records)
        each = (time.perf_counter() - started) / len(records)
        for record, outcome in zip(records, outcomes, strict=True):
            self._observe(self.consumer, record, outcome, each)
        offsets = {tp: rs[-1].offset + 1 for tp, rs in batches.items() if rs}
        try:
            await self._kafka.commit(offsets)
        except CommitFailedError as error:  # the partitions moved: their new owner redelivers
            log.warning("%s: offsets not committed (%s)", self.consumer.name, error)
