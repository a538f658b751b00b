"""A store read in key order, a page at a time: what a service answers a tool that compares
stores (``./conum reconcile``, decision 0036) by merging their listings like a merge-join.

A listing is keyed by one indexed column (a conseiller's id, the table's primary key) and
walks it in order: each page the rows after ``after`` (exclusive) and up to ``until``
(inclusive), at most ``limit`` of them; the key of a page's last row is the next page's
``after`` when more follow. The keys are canonical UUIDs, which every database orders as
Python orders their text.

Only national coordinators and operators read them (:data:`READERS`): a whole store's state,
no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conum_kernel.access import Caller, Role
from sqlalchemy import ColumnElement, Row, Select
from sqlalchemy.ext.asyncio import AsyncConnection

READERS = (Role.NATIONAL_COORDINATOR, Role.OPERATOR)
"""The roles that may read a listing in key order."""


@dataclass(frozen=True)
class KeyRange:
    """The keys a page covers: after ``after`` (exclusive), up to ``until`` (inclusive), at
    most ``limit`` rows."""

    after: str | None = None
    until: str | None = None
    limit: int = 1000


@dataclass(frozen=True)
class KeyedRows:
    """A page of rows in key order; ``next_after`` is its last key when more follow."""

    rows: list[Row[Any]]
    next_after: str | None


def regions_listed(caller: Caller) -> frozenset[str] | None:
    """The regions whose rows a listing shows the caller (``None``: every region); a token
    bound to a party is a party to no store as a whole and sees no row."""
    return frozenset() if caller.bound_to is not None else caller.regions


async def rows_in_key_order(
    connection: AsyncConnection,
    statement: Select[Any],
    key: ColumnElement[Any],
    region: ColumnElement[Any],
    regions: frozenset[str] | None,
    keys: KeyRange,
) -> KeyedRows:
    """The rows of ``statement`` in the range, ordered by ``key`` (its first column), in
    ``regions`` of the ``region`` column (``None``: every region)."""
    statement = statement.order_by(key).limit(keys.limit + 1)
    if keys.after is not None:
        statement = statement.where(key > keys.after)
    if keys.until is not None:
        statement = statement.where(key <= keys.until)
    if regions is not None:
        statement = statement.where(region.in_(regions))
    rows = list(await connection.execute(statement))
    more = len(rows) > keys.limit
    rows = rows[: keys.limit]
    return KeyedRows(rows, str(rows[-1][0]) if more else None)
