"""The merge-join of the services' listings (decision 0036): each service lists what it holds
of every conseiller in the order of their ids; walking the listings side by side gives, for
each conseiller, what every service holds of them, holding one page per service in memory.

A listing out of key order would pair the wrong items or miss some: it is refused
(:class:`OutOfOrder`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from conum_operations.reconciliation.reader import KeyRange


class OutOfOrder(Exception):
    """A service listed a conseiller after one whose id follows theirs."""


@dataclass(frozen=True)
class Held:
    """What each service holding the conseiller holds of them (by service), with the
    conseiller's place in the merged order and the id just before theirs (``None`` first)."""

    conseiller_id: str
    items: dict[str, dict[str, Any]]
    ordinal: int
    previous: str | None


async def merged(streams: Mapping[str, AsyncIterator[dict[str, Any]]]) -> AsyncIterator[Held]:
    """Every conseiller any stream holds, in the order of their ids, with each stream's item
    about them (the streams' items are keyed by ``conseiller_id``)."""
    heads: dict[str, dict[str, Any]] = {}
    last: dict[str, str] = {}

    async def advance(service: str) -> None:
        item = await anext(streams[service], None)
        if item is None:
            heads.pop(service, None)
            return
        key = item["conseiller_id"]
        if service in last and key <= last[service]:
            raise OutOfOrder(f"{service} listed {key} after {last[service]}: not in key order")
        heads[service] = item
        last[service] = key

    for service in streams:
        await advance(service)
    previous: str | None = None
    ordinal = 0
    while heads:
        key = min(item["conseiller_id"] for item in heads.values())
        holding = {name: item for name, item in heads.items() if item["conseiller_id"] == key}
        yield Held(key, holding, ordinal, previous)
        for service in holding:
            await advance(service)
        previous, ordinal = key, ordinal + 1


def ranges_around(suspects: Iterable[Held], gap: int) -> list[KeyRange]:
    """The key ranges to read again for ``suspects`` (in merged order): one range for each
    run of suspects at most ``gap`` places apart, from the id before its first suspect
    (exclusive) to its last suspect (inclusive)."""
    ranges: list[KeyRange] = []
    first: Held | None = None
    end: Held | None = None
    for held in suspects:
        if first is not None and end is not None and held.ordinal - end.ordinal <= gap:
            end = held
            continue
        if first is not None and end is not None:
            ranges.append(KeyRange(first.previous, end.conseiller_id))
        first = end = held
    if first is not None and end is not None:
        ranges.append(KeyRange(first.previous, end.conseiller_id))
    return ranges
