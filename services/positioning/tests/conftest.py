"""Fixtures of the positioning tests: enrolment events sent to the real broker."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from conum_contracts.base import EventModel
from conum_contracts.envelope import Envelope
from conum_runtime.testing.events import publish_events

Send = Callable[[EventModel, Envelope], Awaitable[None]]


@pytest.fixture
async def send(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[Send]:
    """Write an event to its topic, as its producer would."""

    async def _send(event: EventModel, envelope: Envelope) -> None:
        await publish_events(kafka_bootstrap, topic_prefix, [(event, envelope)])

    yield _send
