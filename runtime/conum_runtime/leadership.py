"""One outbox relay per database, however many processes share it; one migration at a time.

Processes of one instance may share its PostgreSQL database (more consumers in the group);
if each relayed the outbox, rows would be published once per process. The relay that holds a
PostgreSQL session advisory lock, on a connection of its own, publishes; the others wait and
take over when it goes (it unlocks on stopping; a killed process's session ends with it).
A SQLite file belongs to one process: its relay always leads.

The same lock, under another key (``MIGRATION_LOCK``), lets one process of an instance migrate
its database while the others wait, then find the schema at head.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import TracebackType

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from conum_runtime.telemetry import quietly

log = logging.getLogger(__name__)

RELAY_LOCK = 0x636F6E756D  # "conum": one lock per database, each instance has its own database
MIGRATION_LOCK = RELAY_LOCK + 1


class RelayLeadership:
    """Held by one process of the database at a time (``key``: what it guards; ``role``: who
    holds it, for the log)."""

    def __init__(
        self,
        engine: AsyncEngine,
        retry_every: float = 1.0,
        *,
        key: int = RELAY_LOCK,
        role: str = "outbox relay",
    ) -> None:
        self._engine = engine
        self._retry_every = retry_every
        self._key = key
        self._role = role
        self._connection: AsyncConnection | None = None
        self.refused = 0
        """How many times another process held the lead when this one asked for it."""

    @property
    def shared(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    async def __aenter__(self) -> RelayLeadership:
        """Return once this process leads (at once on SQLite)."""
        if not self.shared:
            return self
        waited = False
        while True:
            with quietly():
                connection = await self._engine.connect()
                taken = await connection.scalar(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
                )
            if taken:
                self._connection = connection
                if waited:
                    log.info("%s: this process now leads", self._role)
                return self
            await connection.close()
            self.refused += 1
            if not waited:
                log.info("%s: another process leads; standing by", self._role)
                waited = True
            await asyncio.sleep(self._retry_every)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await asyncio.shield(self._release(connection))

    async def _release(self, connection: AsyncConnection) -> None:
        """Unlock, then close (a pooled connection stays open: closing alone keeps the lock)."""
        with quietly(), contextlib.suppress(Exception):
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
        await connection.close()
