"""A wave's requests: sent with the user's token, checked, at most ``concurrency`` at once;
and its waits for what the network does asynchronously."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import httpx

from conum_devtools.network.wave.plan import WaveError, WavePlan, WaveReport, bearer, exam_day


class Requests:
    """What a wave sends and waits for; the acts build on it."""

    def __init__(self, clients: dict[str, httpx.AsyncClient], plan: WavePlan) -> None:
        self.clients = clients
        self.plan = plan
        self.random = random.Random(plan.seed)
        self.report = WaveReport()
        self.sessions: dict[str, str] = {}
        self.session_lock = asyncio.Lock()
        self.exam_on = exam_day(date.today())
        self.limit = asyncio.Semaphore(plan.concurrency)
        self.module_sessions: dict[str, str] = {}
        self.module_seats: dict[str, list[str]] = {}

    async def send(self, service: str, method: str, path: str, token: str, **kw: Any) -> Any:
        async with self.limit:
            answer = await self.clients[service].request(method, path, headers=bearer(token), **kw)
        self.report.requests += 1
        if answer.status_code not in (200, 201):
            raise WaveError(f"{method} {service}{path}: {answer.status_code} {answer.text[:300]}")
        return answer.json()

    async def until(self, what: str, probe: Callable[[], Awaitable[bool]], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not await probe():
            if time.monotonic() > deadline:
                raise WaveError(f"timed out after {timeout:.0f}s waiting for {what}")
            await asyncio.sleep(0.25)

    async def found(
        self, service: str, path: str, token: str, ready: Callable[[Any], bool]
    ) -> bool:
        async with self.limit:
            answer = await self.clients[service].get(path, headers=bearer(token))
        return answer.status_code == 200 and ready(answer.json())
