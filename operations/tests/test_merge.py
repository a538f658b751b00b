"""The merge-join of the services' listings: every conseiller any service holds, once, in key
order, with each service's item; a listing out of key order is refused; suspects are read
again in few, tight ranges. And a conseiller enrolment does not hold is a disagreement."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from conum_operations.reconciliation import (
    Held,
    KeyRange,
    OutOfOrder,
    PositioningSide,
    merged,
    ranges_around,
    unknown_to_enrolment,
)
from conum_operations.reconciliation.sides import NationalSide


async def listing(*keys: str) -> AsyncIterator[dict[str, Any]]:
    for key in keys:
        yield {"conseiller_id": key, "of": key}


async def merge(**streams: tuple[str, ...]) -> list[tuple[str, list[str], int, str | None]]:
    found = []
    async for held in merged({name: listing(*keys) for name, keys in streams.items()}):
        found.append((held.conseiller_id, sorted(held.items), held.ordinal, held.previous))
    return found


async def test_every_conseiller_once_in_key_order_with_what_each_service_holds() -> None:
    found = await merge(enrolment=("a", "c", "d"), positioning=("a", "b", "d"), national=())
    assert found == [
        ("a", ["enrolment", "positioning"], 0, None),
        ("b", ["positioning"], 1, "a"),
        ("c", ["enrolment"], 2, "b"),
        ("d", ["enrolment", "positioning"], 3, "c"),
    ]


async def test_a_listing_out_of_key_order_is_refused() -> None:
    with pytest.raises(OutOfOrder, match="positioning listed b after c"):
        await merge(enrolment=("a", "b", "c"), positioning=("a", "c", "b"))
    with pytest.raises(OutOfOrder):
        await merge(enrolment=("a", "a"))


def held(ordinal: int) -> Held:
    return Held(f"k{ordinal:03d}", {}, ordinal, f"k{ordinal - 1:03d}" if ordinal else None)


def test_suspects_close_together_are_read_again_in_one_range() -> None:
    suspects = [held(n) for n in (0, 3, 10, 200, 201, 900)]
    assert ranges_around(suspects, gap=64) == [
        KeyRange(None, "k010"),
        KeyRange("k199", "k201"),
        KeyRange("k899", "k900"),
    ]
    assert ranges_around(suspects, gap=0) == [
        KeyRange(s.previous, s.conseiller_id) for s in suspects
    ]
    assert ranges_around([], gap=64) == []


def test_a_conseiller_held_elsewhere_but_not_by_enrolment_disagrees() -> None:
    positioning = PositioningSide.of(
        {
            "enrolment_id": None,
            "state": "scheduled",
            "region": "FR-NAQ",
            "scheme": "2024",
            "structure_id": "s",
            "training_organisation_id": "la-fabrik",
            "enrolled_on": "2026-03-02",
            "assigned_path_hours": None,
        }
    )
    [known] = unknown_to_enrolment("c", positioning, None, NationalSide.unknown())
    assert (known.rule, known.holds("enrolment"), known.holds("positioning")) == (
        "known",
        "unknown",
        "scheduled",
    )
    journey = NationalSide("e", "s", None, None)
    [national] = unknown_to_enrolment("c", None, None, journey)
    assert (national.rule, national.holds("enrolment")) == ("national", "unknown")
    assert unknown_to_enrolment("c", None, None, NationalSide.unknown()) == []
