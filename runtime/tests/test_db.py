"""The store's transactions: what a unit of work reads stays true until it commits; on
SQLite the units of work of a process take the store in turns, in the order they asked."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conum_runtime.db import create_engine, session_factory
from sqlalchemy import text
from sqlalchemy.exc import TimeoutError as StoreQueueTimeout


async def test_on_sqlite_a_read_then_write_is_not_lost_to_a_concurrent_one(
    tmp_path: Path,
) -> None:
    """Two transactions each read a counter, wait, and write it plus one: both increments
    stay (the second waits for the first). Before, the driver began the transaction at the
    write only and one increment was lost: an enrolment withdrawn while a consumer applied
    a path came back ``in_training``."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/store.db")
    sessions = session_factory(engine)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        await connection.execute(text("INSERT INTO counter VALUES (0)"))

    async def increment() -> None:
        async with sessions() as session:
            n = (await session.execute(text("SELECT n FROM counter"))).scalar_one()
            # The window in which the other transaction would read the same n: this pause
            # between the read and the write is the very thing tested.
            await asyncio.sleep(0.2)
            await session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
            await session.commit()

    await asyncio.gather(increment(), increment())
    async with sessions() as session:
        assert (await session.execute(text("SELECT n FROM counter"))).scalar_one() == 2
    await engine.dispose()


async def test_on_sqlite_the_units_of_work_of_a_process_take_the_store_in_the_order_they_asked(
    tmp_path: Path,
) -> None:
    """One connection per SQLite file and process: while one unit of work holds it, the next
    ones wait in the event loop and get it first come, first served (SQLite's busy handler
    polled the lock in its own order, with sleeps up to 100 ms)."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/store.db")
    sessions = session_factory(engine)
    served: list[str] = []
    holding, release = asyncio.Event(), asyncio.Event()

    async def unit_of_work(name: str) -> None:
        async with sessions() as session:
            await session.execute(text("SELECT 1"))
            served.append(name)
            holding.set()
            if name == "first":
                await release.wait()
            await session.commit()

    first = asyncio.create_task(unit_of_work("first"))
    await holding.wait()
    waiting = []
    for name in ("second", "third", "fourth"):
        waiting.append(asyncio.create_task(unit_of_work(name)))
        # The order of asking is what is tested: each asks 20 ms after the one before (no
        # public signal tells that a task waits in the pool's queue).
        await asyncio.sleep(0.02)
    assert engine.sync_engine.pool.checkedout() == 1  # the others wait for it, in the loop
    release.set()
    await asyncio.gather(first, *waiting)
    assert served == ["first", "second", "third", "fourth"]
    await engine.dispose()


async def test_a_unit_of_work_that_waits_past_the_queue_timeout_gives_up(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/store.db", queue_timeout=0.2)
    sessions = session_factory(engine)
    async with sessions() as holder:
        await holder.execute(text("SELECT 1"))
        started = asyncio.get_running_loop().time()
        with pytest.raises(StoreQueueTimeout):
            async with sessions() as late:
                await late.execute(text("SELECT 1"))
        assert asyncio.get_running_loop().time() - started < 2
    async with sessions() as after:  # the store serves again once it is free
        assert (await after.execute(text("SELECT 1"))).scalar_one() == 1
    await engine.dispose()
