"""What a wave needs to run through faults like a real client, and to show what they did.

- :func:`send`: a request retried on a refused connection, a reset, a timeout or a 5xx answer,
  with a bounded, jittered backoff and an overall deadline; every retry is counted by reason.
  A retried enrolment cannot create a second conseiller: the enrolment service knows a
  conseiller by e-mail and refuses a second open enrolment (409 ``already_in_open_training``),
  which tells the wave that the first attempt had committed although its answer was lost.
- :class:`Killer`: every N seconds, SIGKILL of a random service instance of the local
  network, then its restart through the network's supervisor (as ``./conum restart``).
- :class:`Audit`: every record the wave reads from the topics, by conseiller and event type;
  afterwards, what was lost (an expected event missing), doubled (two events of one type,
  distinct ``ce_id``) or redelivered (one ``ce_id`` read twice: the relay's at-least-once
  publication, which consumers drop by ``ce_id``).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
from conum_devtools.network.network import LocalNetwork

RETRIED = (500, 502, 503, 504)
T = TypeVar("T")


class GaveUp(Exception):
    """A request failed past its deadline."""


@dataclass
class Retries:
    reasons: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        shown = ", ".join(f"{reason} {n}" for reason, n in self.reasons.most_common())
        return f"retries: {sum(self.reasons.values())}" + (f" ({shown})" if shown else "")


class Backoff:
    """Pauses between tries: 0.2 s, doubling, at most 5 s, jittered; past ``deadline``
    seconds, :class:`GaveUp`. Every retry is counted by reason."""

    def __init__(self, retries: Retries, what: str, deadline: float) -> None:
        self.retries, self.what, self.deadline = retries, what, deadline
        self.started, self.pause = time.monotonic(), 0.2

    async def again(self, reason: str) -> None:
        if time.monotonic() - self.started > self.deadline:
            raise GaveUp(f"{self.what}: {reason} for {self.deadline:.0f} s")
        self.retries.reasons[reason] += 1
        await asyncio.sleep(self.pause * random.uniform(0.5, 1.5))
        self.pause = min(self.pause * 2, 5.0)


def reason_of(error: httpx.HTTPError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "timeout"
    if isinstance(error, httpx.ConnectError):
        return "connection refused"
    if isinstance(error, httpx.HTTPStatusError):
        return f"HTTP {error.response.status_code}"
    return f"connection lost ({type(error).__name__})"


async def send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    retries: Retries,
    *,
    deadline: float = 300.0,
    **options: Any,
) -> httpx.Response:
    """The answer to the request, sent again after a transport failure or a 5xx answer."""
    backoff = Backoff(retries, f"{method} {url}", deadline)
    while True:
        try:
            answer = await client.request(method, url, **options)
            if answer.status_code not in RETRIED:
                return answer
            reason = f"HTTP {answer.status_code}"
        except httpx.TransportError as error:
            reason = reason_of(error)
        await backoff.again(reason)


async def retried(
    call: Callable[[], Awaitable[T]], retries: Retries, what: str, deadline: float = 300.0
) -> T:
    """``call()``, again after an HTTP failure of any kind (for reads)."""
    backoff = Backoff(retries, what, deadline)
    while True:
        try:
            return await call()
        except httpx.HTTPError as error:
            await backoff.again(reason_of(error))


@dataclass
class Kill:
    instance: str
    pid: int
    at: float
    back_after: float | None = None
    """Seconds from the kill to the restarted instance answering ready (None: not back)."""


class Killer:
    """Kills a random running service instance every ``every`` seconds; each is restarted in
    the background (an instance being restarted is not killed again)."""

    def __init__(self, network: LocalNetwork, every: float, seed: int | None = None) -> None:
        self.network = network
        self.every = every
        self.kills: list[Kill] = []
        self.seed = random.randrange(10**6) if seed is None else seed
        self._random = random.Random(self.seed)
        self._stop = asyncio.Event()

    async def run(self) -> None:
        """Until :meth:`stop`; returns once every killed instance is back."""
        started = time.monotonic()
        restarts: dict[str, asyncio.Task[None]] = {}
        while not self._stop.is_set():
            try:
                await asyncio.wait_for(self._stop.wait(), self.every)
                break
            except TimeoutError:
                pass
            restarting = {name for name, task in restarts.items() if not task.done()}
            kill = self._kill_one(time.monotonic() - started, restarting)
            if kill is not None:
                restarts[kill.instance] = asyncio.create_task(self._restart(kill))
        await asyncio.gather(*restarts.values())

    def stop(self) -> None:
        self._stop.set()

    def _kill_one(self, at: float, restarting: set[str]) -> Kill | None:
        running = [
            (instance, pid)
            for instance in self.network.instances()
            if instance.name not in restarting
            and (pid := self.network.service(instance).pid) is not None
        ]
        if not running:
            return None
        instance, pid = self._random.choice(running)
        os.kill(pid, signal.SIGKILL)
        kill = Kill(instance.name, pid, at)
        self.kills.append(kill)
        return kill

    async def _restart(self, kill: Kill) -> None:
        killed_at = time.monotonic()
        while alive(kill.pid):  # noqa: ASYNC110 (another process's state)
            await asyncio.sleep(0.05)
        instance = next(i for i in self.network.instances() if i.name == kill.instance)
        for _attempt in range(3):
            try:
                await asyncio.to_thread(self.network.restart, instance)
                kill.back_after = time.monotonic() - killed_at
                return
            except Exception as error:  # the supervisor's start timed out: try again
                print(f"restarting {instance.name} failed: {error}", flush=True)

    def lines(self) -> list[str]:
        back = [k.back_after for k in self.kills if k.back_after is not None]
        lines = [
            f"kills: {len(self.kills)} (SIGKILL every {self.every:g} s, seed {self.seed}), "
            "back ready after " + (f"{min(back):.1f}–{max(back):.1f} s" if back else "-")
        ]
        lines += [
            f"  {k.at:6.1f} s  {k.instance:<22} pid {k.pid:<7} "
            + (f"ready again after {k.back_after:.1f} s" if k.back_after else "NOT RESTARTED")
            for k in self.kills
        ]
        return lines


@dataclass
class Audit:
    """Every record read, by conseiller and event type (with its version): the ``ce_id``s."""

    ids: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def seen(self, subject: str, event_type: str, ce_id: str) -> None:
        self.ids[subject, event_type].append(ce_id)

    def check(self, conseillers: Iterable[str], expected: Iterable[str]) -> dict[str, list[str]]:
        """For our conseillers: ``lost`` (an expected kind of event missing), ``doubled``
        (two distinct events of one type), ``redelivered`` (a ``ce_id`` read again)."""
        found: dict[str, list[str]] = {"lost": [], "doubled": [], "redelivered": []}
        kinds = tuple(expected)
        by_conseiller: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for (subject, event_type), ids in self.ids.items():
            by_conseiller[subject][event_type] = ids
        for conseiller in conseillers:
            events = by_conseiller.get(conseiller, {})
            for kind in kinds:
                if not any(kind_of(event_type) == kind for event_type in events):
                    found["lost"].append(f"{conseiller} {kind}")
            for event_type, ids in events.items():
                if len(set(ids)) > 1:
                    found["doubled"].append(f"{conseiller} {event_type} ×{len(set(ids))}")
                if len(ids) > len(set(ids)):
                    found["redelivered"].append(f"{conseiller} {event_type}")
        return found


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie has no command line)."""
    try:
        return bool(Path(f"/proc/{pid}/cmdline").read_bytes())
    except OSError:
        return False


def kind_of(event_type: str) -> str:
    """``fr.conum.positioning.test.scheduled.v1`` → ``test.scheduled``."""
    return ".".join(event_type.split(".")[-3:-1])
