"""Stopping a background task of an instance (the outbox relay, the notifier's sender) within
a bounded time, whatever it waits for."""

from __future__ import annotations

import asyncio


async def stop_in_time(task: asyncio.Task[None], timeout: float) -> set[asyncio.Task[None]]:
    """Give ``task`` half of ``timeout`` to end by itself (it was asked to), then cancel it and
    give it the other half; the task when it ended, else nothing."""
    done, _ = await asyncio.wait({task}, timeout=timeout / 2)
    if not done:
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=timeout / 2)
    return done
