"""Plain statements of a unit of work, for batch-aware repositories (decision 0028).

A consumer applies a batch of up to hundreds of events in one unit of work (decision 0019).
A repository of a table that such a batch reads and writes by the hundred uses plain
statements rather than ORM objects, reads the batch's rows in one statement, and queues its
new rows here (:meth:`Statements.insert_at_commit`) to insert them with one statement per
table. The rule that made that safe, "write the queue before any statement that could read
it", is kept here rather than by each repository:

- a statement a repository runs through :meth:`Statements.execute` that names a table with
  queued rows (reads it, or changes it) runs after they are written; every such statement
  runs after the ORM's pending changes are written;
- while rows are queued, an ORM statement of the same session that names their table writes
  them first too;
- the unit of work writes what is still queued at commit, before its inbox and outbox rows.

A queued row may still be changed in place while :attr:`Queued.pending` (an aggregate added
and changed by one batch is inserted once, changed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import CursorResult, Executable, Table, event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.util import find_tables
from sqlmodel.ext.asyncio.session import AsyncSession

Row = dict[str, Any]


class Queued:
    """A row queued for insertion at commit; it may be changed while :attr:`pending`."""

    __slots__ = ("_generation", "_statements", "row")

    def __init__(self, statements: Statements, row: Row) -> None:
        self._statements = statements
        self._generation = statements.generation
        self.row = row

    @property
    def pending(self) -> bool:
        """Not inserted yet: a change to :attr:`row` is still inserted."""
        return self._generation == self._statements.generation


class Statements:
    """The unit of work's plain statements and the rows it inserts at commit, one statement
    per table (compiled once), tables in the order they were first given rows."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._rows: dict[Table, list[Row]] = {}
        self._watching_orm = False
        self.generation = 0
        """Changes at each write of the queue."""

    @property
    def dialect(self) -> str:
        """The store's SQL dialect (``sqlite``, ``postgresql``): upserts are written in it."""
        bind = self._session.bind
        return bind.dialect.name if bind is not None else "sqlite"

    def insert_at_commit(self, table: Table, row: Row) -> Queued:
        """Queue ``row`` for ``table``: inserted before the next statement, or at commit."""
        self._rows.setdefault(table, []).append(row)
        if not self._watching_orm:
            event.listen(self._session.sync_session, "do_orm_execute", self._before_orm)
            self._watching_orm = True
        return Queued(self, row)

    async def execute(
        self, statement: Executable, parameters: Sequence[Row] | Row | None = None
    ) -> CursorResult[Any]:
        """Run ``statement`` in the unit of work's transaction, once what it may read is
        written: the rows queued for the tables it names, the ORM's pending changes."""
        if self._rows and self._names_queued(statement):
            await self.write()
        session = self._session
        if session.new or session.dirty or session.deleted:
            await session.flush()
        connection = await session.connection()
        return await connection.execute(statement, parameters)

    async def write(self) -> None:
        """Insert the queued rows now (in the unit of work's transaction)."""
        if not self._rows:
            return
        rows, self._rows = self._rows, {}
        self.generation += 1
        connection = await self._session.connection()
        for table, table_rows in rows.items():
            await connection.execute(table.insert(), table_rows)

    def _names_queued(self, statement: Executable) -> bool:
        """Whether the statement names a table with queued rows (in a join, a subquery, as
        the table it changes…)."""
        named = find_tables(
            statement,  # type: ignore[arg-type]
            include_crud=True,
            include_joins=True,
            include_selects=True,
        )
        return any(table in self._rows for table in named)

    def _before_orm(self, state: ORMExecuteState) -> None:
        """An ORM statement of the session (a ``select`` of rows, a ``get``) that names a
        table with queued rows sees them: they are written first, on its connection."""
        if not self._rows or not self._names_queued(state.statement):
            return
        rows, self._rows = self._rows, {}
        self.generation += 1
        session: Session = state.session
        connection = session.connection()
        for table, table_rows in rows.items():
            connection.execute(table.insert(), table_rows)
