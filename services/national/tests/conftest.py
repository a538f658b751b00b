"""Fixtures of the national view's tests: a migrated store with the service's real consumer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from conum_national.app import SERVICE
from conum_runtime.testing.services import ConsumingStore, consuming_store


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[ConsumingStore[Any]]:
    """The store, migrated, and its consumer (inbox, dead letters) as the host wires it."""
    async with consuming_store(SERVICE, database_url) as made:
        yield made
