"""The read side: a conseiller's positioning as the caller may see it, and the distribution
of current paths."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from conum_kernel.access import Caller
from conum_runtime.key_order import KeyRange, regions_listed, rows_in_key_order
from sqlalchemy import Row, select

from conum_positioning import domain
from conum_positioning.store import PositioningUnitOfWork
from conum_positioning.store.repositories import PathCount
from conum_positioning.store.tables import metadata

_POSITIONINGS = metadata.tables["positionings"]
_RESULTS = metadata.tables["positioning_results"]
RECONCILED = (
    "conseiller_id",
    "enrolment_id",
    "state",
    "region",
    "scheme",
    "structure_id",
    "training_organisation_id",
    "enrolled_on",
)
"""What reconciliation compares of a positioning, with the path assigned (decision 0036)."""


class Assigned(domain.Recorded, Protocol):
    """A result as far as the path it assigned goes."""

    @property
    def path_hours(self) -> int: ...


@dataclass(frozen=True)
class PositioningView:
    positioning: domain.Positioning
    results: list[domain.Result]
    """Every result, the earliest first, reopened ones included."""
    inquiries: list[domain.Inquiry]
    history: list[domain.Act]


@dataclass(frozen=True)
class PositioningStates:
    """A page of positionings as reconciliation compares them (decision 0036): each row of
    ``RECONCILED`` columns with the path last assigned in its current round."""

    items: list[tuple[Row[Any], int | None]]
    next_after: str | None


def assigned_path_hours(positioning: domain.RoundOf, results: Iterable[Assigned]) -> int | None:
    """The path last assigned in the current round: the current result's, or while reopened
    the reopened result's (what the other services hold)."""
    this_round = domain.of_current_round(positioning, results)
    return this_round[-1].path_hours if this_round else None


async def positioning_view(
    uow: PositioningUnitOfWork, conseiller_id: str, caller: Caller
) -> PositioningView:
    """Everything about one positioning; one the caller may not see does not exist (404)."""
    positioning = await uow.positionings.get(conseiller_id)
    if positioning is None or not caller.may_see(positioning.stake):
        raise domain.UnknownPositioning("no positioning for this conseiller")
    return PositioningView(
        positioning=positioning,
        results=await uow.positionings.results(conseiller_id),
        inquiries=await uow.inquiries.of(conseiller_id),
        history=await uow.positionings.history(conseiller_id),
    )


async def path_distribution(
    uow: PositioningUnitOfWork, caller: Caller, region: str | None, scheme: str | None
) -> list[PathCount]:
    """Current paths by region and scheme, in the caller's regions (or the one asked)."""
    regions: Collection[str] | None = caller.regions
    if region is not None:
        caller.check_region(region)
        regions = frozenset({region})
    return await uow.positionings.path_distribution(regions, scheme)


async def in_key_order(
    uow: PositioningUnitOfWork, caller: Caller, keys: KeyRange
) -> PositioningStates:
    """The positionings of the caller's regions as reconciliation compares them, in the order
    of conseiller ids (the primary key), a page at a time; their results are read in the
    same order over the page's range of ids (an index by conseiller and sequence)."""
    connection = await uow.session.connection()
    page = await rows_in_key_order(
        connection,
        select(*(_POSITIONINGS.c[name] for name in RECONCILED)),
        _POSITIONINGS.c.conseiller_id,
        _POSITIONINGS.c.region,
        regions_listed(caller),
        keys,
    )
    if not page.rows:
        return PositioningStates([], None)
    results = _RESULTS.c
    statement = (
        select(results.conseiller_id, results.enrolment_id, results.recorded_on, results.path_hours)
        .where(results.conseiller_id <= page.rows[-1].conseiller_id)
        .order_by(results.conseiller_id, results.sequence)
    )
    if keys.after is not None:
        statement = statement.where(results.conseiller_id > keys.after)
    by_conseiller: dict[str, list[Row[Any]]] = {}
    for result in await connection.execute(statement):
        by_conseiller.setdefault(result.conseiller_id, []).append(result)
    items = [
        (row, assigned_path_hours(row, by_conseiller.get(row.conseiller_id, ())))
        for row in page.rows
    ]
    return PositioningStates(items, page.next_after)
