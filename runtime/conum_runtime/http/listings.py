"""A listing in key order over HTTP (decision 0036): the same path in every service, for the
roles that read a whole store (:data:`conum_runtime.key_order.READERS`), its range
(``cursor``, ``until``, ``limit``) taken as one dependency.

A service declares it once::

    @listing_route(router)
    async def list_for_reconciliation(caller: CurrentCaller, uow: Uow, keys: Keys) -> Page:
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from conum_contracts.common import UUID_PATTERN
from fastapi import APIRouter, Depends, Query

from conum_runtime.http.dependencies import allow
from conum_runtime.http.fields import Cursor
from conum_runtime.http.problems import problems
from conum_runtime.key_order import READERS, KeyRange

LISTING_PATH = "/reconciliation/conseillers"
F = TypeVar("F", bound=Callable[..., Any])

Until = Annotated[
    str | None,
    Query(
        pattern=UUID_PATTERN,
        max_length=36,
        description="The items up to this id (included); none after it.",
    ),
]
KeyLimit = Annotated[int, Query(ge=1, le=5000, description="Items per page (1,000 by default).")]


async def key_range(cursor: Cursor = None, until: Until = None, limit: KeyLimit = 1000) -> KeyRange:
    """The page asked for: the items after ``cursor`` and up to ``until``, ``limit`` at most."""
    return KeyRange(cursor, until, limit)


Keys = Annotated[KeyRange, Depends(key_range)]


def listing_route(router: APIRouter) -> Callable[[F], F]:
    """The route of the service's listing in key order, on ``router``."""
    route: Callable[[F], F] = router.get(
        LISTING_PATH,
        responses=problems(403),
        dependencies=[allow(*READERS)],
        tags=["reconciliation"],
    )
    return route
