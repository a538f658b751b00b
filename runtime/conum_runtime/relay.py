"""The outbox relay: publishes committed outbox rows to Kafka, in order, then marks them sent.

One relay runs per database (``RelayLeadership`` when processes share it). Rows are read in id
order and sent with an idempotent producer (``acks=all``), so records of one key keep their
order; a crash between publishing and marking re-sends the rows, which consumers drop through
their inbox. Each row is published under the trace context of the work that wrote it, so a trace
does not break at the outbox.

Stopping is bounded (:meth:`OutboxRelay.stop`): the batch in flight gets a grace period to be
acknowledged; past it the relay is cancelled and the batch's rows stay unsent, published
again at the next start. The records already handed to the producer are its to deliver or
drop (see :meth:`conum_runtime.host.ServiceHost.stop`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy import func, select

from conum_runtime.db import SessionFactory
from conum_runtime.leadership import RelayLeadership
from conum_runtime.retry import Backoff, describe, is_transient
from conum_runtime.tables import RuntimeTables
from conum_runtime.tasks import stop_in_time
from conum_runtime.telemetry import about_conseiller, conseiller_of, quietly

log = logging.getLogger(__name__)
_propagator = TraceContextTextMapPropagator()

# publish(payload, topic, key, headers) -> an awaitable that resolves once the broker acked.
Publish = Callable[[bytes, str, bytes, dict[str, str]], Awaitable[Awaitable[Any]]]


class OutboxRelay:
    def __init__(
        self,
        sessions: SessionFactory,
        tables: RuntimeTables,
        publish: Publish,
        *,
        batch_size: int = 200,
        poll_interval: float = 0.2,
        leadership: RelayLeadership | None = None,
    ) -> None:
        self._sessions = sessions
        self._outbox = tables.outbox
        self._publish = publish
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._wake = asyncio.Event()
        self._leadership = leadership
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self.looks = 0
        """How many times the relay has looked at the outbox (found something or not)."""
        self.awaiting_acks = 0
        """Rows handed to the producer whose acknowledgement the relay awaits."""

    def start(self) -> None:
        """Relay in a task of its own until :meth:`stop`."""
        self._stopping = False
        self._task = asyncio.create_task(self.run(), name="outbox-relay")

    async def stop(self, timeout: float) -> bool:
        """Stop relaying; True when the relay ended within ``timeout`` seconds.

        No new batch starts; the batch in flight gets half of ``timeout`` to be acknowledged
        (its rows are then marked sent). Past that the relay is cancelled: the rows of that
        batch stay unsent and are published again at the next start, where consumers drop
        the duplicates through their inbox. A broker that no longer answers cannot make this
        wait longer than ``timeout``.
        """
        task, self._task = self._task, None
        if task is None:
            return True
        self._stopping = True
        self._wake.set()
        done = await stop_in_time(task, timeout)
        for ended in done:
            error = None if ended.cancelled() else ended.exception()
            if error is not None:
                log.warning("outbox relay ended with %s", describe(error))
        return bool(done)

    def wake(self) -> None:
        """Ask the relay to look at the outbox now rather than at its next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Relay until stopped or cancelled, once this process leads (``RelayLeadership``)."""
        if self._leadership is None:
            await self._relay()
            return
        async with self._leadership:
            await self._relay()

    async def _relay(self) -> None:
        """Transient failures are retried with backoff."""
        backoff = Backoff()
        while not self._stopping:
            try:
                sent = await self.publish_pending()
            except Exception as error:
                if self._stopping:
                    return
                kind = "transient failure" if is_transient(error) else "failure"
                log.warning("outbox relay: %s, retrying: %s", kind, describe(error))
                await self._wait_for_work(backoff.next_delay())
                continue
            backoff.reset()
            if sent < self._batch_size:
                await self._wait_for_work(self._poll_interval)

    async def publish_pending(self) -> int:
        """Publish one batch of unsent rows; returns how many were sent. The relay's own
        statements make no spans: a poll that finds nothing leaves no trace, and each
        published row continues the trace of the work that wrote it."""
        self.looks += 1
        outbox = self._outbox
        async with self._sessions() as session:
            with quietly():
                connection = await session.connection()
                rows = (
                    await connection.execute(
                        select(outbox)
                        .where(outbox.c.sent_at.is_(None))
                        .order_by(outbox.c.id)
                        .limit(self._batch_size)
                    )
                ).all()
            await session.rollback()  # no transaction (on SQLite, no lock) while Kafka answers
            if not rows:
                return 0
            acks = [await self._publish_row(row._mapping) for row in rows]
            self.awaiting_acks = len(acks)
            try:
                await asyncio.gather(*acks)
            finally:
                self.awaiting_acks = 0
            with quietly():
                await session.exec(
                    outbox.update()
                    .where(outbox.c.id.in_([row.id for row in rows]))
                    .values(sent_at=datetime.now(UTC))
                )
                await session.commit()
        return len(rows)

    async def backlog(self) -> int:
        """How many rows wait to be published (a metric for operators)."""
        return (await self.state())[0]

    async def state(self) -> tuple[int, float]:
        """(rows waiting, age in seconds of the oldest of them, 0 when none)."""
        outbox = self._outbox
        async with self._sessions() as session:
            with quietly():
                connection = await session.connection()
                result = await connection.execute(
                    select(func.count(), func.min(outbox.c.created_at)).where(
                        outbox.c.sent_at.is_(None)
                    )
                )
            count, oldest = result.one()
        if oldest is None:
            return int(count), 0.0
        if oldest.tzinfo is None:  # SQLite returns naive UTC
            oldest = oldest.replace(tzinfo=UTC)
        return int(count), max(0.0, (datetime.now(UTC) - oldest).total_seconds())

    async def _publish_row(self, row: Any) -> Awaitable[Any]:
        headers: dict[str, str] = json.loads(row["headers"])
        carrier = {"traceparent": row["traceparent"] or "", "tracestate": row["tracestate"] or ""}
        token = otel_context.attach(_propagator.extract(carrier))
        try:
            with about_conseiller(conseiller_of(headers.get("ce_type", ""), row["key"])):
                return await self._publish(
                    row["payload"].encode(), row["topic"], row["key"].encode(), headers
                )
        finally:
            otel_context.detach(token)

    async def _wait_for_work(self, timeout: float) -> None:
        """Sleep ``timeout`` seconds at most: a commit or :meth:`stop` wakes the relay."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=timeout)
        if not self._stopping:
            self._wake.clear()
