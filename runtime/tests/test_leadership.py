"""One outbox relay per database: on a shared PostgreSQL database one process leads and the
next takes over when it goes; a SQLite file's relay leads at once."""

from __future__ import annotations

import asyncio

import pytest
from conum_runtime.db import create_engine
from conum_runtime.leadership import RelayLeadership
from conum_runtime.testing.harness import eventually


async def refused(leadership: RelayLeadership, times: int) -> None:
    """Return once ``leadership`` was refused the lead ``times`` times (or fail after 30 s)."""

    async def enough() -> bool:
        return leadership.refused >= times

    await eventually(enough)


async def test_one_process_leads_a_shared_database_and_another_takes_over(
    postgres_url: str,
) -> None:
    first_engine, second_engine = create_engine(postgres_url), create_engine(postgres_url)
    first = RelayLeadership(first_engine, retry_every=0.1)
    second = RelayLeadership(second_engine, retry_every=0.1)
    try:
        await first.__aenter__()
        waiting = asyncio.create_task(second.__aenter__())
        await refused(second, times=5)
        assert not waiting.done(), "two relays lead one database"
        await first.__aexit__(None, None, None)
        await asyncio.wait_for(waiting, timeout=5)
        await second.__aexit__(None, None, None)
    finally:
        await first_engine.dispose()
        await second_engine.dispose()


async def test_a_sqlite_relay_leads_at_once(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        async with RelayLeadership(engine) as leadership:
            assert not leadership.shared
    finally:
        await engine.dispose()


@pytest.mark.parametrize("database", ["postgresql"])
async def test_a_relay_standing_by_can_be_stopped(database: str, postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    holder = RelayLeadership(engine)
    standing_by = RelayLeadership(engine, retry_every=0.1)
    try:
        await holder.__aenter__()
        waiting = asyncio.create_task(standing_by.__aenter__())
        await refused(standing_by, times=1)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        await holder.__aexit__(None, None, None)
    finally:
        await engine.dispose()


async def test_replicas_migrating_one_database_at_once_migrate_it_once(postgres_url: str) -> None:
    """Every replica's init container runs the migrations (decision 0030): under the migration
    lock one migrates, the others wait and find the schema at head; none fails."""
    from conum_positioning.app import SERVICE
    from conum_runtime.migrations import upgrade_once
    from sqlalchemy import inspect

    engines = [create_engine(postgres_url) for _ in range(3)]
    try:
        await asyncio.gather(
            *(upgrade_once(engine, SERVICE.migrations, SERVICE.metadata) for engine in engines)
        )
        async with engines[0].connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert {"outbox", "inbox", "alembic_version"} <= set(tables)
    finally:
        for engine in engines:
            await engine.dispose()
