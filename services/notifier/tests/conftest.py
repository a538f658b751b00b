"""Fixtures of the notifier's tests: a migrated store with the service's real consumer, and a
real SMTP server (the development mailbox, aiosmtpd) keeping what it receives."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from conum_devtools.mailbox import Mailbox
from conum_notifier.app import SERVICE
from conum_runtime.testing.services import ConsumingStore, consuming_store


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[ConsumingStore[Any]]:
    """The store, migrated, and its consumer (inbox, dead letters) as the host wires it."""
    async with consuming_store(SERVICE, database_url) as made:
        yield made


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[Mailbox]:
    with Mailbox(tmp_path / "mailbox") as box:
        yield box
