"""The machine's plumbing: the network and its loop (:class:`Driver`), each act sent over
HTTP and its answer checked against the model, the people and sessions acts draw from."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, TypeVar

import httpx
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine

from ..network import Network
from .model import Expect, Model, Person

T = TypeVar("T")

START = date(2026, 3, 2)  # a Monday
PEOPLE = 5
SCORES = ((80, 80), (50, 60), (45, 45), (20, 30))
REASONS = ("left_structure", "contract_ended", "health", "other")
EXAMPLES = itertools.count(1)
SIRETS = itertools.count(10_000)


@dataclass
class Driver:
    """The network, and the loop it runs on, for a machine running in another thread."""

    net: Network
    loop: asyncio.AbstractEventLoop
    expected: dict[str, set[str]]
    """Every conseiller's expected disagreements so far, across examples."""
    acts: Counter[str] = field(default_factory=Counter)
    """How many acts of each kind were answered with each status."""

    def run(self, work: Coroutine[Any, Any, T], timeout: float = 120.0) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout)


people = st.integers(0, PEOPLE - 1)
indexes = st.integers(0, 7)


class Acting(RuleBasedStateMachine):
    """What every rule of the machine acts with."""

    driver: ClassVar[Driver]

    def __init__(self) -> None:
        super().__init__()
        self.example = next(EXAMPLES)
        self.driver.net.clock.today = START
        tag = uuid.uuid4().hex[:8]
        self.model = Model(START, [Person(i, f"p{i}.{tag}@example.org") for i in range(PEOPLE)])
        self.stranger = str(uuid.uuid4())
        for _ in range(2):
            self.register_structure()

    # --- plumbing -----------------------------------------------------------------------

    def http(
        self, service: str, method: str, path: str, headers: dict[str, str], **kwargs: Any
    ) -> httpx.Response:
        client: httpx.AsyncClient = getattr(self.driver.net, service)
        answer = self.driver.run(client.request(method, path, headers=headers, **kwargs))
        if method != "GET":
            self.driver.acts[f"{method} {_route(path)} {answer.status_code}"] += 1
        return answer

    def settle(self) -> None:
        """Wait until the events of the last act have travelled everywhere."""
        self.driver.run(self.driver.net.quiet())

    @staticmethod
    def check(answer: httpx.Response, expected: Expect) -> Any:
        body = answer.json()
        code = body.get("code") if isinstance(body, dict) else None
        seen = (answer.status_code, code if answer.status_code >= 400 else None)
        assert seen == (expected.status, expected.code), answer.text
        return body

    def enrolled(self, index: int) -> Person:
        """A person enrolled at least once (``index`` modulo them)."""
        known = [p for p in self.model.people if p.conseiller_id is not None]
        return known[index % len(known)]

    def has_enrolled(self) -> bool:
        return any(p.conseiller_id for p in self.model.people)

    def has_sessions(self) -> bool:
        return bool(self.model.sessions) and self.has_enrolled()

    def set_today(self, day: date) -> None:
        self.model.today = day
        self.driver.net.clock.today = day


def _route(path: str) -> str:
    """The path with its ids (UUIDs) and days left out."""
    return "/".join(
        "{}"
        if (len(part) == 36 and part.count("-") == 4) or (len(part) == 10 and part[4:5] == "-")
        else part
        for part in path.split("/")
    )
