"""Fixtures of the modules tests: a migrated store of a regional instance (FR-NAQ) and of
the national one, each with the service's real consumer, the catalogue already received."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from conum_modules.app import SERVICE
from conum_modules.testing import context, feed_catalogue
from conum_runtime.testing.services import ConsumingStore, consuming_store


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[ConsumingStore[Any]]:
    """Hubikoop's instance (FR-NAQ): its store, its consumer, the catalogue received."""
    async with consuming_store(SERVICE, database_url, context("FR-NAQ"), region="FR-NAQ") as made:
        await feed_catalogue(made)
        yield made


@pytest.fixture
async def national_store(database_url: str) -> AsyncIterator[ConsumingStore[Any]]:
    """La Mednum's instance: the catalogue's writer, a copy of every region's sessions."""
    async with consuming_store(SERVICE, database_url, context("national")) as made:
        yield made
