"""Lookup of event types: by name, by model, by owner; dead-letter topics."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .base import EventModel
from .catalogue import ALL_EVENT_TYPES
from .envelope import TYPE_PATTERN
from .errors import UnknownEventType
from .event_type import EventType

__all__ = [
    "EVENT_TYPES",
    "EventType",
    "UnknownEventType",
    "dead_letter_topic",
    "event_type",
    "for_model",
    "is_known_family",
    "known_majors",
    "topics_of",
]

EVENT_TYPES: Mapping[str, EventType] = MappingProxyType(
    {declared.name: declared for declared in ALL_EVENT_TYPES}
)
"""Every event type of the network, by full name (``fr.conum.….v1``)."""

_BY_MODEL: Mapping[type[EventModel], EventType] = MappingProxyType(
    {declared.model: declared for declared in ALL_EVENT_TYPES}
)

if len(EVENT_TYPES) != len(ALL_EVENT_TYPES) or len(_BY_MODEL) != len(ALL_EVENT_TYPES):
    raise RuntimeError("an event type name or model is declared twice")


def event_type(name: str) -> EventType:
    """The event type of this full name; :class:`UnknownEventType` if none."""
    try:
        return EVENT_TYPES[name]
    except KeyError:
        raise UnknownEventType(f"unknown event type {name!r}") from None


def for_model(model: type[EventModel]) -> EventType:
    """The event type whose payload is ``model``; :class:`UnknownEventType` if none."""
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise UnknownEventType(f"no event type declared for model {model.__name__}") from None


def topics_of(owner: str) -> list[str]:
    """The topics a service produces to, sorted."""
    return sorted({declared.topic for declared in EVENT_TYPES.values() if declared.owner == owner})


def known_majors(name: str) -> list[int]:
    """Majors declared for the family of ``name`` (a family or a full versioned name)."""
    family = _family_of(name)
    return sorted(declared.major for declared in EVENT_TYPES.values() if declared.family == family)


def is_known_family(name: str) -> bool:
    """Whether some major of this family is declared (``name`` with or without ``.vN``)."""
    return bool(known_majors(name))


def dead_letter_topic(service: str) -> str:
    """The dead-letter topic of a consuming service: ``conum.dlq.<service>``."""
    return f"conum.dlq.{service}"


def _family_of(name: str) -> str:
    match = TYPE_PATTERN.match(name)
    return match["family"] if match else name
