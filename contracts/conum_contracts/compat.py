"""Compatibility of two JSON Schemas of one event type (same major version).

Full compatibility, as every revision must stay readable both ways: consumers built on an
earlier revision read new events (tolerantly), and consumers built on the new revision replay
old events. Hence within a major version the only compatible changes are

* documentation: ``title``, ``description``, ``examples``, ``$comment``, ``deprecated`` and
  ``x-…`` annotations;
* a new property that is optional and has a default.

Anything else that changes the accepted values of an existing property is reported: removed
properties, type/format/pattern changes, tightened *or loosened* bounds, enum values removed
*or added*, nullability changes, new required properties, required ↔ optional.
"""

from __future__ import annotations

import json
from typing import Any

Schema = dict[str, Any]

_DOCUMENTATION = frozenset({"title", "description", "examples", "$comment", "deprecated"})
_LOWER_BOUNDS = frozenset({"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"})
_UPPER_BOUNDS = frozenset({"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"})
_COMPARED_STRUCTURALLY = frozenset(
    {"type", "enum", "const", "properties", "required", "items", "anyOf", "oneOf", "allOf"}
)
_OLD_READERS = "consumers of earlier revisions reject"
_ABSENT: Any = object()


def check_compatible(old: Schema, new: Schema) -> list[str]:
    """Why ``new`` is not a compatible revision of ``old``; empty when it is."""
    reasons: list[str] = []
    _compare(inline_refs(old), inline_refs(new), "$", reasons)
    return reasons


