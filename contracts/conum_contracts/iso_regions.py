"""Corsica's code, ``FR-COR`` in the first majors, ``FR-20R`` (ISO 3166-2) in their successors.

The value of a contract changed, so each family carrying a ``region`` got a new major
(decision 0024). Its upcaster renames the region of replayed events; its downcaster gives the
producer the previous major to publish beside the new one during the deprecation period.
"""

from __future__ import annotations

from conum_kernel.territory import current_region_code, retired_region_code

from .event_type import EventType
from .upcasting import Payload, register_downcaster, register_upcaster


def region_to_iso(payload: Payload) -> Payload:
    """Previous major → successor: ``FR-COR`` becomes ``FR-20R``, nothing else changes."""
    payload["region"] = current_region_code(payload["region"])
    return payload


def region_to_retired(payload: Payload) -> Payload:
    """Successor → previous major: ``FR-20R`` becomes ``FR-COR``, nothing else changes."""
    payload["region"] = retired_region_code(payload["region"])
    return payload


def register(successions: tuple[tuple[EventType, EventType], ...]) -> None:
    """Register the upcaster and the downcaster of each (previous major, successor)."""
    for previous, successor in successions:
        register_upcaster(previous.name, successor.name, region_to_iso)
        register_downcaster(successor.name, previous.name, region_to_retired)
