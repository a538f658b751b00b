"""The store's transactions: what a unit of work reads stays true until it commits."""

from __future__ import annotations

import asyncio
from pathlib import Path

from conum_runtime.db import create_engine, session_factory
from sqlalchemy import text


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
            await asyncio.sleep(0.2)
            await session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
            await session.commit()

    await asyncio.gather(increment(), increment())
    async with sessions() as session:
        assert (await session.execute(text("SELECT n FROM counter"))).scalar_one() == 2
    await engine.dispose()