def inline_refs(schema: Schema) -> Schema:
    """``schema`` with every local ``$ref`` to ``#/$defs/…`` replaced by its definition."""
    definitions: dict[str, Any] = schema.get("$defs", {})

    def resolve(node: Any, seen: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [resolve(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str):
            name = node["$ref"].removeprefix("#/$defs/")
            if name not in definitions or name in seen:
                raise ValueError(f"cannot inline $ref {node['$ref']!r}")
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            return {**resolve(definitions[name], seen | {name}), **resolve(siblings, seen)}
        return {key: resolve(value, seen) for key, value in node.items() if key != "$defs"}

    inlined: Schema = resolve(schema, frozenset())
    return inlined


def _compare(old: Schema, new: Schema, path: str, reasons: list[str]) -> None:
    old, old_nullable = _split_null(old)
    new, new_nullable = _split_null(new)
    if old_nullable and not new_nullable:
        reasons.append(f"{path}: null is no longer accepted")
    if new_nullable and not old_nullable:
        reasons.append(f"{path}: null is now accepted ({_OLD_READERS} it)")
    _compare_types(old, new, path, reasons)
    _compare_allowed_values(old, new, path, reasons)
    _compare_properties(old, new, path, reasons)
    _compare_items(old, new, path, reasons)
    for keyword in ("anyOf", "oneOf", "allOf"):
        _compare_alternatives(keyword, old, new, path, reasons)
    for keyword in sorted((old.keys() | new.keys()) - _COMPARED_STRUCTURALLY):
        if not _is_documentation(keyword):
            _compare_keyword(keyword, old, new, path, reasons)


def _split_null(schema: Schema) -> tuple[Schema, bool]:
    """The schema without its ``null`` alternative, and whether it had one."""
    alternatives = schema.get("anyOf")
    if isinstance(alternatives, list) and {"type": "null"} in alternatives:
        rest = {key: value for key, value in schema.items() if key != "anyOf"}
        others = [alternative for alternative in alternatives if alternative != {"type": "null"}]
        if len(others) == 1:
            return {**rest, **others[0]}, True
        return {**rest, "anyOf": others}, True
    types = schema.get("type")
    if isinstance(types, list) and "null" in types:
        remaining = [name for name in types if name != "null"]
        return {**schema, "type": remaining[0] if len(remaining) == 1 else remaining}, True
    return schema, False


def _compare_types(old: Schema, new: Schema, path: str, reasons: list[str]) -> None:
    old_types, new_types = _type_set(old), _type_set(new)
    if old_types != new_types:
        reasons.append(
            f"{path}: type changed from {_show_types(old_types)} to {_show_types(new_types)}"
        )


def _type_set(schema: Schema) -> frozenset[str]:
    types = schema.get("type")
    if types is None:
        return frozenset()
    return frozenset(types) if isinstance(types, list) else frozenset({types})


def _show_types(types: frozenset[str]) -> str:
    return "/".join(sorted(types)) or "any"


def _compare_allowed_values(old: Schema, new: Schema, path: str, reasons: list[str]) -> None:
    old_values, new_values = _allowed_values(old), _allowed_values(new)
    if old_values is None and new_values is None:
        return
    if old_values is None:
        reasons.append(f"{path}: now restricted to the values {_show(new_values)}")
    elif new_values is None:
        reasons.append(f"{path}: no longer restricted to the values {_show(old_values)}")
    else:
        removed = [value for value in old_values if value not in new_values]
        added = [value for value in new_values if value not in old_values]
        if removed:
            reasons.append(f"{path}: allowed value(s) {_show(removed)} removed")
        if added:
            reasons.append(f"{path}: allowed value(s) {_show(added)} added ({_OLD_READERS} them)")


def _allowed_values(schema: Schema) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return None


def _compare_properties(old: Schema, new: Schema, path: str, reasons: list[str]) -> None:
    old_properties: dict[str, Schema] = old.get("properties", {})
    new_properties: dict[str, Schema] = new.get("properties", {})
    old_required = set(old.get("required", []))
    new_required = set(new.get("required", []))
    for name, old_property in old_properties.items():
        where = f"{path}.{name}"
        if name not in new_properties:
            reasons.append(f"{where}: property removed")
            continue
        _compare(old_property, new_properties[name], where, reasons)
        if name in new_required and name not in old_required:
            reasons.append(f"{where}: optional property became required")
        if name in old_required and name not in new_required:
            reasons.append(
                f"{where}: required property became optional ({_OLD_READERS} its absence)"
            )
    for name in new_properties.keys() - old_properties.keys():
        where = f"{path}.{name}"
        if name in new_required:
            reasons.append(f"{where}: new required property")
        elif "default" not in new_properties[name]:
            reasons.append(f"{where}: new optional property without a default")


def _compare_items(old: Schema, new: Schema, path: str, reasons: list[str]) -> None:
    old_items, new_items = old.get("items", _ABSENT), new.get("items", _ABSENT)
    if isinstance(old_items, dict) and isinstance(new_items, dict):
        _compare(old_items, new_items, f"{path}[]", reasons)
    elif old_items != new_items:
        reasons.append(f"{path}: `items` changed from {_show(old_items)} to {_show(new_items)}")


def _compare_alternatives(
    keyword: str, old: Schema, new: Schema, path: str, reasons: list[str]
) -> None:
    old_branches: list[Schema] = old.get(keyword, [])
    new_branches: list[Schema] = new.get(keyword, [])
    if len(old_branches) != len(new_branches):
        reasons.append(
            f"{path}: `{keyword}` went from {len(old_branches)} to {len(new_branches)} branches"
        )
        return
    for index, (old_branch, new_branch) in enumerate(zip(old_branches, new_branches, strict=True)):
        _compare(old_branch, new_branch, f"{path}<{keyword}[{index}]>", reasons)


def _compare_keyword(keyword: str, old: Schema, new: Schema, path: str, reasons: list[str]) -> None:
    before, after = old.get(keyword, _ABSENT), new.get(keyword, _ABSENT)
    if before == after:
        return
    if keyword == "additionalProperties" and isinstance(before, dict) and isinstance(after, dict):
        _compare(before, after, f"{path}.*", reasons)
        return
    change = f"`{keyword}` changed from {_show(before)} to {_show(after)}"
    if keyword in _LOWER_BOUNDS | _UPPER_BOUNDS:
        change = f"{change} ({_bound_direction(keyword, before, after)})"
    reasons.append(f"{path}: {change}")


def _bound_direction(keyword: str, before: Any, after: Any) -> str:
    if before is _ABSENT:
        return "constraint added: tightened"
    if after is _ABSENT:
        return f"constraint removed: loosened, {_OLD_READERS} the new values"
    is_lower = keyword in _LOWER_BOUNDS
    if (after > before) == is_lower:
        return "tightened"
    return f"loosened, {_OLD_READERS} the new values"


def _is_documentation(keyword: str) -> bool:
    return keyword in _DOCUMENTATION or keyword.startswith("x-")


def _show(value: Any) -> str:
    if value is _ABSENT:
        return "(absent)"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
