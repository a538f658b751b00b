"""The read side: a conseiller's positioning as the caller may see it, and the distribution
of current paths."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from conum_kernel.access import Caller

from conum_positioning import domain
from conum_positioning.store import PositioningUnitOfWork
from conum_positioning.store.repositories import PathCount


@dataclass(frozen=True)
class PositioningView:
    positioning: domain.Positioning
    results: list[domain.Result]
    """Every result, the earliest first, reopened ones included."""
    inquiries: list[domain.Inquiry]
    history: list[domain.Act]


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
