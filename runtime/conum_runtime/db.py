"""Async database engine and sessions (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel.ext.asyncio.session import AsyncSession

SessionFactory = async_sessionmaker[AsyncSession]


def create_engine(url: str, *, queue_timeout: float = 60.0) -> AsyncEngine:
    """An async engine; SQLite gets a busy timeout, foreign keys and WAL. Statement parameters
    never appear in errors or logs (they can be personal data).

    On SQLite every transaction begins with ``BEGIN IMMEDIATE``: the Python driver would
    otherwise begin a transaction only at the first write, so what a unit of work read
    (``for_update`` included, which SQLite ignores) was not protected, and a consumer's
    handler could write back an enrolment read before a withdrawal committed in between (a
    lost update that ``./conum reconcile`` found after a wave). Writers of one store take
    turns; PostgreSQL keeps its row locks.

    A SQLite file is used through **one connection per process**: since every transaction
    takes the file's write lock, the units of work of a process queue for the connection in
    the order they asked (the pool's wait, in the event loop), rather than polling the lock in
    SQLite's busy handler, which sleeps up to 100 ms between tries and serves no order (under
    a wave, p99 waits of seconds). A unit of work that waited ``queue_timeout`` seconds gives
    up with SQLAlchemy's ``TimeoutError`` (HTTP: 503, the store is busy). Another process on
    the same file still meets the busy timeout."""
    if url.startswith("sqlite"):
        file = _sqlite_file(url)
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        one_connection = {"pool_size": 1, "max_overflow": 0, "pool_timeout": queue_timeout}
        engine = create_async_engine(
            url,
            connect_args={"timeout": 30},
            hide_parameters=True,
            **(one_connection if file is not None else {}),
        )
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        event.listen(engine.sync_engine, "begin", _begin_immediate)
        return engine
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True)


def session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def _configure_sqlite(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    dbapi_connection.isolation_level = None  # the driver no longer begins on its own


def _begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; ``None`` for an in-memory database (which keeps its own
    pool)."""
    _, _, path = url.partition(":///")
    return None if not path or path.startswith(":memory:") else Path(path)
