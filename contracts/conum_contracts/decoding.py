"""Payload encoding for producers and decoding for consumers.

Consumers call :func:`decode_event` with ``ce_type`` and the Kafka value: old majors are
upcast, unknown fields ignored, and any contract violation raised as
:class:`ContractViolation` whose reason names fields but never their values.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from . import registry
from .base import EventModel, parse_tolerant
from .errors import ContractViolation, UnknownEventType, UnsupportedMajorVersion
from .upcasting import is_upcast, upcast

__all__ = [
    "ContractViolation",
    "UnknownEventType",
    "UnsupportedMajorVersion",
    "decode_event",
    "describe_errors",
    "encode_event",
]


def encode_event(event: EventModel) -> bytes:
    """The Kafka value of ``event``: compact UTF-8 JSON."""
    return event.model_dump_json().encode()


def decode_event(type_name: str, payload: bytes) -> EventModel:
    """The event model of a consumed message.

    Raises :class:`ContractViolation` (the payload is not a JSON object or violates the
    schema), :class:`UnsupportedMajorVersion` (the family is known, not this major) or
    :class:`UnknownEventType` (neither the type nor its family is known).
    """
    fast = _as_published(type_name, payload)
    if fast is not None:
        return fast
    data = _load_json_object(type_name, payload)
    try:
        newest_type, data = upcast(type_name, data)
    except Exception as exc:  # an upcaster met a payload it cannot read
        raise ContractViolation(
            f"{type_name}: upcasting failed ({type(exc).__name__})", type_name=type_name
        ) from None
    declared = _declared_type(newest_type)
    try:
        return parse_tolerant(declared.model, data)
    except ValidationError as exc:
        # ``from None``: the ValidationError's text holds the input values.
        raise ContractViolation(
            f"{newest_type}: payload violates the contract: {describe_errors(exc)}",
            type_name=newest_type,
        ) from None


def _as_published(type_name: str, payload: bytes) -> EventModel | None:
    """The common case in one step: a payload of a declared, newest type, exactly as its
    model writes it, validated straight from JSON. ``None`` otherwise (an old major, unknown
    fields to ignore, a violation to describe): :func:`decode_event` then goes field by field.
    """
    declared = registry.EVENT_TYPES.get(type_name)
    if declared is None or is_upcast(type_name):
        return None
    try:
        return declared.model.model_validate_json(payload)
    except ValidationError:
        return None


def describe_errors(error: ValidationError) -> str:
    """``location: message`` for every error, without the offending values."""
    return "; ".join(_describe(detail) for detail in error.errors(include_url=False))


def _describe(detail: ErrorDetails) -> str:
    location = ".".join(str(part) for part in detail["loc"]) or "<payload>"
    message = detail["msg"]
    value = detail.get("input")
    if isinstance(value, str | int | float) and str(value) and str(value) in message:
        message = "invalid value"  # the message quotes the value: keep only the error type
    return f"{location}: {message} [{detail['type']}]"


def _load_json_object(type_name: str, payload: bytes) -> dict[str, Any]:
    try:
        data = json.loads(payload, parse_constant=_reject_non_json_constant)
    except UnicodeDecodeError as exc:
        raise ContractViolation(
            f"payload is not JSON: not UTF-8 ({exc.reason})", type_name=type_name
        ) from None
    except json.JSONDecodeError as exc:
        raise ContractViolation(f"payload is not JSON: {exc.msg}", type_name=type_name) from None
    if not isinstance(data, dict):
        raise ContractViolation(
            f"payload is not a JSON object but {type(data).__name__}", type_name=type_name
        )
    return data


def _reject_non_json_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a JSON value", name, 0)


def _declared_type(type_name: str) -> registry.EventType:
    try:
        return registry.event_type(type_name)
    except UnknownEventType:
        majors = registry.known_majors(type_name)
        if not majors:
            raise
        known = ", ".join(f"v{major}" for major in majors)
        raise UnsupportedMajorVersion(
            f"{type_name}: unsupported major version; known majors of this family: {known}",
            type_name=type_name,
        ) from None
