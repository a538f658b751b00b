"""The sender: a task that makes the reminders that fall due and delivers what is due, like
the outbox relay beside it, in one process per store (``conum_runtime.leadership``: on
PostgreSQL an advisory lock of its own elects it; a SQLite file has one process).

A server that does not answer stops a round; the next one comes after a growing delay
(1 s doubling to a minute), and the notifications it left keep their own next attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import date

from conum_runtime.leadership import RelayLeadership
from conum_runtime.retry import Backoff, describe
from conum_runtime.tasks import stop_in_time

from conum_notifier.domain import NotificationPolicy
from conum_notifier.handlers.commands.delivery import Delivery, Unavailable
from conum_notifier.handlers.commands.reminders import make_due_reminders

log = logging.getLogger(__name__)

SENDER_LOCK = 0x636F6E756D6E  # "conumn": the sender's lock, beside the outbox relay's


class Sender:
    def __init__(
        self,
        delivery: Delivery,
        policy: NotificationPolicy,
        *,
        leadership: RelayLeadership | None = None,
        poll_interval: float = 1.0,
        reminders_every: float = 60.0,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._delivery = delivery
        self._policy = policy
        self._leadership = leadership
        self._poll_interval = poll_interval
        self._reminders_every = reminders_every
        self._today = today
        self._reminded_at = float("-inf")
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._lead(), name="notification-sender")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, timeout: float) -> bool:
        """Stop within ``timeout`` seconds; True when the task ended. The round in flight is
        given half of the time, then cancelled: a notification it was sending stays pending
        and goes at the next start, with the same Message-ID."""
        task, self._task = self._task, None
        if task is None:
            return True
        self._stopping = True
        self._wake.set()
        return bool(await stop_in_time(task, timeout))

    async def _lead(self) -> None:
        if self._leadership is None:
            await self._send()
            return
        async with self._leadership:
            await self._send()

    async def _send(self) -> None:
        backoff = Backoff(initial=1.0, maximum=60.0)
        while not self._stopping:
            try:
                looked = await self.round()
            except Unavailable as error:
                await self._pause(backoff.next_delay(), f"waiting for a server: {error}")
                continue
            except Exception as error:  # the store: down or busy
                await self._pause(backoff.next_delay(), f"failure: {describe(error)}")
                continue
            backoff.reset()
            if looked < self._delivery.batch_size:
                await self._pause(self._poll_interval)

    async def round(self) -> int:
        """Make the reminders due (once a ``reminders_every``), deliver one batch."""
        if time.monotonic() - self._reminded_at >= self._reminders_every:
            await make_due_reminders(self._delivery.new_uow, self._policy, self._today())
            self._reminded_at = time.monotonic()
        return await self._delivery.deliver_due()

    async def _pause(self, seconds: float, why: str = "") -> None:
        if why:
            log.warning("notification sender: %s; next round in %.1fs", why, seconds)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        if not self._stopping:
            self._wake.clear()
