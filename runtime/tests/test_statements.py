"""Batch-aware repositories' statements (decision 0028), on SQLite and PostgreSQL: queued rows
are inserted with one statement per table, and no statement of the unit of work, plain or
ORM, misses them or the ORM's pending changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from conum_runtime.db import create_engine, session_factory
from conum_runtime.tables import runtime_tables
from conum_runtime.uow import UnitOfWork
from sqlalchemy import Column, Integer, MetaData, String, Table, event, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlmodel import select as orm_select


class Base(DeclarativeBase):
    metadata = MetaData()


class Note(Base):
    """A table the ORM writes."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(50))


ITEMS = Table(
    "items",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("label", String(50), nullable=False),
)
TAGS = Table(
    "tags",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, nullable=False),
)
TABLES = runtime_tables(Base.metadata)


class Store:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.sessions = session_factory(self.engine)
        self.statements: list[str] = []
        event.listen(self.engine.sync_engine, "before_execute", self._seen)

    def _seen(self, _connection: Any, statement: Any, *_args: Any) -> None:
        self.statements.append(str(statement).split("(")[0].strip())

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, TABLES, "test")

    async def count(self, table: Table) -> int:
        async with self.engine.connect() as connection:
            return int((await connection.execute(select(func.count()).select_from(table))).scalar())


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    made = Store(database_url)
    async with made.engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    made.statements.clear()
    yield made
    await made.engine.dispose()


def count_items() -> Any:
    return select(func.count()).select_from(ITEMS)


async def test_queued_rows_go_in_one_statement_per_table_at_commit(store: Store) -> None:
    async with store.uow() as uow:
        for n in range(150):
            uow.statements.insert_at_commit(ITEMS, {"id": n, "label": f"item {n}"})
            uow.statements.insert_at_commit(TAGS, {"id": n, "item_id": n})
        assert store.statements == []  # nothing written yet
        await uow.commit()
    inserts = [s for s in store.statements if s.startswith("INSERT")]
    assert inserts == ["INSERT INTO items", "INSERT INTO tags"]
    assert (await store.count(ITEMS), await store.count(TAGS)) == (150, 150)


async def test_a_statement_run_through_the_unit_of_work_sees_the_queued_rows(
    store: Store,
) -> None:
    async with store.uow() as uow:
        uow.statements.insert_at_commit(ITEMS, {"id": 1, "label": "one"})
        uow.statements.insert_at_commit(ITEMS, {"id": 2, "label": "two"})
        assert (await uow.statements.execute(count_items())).scalar() == 2
        uow.statements.insert_at_commit(ITEMS, {"id": 3, "label": "three"})
        assert (await uow.statements.execute(count_items())).scalar() == 3
        await uow.commit()
    assert await store.count(ITEMS) == 3  # each row once


async def test_an_orm_statement_sees_the_queued_rows(store: Store) -> None:
    queued_text = "queued before the ORM read"
    async with store.uow() as uow:
        uow.statements.insert_at_commit(Note.__table__, {"id": 7, "text": queued_text})  # type: ignore[arg-type]
        note = await uow.session.get(Note, 7)
        assert note is not None and note.text == queued_text
        found = await uow.session.exec(orm_select(Note.id))
        assert found.all() == [7]
        await uow.commit()
    assert await store.count(Note.__table__) == 1  # type: ignore[arg-type]


async def test_a_statement_sees_the_orm_pending_changes(store: Store) -> None:
    async with store.uow() as uow:
        uow.session.add(Note(id=1, text="pending in the ORM"))
        counted = await uow.statements.execute(select(func.count()).select_from(Note))
        assert counted.scalar() == 1
        await uow.commit()


async def test_a_queued_row_is_changed_in_place_until_it_is_written(store: Store) -> None:
    async with store.uow() as uow:
        queued = uow.statements.insert_at_commit(ITEMS, {"id": 1, "label": "first"})
        assert queued.pending
        queued.row["label"] = "changed while queued"
        await uow.statements.execute(count_items())
        assert not queued.pending  # written: a change now needs a statement of its own
        await uow.commit()
    async with store.engine.connect() as connection:
        labels = (await connection.execute(select(ITEMS.c.label))).scalars().all()
    assert labels == ["changed while queued"]


async def test_rows_queued_by_a_unit_of_work_that_does_not_commit_are_not_written(
    store: Store,
) -> None:
    async with store.uow() as uow:
        uow.statements.insert_at_commit(ITEMS, {"id": 1, "label": "dropped"})
        await uow.statements.execute(count_items())  # written in the transaction…
        uow.statements.insert_at_commit(ITEMS, {"id": 2, "label": "never written"})
    assert await store.count(ITEMS) == 0  # …which is rolled back


async def test_a_statement_naming_other_tables_leaves_the_queue_for_one_statement(
    store: Store,
) -> None:
    async with store.uow() as uow:
        first = uow.statements.insert_at_commit(ITEMS, {"id": 1, "label": "one"})
        await uow.statements.execute(select(func.count()).select_from(TAGS))
        await uow.session.get(Note, 1)
        assert first.pending  # neither names the items: they stay queued
        uow.statements.insert_at_commit(ITEMS, {"id": 2, "label": "two"})
        joined = select(func.count()).select_from(TAGS.join(ITEMS, TAGS.c.item_id == ITEMS.c.id))
        await uow.statements.execute(joined)  # a join names them
        assert not first.pending
        await uow.commit()
    assert [s for s in store.statements if s.startswith("INSERT")] == ["INSERT INTO items"]
