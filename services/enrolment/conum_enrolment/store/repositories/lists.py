"""Lists a page at a time, showing a caller what it may see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from conum_kernel.access import Role
from sqlalchemy import false
from sqlmodel import col

T = TypeVar("T")
Q = TypeVar("Q")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list ordered by id; ``next_after`` is the last id when more follow."""

    items: list[T]
    next_after: str | None


@dataclass(frozen=True)
class Listing:
    """What a list shows: rows of these regions (``None``: every one) and, for a caller bound
    to a party (``(role, party)``), only the rows that party is a party to (decision 0014's
    rule, as ``Caller.may_see`` applies it to one resource)."""

    regions: frozenset[str] | None = None
    party: tuple[Role, str] | None = None


def visible(query: Q, listing: Listing, region: Any, parties: Mapping[Role, Any]) -> Q:
    """``query`` narrowed to ``listing``: ``region`` is the region column, ``parties`` the
    column naming the party of each role (a bound role absent from it sees no row)."""
    narrowed: Any = query
    if listing.regions is not None:
        narrowed = narrowed.where(col(region).in_(listing.regions))
    if listing.party is not None:
        role, party = listing.party
        column = parties.get(role)
        narrowed = narrowed.where(false()) if column is None else narrowed.where(column == party)
    result: Q = narrowed
    return result
