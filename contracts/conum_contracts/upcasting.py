"""Upcasters: turn payloads of an old major version into the next one's shape.

When a type gets a new major, its producer publishes both for a deprecation period and an
upcaster ``vN → vN+1`` is registered here, so that replays of old events reach consumers in
the newest shape only (as in eventsourcing's ``upcast_v1_v2``). A **downcaster**
``vN+1 → vN``, where one exists, lets the producer publish the old major during that period
from the new event alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .envelope import parse_type

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]

_UPCASTERS: dict[str, tuple[str, Upcaster]] = {}
_DOWNCASTERS: dict[str, tuple[str, Upcaster]] = {}


def register_upcaster(from_type: str, to_type: str, upcaster: Upcaster) -> None:
    """Declare how to turn a ``from_type`` payload into a ``to_type`` payload.

    Both must be of the same family, ``to_type`` of a higher major; one upcaster per
    ``from_type``.
    """
    from_family, from_major = parse_type(from_type)
    to_family, to_major = parse_type(to_type)
    if from_family != to_family or to_major <= from_major:
        raise ValueError(f"an upcaster must go to a higher major of {from_family}")
    if from_type in _UPCASTERS:
        raise ValueError(f"an upcaster from {from_type} is already registered")
    _UPCASTERS[from_type] = (to_type, upcaster)


def unregister_upcaster(from_type: str) -> None:
    """Forget the upcaster from ``from_type`` (for tests); no error if there is none."""
    _UPCASTERS.pop(from_type, None)


def is_upcast(type_name: str) -> bool:
    """Whether payloads of ``type_name`` are turned into a newer major."""
    return type_name in _UPCASTERS


def upcast(type_name: str, payload: Payload) -> tuple[str, Payload]:
    """Apply upcasters from ``type_name`` until none applies: (newest type, its payload).

    The input payload is never mutated (each upcaster receives a shallow copy).
    """
    current_type, current = type_name, payload
    while current_type in _UPCASTERS:
        next_type, upcaster = _UPCASTERS[current_type]
        current_type, current = next_type, upcaster(dict(current))
    return current_type, current


def register_downcaster(from_type: str, to_type: str, downcaster: Upcaster) -> None:
    """Declare how to turn a ``from_type`` payload into one of the previous major,
    ``to_type``; one downcaster per ``from_type``."""
    from_family, from_major = parse_type(from_type)
    to_family, to_major = parse_type(to_type)
    if from_family != to_family or to_major != from_major - 1:
        raise ValueError(f"a downcaster must go to the previous major of {from_family}")
    if from_type in _DOWNCASTERS:
        raise ValueError(f"a downcaster from {from_type} is already registered")
    _DOWNCASTERS[from_type] = (to_type, downcaster)


def downcast(type_name: str, payload: Payload) -> tuple[str, Payload] | None:
    """The payload of the previous major (its type, its payload), or ``None`` when no
    downcaster is registered from ``type_name``. ``payload`` is never mutated."""
    if type_name not in _DOWNCASTERS:
        return None
    previous_type, downcaster = _DOWNCASTERS[type_name]
    return previous_type, downcaster(dict(payload))
