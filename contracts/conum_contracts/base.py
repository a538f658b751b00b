"""Base classes of every event payload, and tolerant parsing for consumers.

Producers build closed models (unknown fields are refused, so a typo never reaches the
wire), usually from the domain object the event tells of (:meth:`EventModel.of`). Consumers
read with :func:`parse_tolerant`, which ignores fields they do not know, so a producer may
add optional fields without breaking them.
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Self, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict

M = TypeVar("M", bound=BaseModel)

PERSONAL_DATA_MARKER = "x-personal-data"


_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {}
_ABSENT = object()


def read_fields(
    model: type[BaseModel], source: object, parts: Sequence[object], given: Mapping[str, Any]
) -> dict[str, Any]:
    """The values of ``model``'s fields: each ``given`` one as it is, each other one read from
    the first of ``source`` and ``parts`` with an attribute of its name (a field none has
    keeps its default)."""
    names = _FIELDS.get(model)
    if names is None:
        names = _FIELDS[model] = tuple(model.model_fields)
    holders = (source, *parts)
    values = dict(given)
    for name in names:
        if name in values:
            continue
        for holder in holders:
            value = getattr(holder, name, _ABSENT)
            if value is not _ABSENT:
                values[name] = value
                break
    return values


class EventModel(BaseModel):
    """Payload of one event type: immutable, closed to unknown fields, no NaN or infinity
    (JSON has neither)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @classmethod
    def of(cls, source: object, /, *parts: object, **given: Any) -> Self:
        """The event telling what ``source`` holds (:func:`read_fields`): ``Ccp1ConvenedV2.of(
        convocation)``; ``parts`` are read after it, ``given`` fields win."""
        return cls.model_validate(read_fields(cls, source, parts, given))


class NestedModel(BaseModel):
    """A value object nested inside an event payload: immutable, closed to unknown fields;
    read from a domain object's attributes when given one (:meth:`EventModel.of`)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False, from_attributes=True
    )


class PersonalData(BaseModel):
    """Marker base of sub-models holding personal data (names, e-mail addresses).

    Their JSON Schema carries ``"x-personal-data": true``; such values must never reach
    logs, span attributes or error messages.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_extra={PERSONAL_DATA_MARKER: True}
    )


def parse_tolerant(model: type[M], data: Mapping[str, Any]) -> M:
    """Validate ``data`` as ``model`` after dropping every key the model does not declare.

    Unknown keys are pruned at every nesting level (sub-models, lists of sub-models,
    optional sub-models). Declared fields are validated as strictly as for producers:
    violations raise :class:`pydantic.ValidationError`.
    """
    if not isinstance(data, Mapping):
        return model.model_validate(data)
    return model.model_validate(_prune_object(model, data))


def _prune_object(model: type[BaseModel], data: Mapping[str, Any]) -> dict[str, Any]:
    declared: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        declared[name] = info.annotation
        if info.alias:
            declared[info.alias] = info.annotation
    return {
        key: _prune_value(declared[key], value) for key, value in data.items() if key in declared
    }


def _prune_value(annotation: Any, value: Any) -> Any:
    if isinstance(value, Mapping):
        nested = _only_model_in(annotation)
        return _prune_object(nested, value) if nested else value
    if isinstance(value, list):
        item = _item_annotation(annotation)
        return [_prune_value(item, element) for element in value] if item else value
    return value


def _alternatives(annotation: Any) -> list[Any]:
    """The types an annotation admits, with ``Annotated`` and unions unwrapped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _alternatives(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [alt for arg in get_args(annotation) for alt in _alternatives(arg)]
    return [annotation]


def _only_model_in(annotation: Any) -> type[BaseModel] | None:
    models = [
        alt
        for alt in _alternatives(annotation)
        if isinstance(alt, type) and issubclass(alt, BaseModel)
    ]
    return models[0] if len(models) == 1 else None


def _item_annotation(annotation: Any) -> Any:
    for alt in _alternatives(annotation):
        origin = get_origin(alt)
        if isinstance(origin, type) and issubclass(origin, Sequence) and get_args(alt):
            return get_args(alt)[0]
    return None
