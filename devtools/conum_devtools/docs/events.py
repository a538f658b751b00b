"""The event catalogue, ``docs/design/events.md``, written from the code.

Topics, keys, owners and descriptions come from the registry
(``contracts/conum_contracts/catalogue.py``); fields from each payload model's closed JSON
Schema (as snapshotted); who consumes what from each service's definition
(``ServiceDefinition.consumed``). ``./conum docs`` writes it and a test fails when the
committed file drifts, so the page cannot say what the code does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from conum_contracts import registry
from conum_contracts.base import PERSONAL_DATA_MARKER
from conum_contracts.event_type import EventType
from conum_contracts.schemas import current_schema

from conum_devtools.docs.asyncapi import definition_of

Schema = dict[str, Any]

INTRODUCTION = """\
# Event catalogue

<!-- Written by `./conum docs` (`python -m conum_devtools.docs`) from the registry
(`contracts/conum_contracts/catalogue.py`), the payload models and each service's definition;
`tests/contracts/test_event_catalogue_document.py` fails when this file and the code differ.
Change the code, then regenerate: never edit this file by hand. -->

The contracts between the services: every event type, its topic and key, the service that
publishes it, the services that consume it, and its fields. How contracts evolve is decision
0003 (snapshots, revisions, majors, upcasters); why Corsica has two codes, decision 0024.

Conventions, for every event:

- **Envelope**: CloudEvents 1.0 in Kafka binary mode. The Kafka value is the payload JSON;
  the attributes are headers (`ce_specversion`, `ce_id`, `ce_source`, `ce_type`, `ce_time`,
  `ce_subject`, `ce_dataschema`, `ce_region`, `ce_minorversion`, `ce_correlationid`,
  `ce_causationid`), with the W3C `traceparent`/`tracestate`, and `deprecation`/`sunset` on
  a previous major published during its deprecation period. `ce_id` is the idempotency key
  of every consumer's inbox.
- **Key**: the aggregate's id (the `key` column below), also `ce_subject`; one aggregate's
  events share a partition and stay in order.
- **Types and topics**: `fr.conum.<context>.<subject>.<action>.v<major>`, published on
  `conum.<context>.<aggregate>` by exactly one service. Each consuming service has a
  dead-letter topic, `conum.dlq.<service>`.
- **Values**: identifiers are canonical lower-case UUIDs; days are ISO 8601 dates; `region`
  is `FR-XXX` or `national`; `department` is an INSEE code (`2A`/`2B`, never `20`).
- **Producers closed, consumers tolerant**: a producer's payload has exactly the fields
  below; a consumer ignores fields it does not know. Personal data (names, e-mail) appear only
  in sub-models marked **personal data**.
- **Revisions**: `ce_minorversion` is the revision minus one; `ce_dataschema` names the
  committed snapshot (`contracts/schemas/<type>/<revision>.json`).
"""


def generate(services: Sequence[str]) -> str:
    """The whole page, for the services of the workspace named."""
    consumers = _consumers(services)
    parts = [INTRODUCTION, *_topics_table(consumers), *_consumption(services)]
    for topic, declared in _by_topic().items():
        parts.extend(_topic_section(topic, declared, consumers))
    return "\n".join(parts).rstrip("\n") + "\n"


def _by_topic() -> dict[str, list[EventType]]:
    """Topics in catalogue order; each topic's types by family (catalogue order), then major."""
    families: dict[str, int] = {}
    by_topic: dict[str, list[EventType]] = defaultdict(list)
    for declared in registry.EVENT_TYPES.values():
        families.setdefault(declared.family, len(families))
        by_topic[declared.topic].append(declared)
    return {
        topic: sorted(types, key=lambda t: (families[t.family], t.major))
        for topic, types in by_topic.items()
    }


def _consumers(services: Sequence[str]) -> dict[str, list[str]]:
    """Event type name → the services consuming it."""
    found: dict[str, list[str]] = defaultdict(list)
    for service in services:
        for model in definition_of(service).consumed:
            found[registry.for_model(model).name].append(service)
    return found


def _topics_table(consumers: Mapping[str, list[str]]) -> Iterator[str]:
    yield "## Topics\n"
    yield "| topic | key | producer | consumed by |"
    yield "|---|---|---|---|"
    for topic, declared in _by_topic().items():
        readers = sorted({s for t in declared for s in consumers.get(t.name, [])})
        key = declared[0].key_field
        owner = declared[0].owner
        yield f"| `{topic}` | `{key}` | {owner} | {', '.join(readers) or '—'} |"
    yield ""


def _consumption(services: Sequence[str]) -> Iterator[str]:
    yield "## Who consumes what\n"
    yield "| service | dead letters | consumed event types |"
    yield "|---|---|---|"
    for service in services:
        consumed = sorted(registry.for_model(m).name for m in definition_of(service).consumed)
        if consumed:
            names = "<br>".join(f"`{name}`" for name in consumed)
            yield f"| {service} | `{registry.dead_letter_topic(service)}` | {names} |"
    yield ""


def _topic_section(
    topic: str, declared: list[EventType], consumers: Mapping[str, list[str]]
) -> Iterator[str]:
    first = declared[0]
    yield f"## `{topic}`\n"
    yield f"Published by **{first.owner}**, keyed by `{first.key_field}`.\n"
    for event_type in declared:
        yield from _type_section(event_type, consumers.get(event_type.name, []))


def _type_section(declared: EventType, consumers: list[str]) -> Iterator[str]:
    schema = current_schema(declared.model)
    yield f"### `{declared.name}`\n"
    yield declared.description
    yield ""
    yield (
        f"Model `{declared.model.__name__}`, schema revision {declared.revision} "
        f"(`{declared.dataschema}`)."
    )
    newest = max(registry.known_majors(declared.name))
    if newest > declared.major:
        yield (
            f"Superseded by `{declared.family}.v{newest}`: its producer publishes it only during "
            "a deprecation period, beside its successor and with `deprecation` and `sunset` "
            "headers, which consumers skip; they read older records of it upcast (replays)."
        )
    else:
        yield f"Consumed by: {', '.join(sorted(consumers)) or 'no service'}."
    yield ""
    yield "| field | type | required | description |"
    yield "|---|---|---|---|"
    yield from _rows(schema, schema.get("$defs", {}), prefix="", marked=False)
    yield ""


def _rows(node: Schema, defs: Mapping[str, Schema], *, prefix: str, marked: bool) -> Iterator[str]:
    required = set(node.get("required", []))
    for name, field in node.get("properties", {}).items():
        nested_name, many = _nested(field)
        nested = defs.get(nested_name) if nested_name else None
        personal = marked or bool(nested and nested.get(PERSONAL_DATA_MARKER))
        description = _cell(field.get("description", ""))
        if personal:
            description = f"**personal data** {description}".rstrip()
        path = f"{prefix}{name}"
        kind, needed = _cell(_type(field)), _required(name, field, required)
        yield f"| `{path}` | {kind} | {needed} | {description} |"
        if nested is not None:
            yield from _rows(nested, defs, prefix=f"{path}{'[]' if many else ''}.", marked=personal)


def _nested(field: Schema) -> tuple[str | None, bool]:
    """The sub-model a field holds (its ``$defs`` name) and whether it is a list of them."""
    if "$ref" in field:
        return _def_name(field["$ref"]), False
    for option in field.get("anyOf", []):
        found, many = _nested(option)
        if found:
            return found, many
    items = field.get("items")
    if isinstance(items, dict) and "$ref" in items:
        return _def_name(items["$ref"]), True
    return None, False


def _def_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _required(name: str, field: Schema, required: set[str]) -> str:
    if name in required:
        return "yes"
    if "default" in field:
        return f"no (default `{_literal(field['default'])}`)"
    return "no"


def _type(field: Schema) -> str:
    if "$ref" in field:
        return f"object `{_def_name(field['$ref'])}`"
    if "anyOf" in field:
        return " or ".join(_type(option) for option in field["anyOf"])
    if "enum" in field:
        return "one of " + ", ".join(f"`{_literal(value)}`" for value in field["enum"])
    if "const" in field:
        return f"`{_literal(field['const'])}`"
    kind = field.get("type")
    if kind == "string":
        return _string(field)
    if kind in ("integer", "number"):
        return str(kind) + _count(field.get("minimum"), field.get("maximum"))
    if kind == "array":
        items = field.get("items", {})
        text = f"list of {_type(items)}" if items else "list"
        return text + _count(field.get("minItems"), field.get("maxItems"), "item")
    return str(kind or "any")


def _string(field: Schema) -> str:
    formats = {"uuid": "UUID", "date": "date", "date-time": "instant (RFC 3339)"}
    if field.get("format") in formats:
        return formats[field["format"]]
    text = f"text matching `{field['pattern']}`" if "pattern" in field else "text"
    return text + _count(field.get("minLength"), field.get("maxLength"), "character")


def _count(low: Any, high: Any, unit: str = "") -> str:
    """``", 0 to 1024"``, ``", at least 1 item"``, ``", at most 500 characters"`` or nothing."""

    def units(number: Any) -> str:
        return f" {unit}{'' if number == 1 else 's'}" if unit else ""

    if low is not None and high is not None:
        return f", {low} to {high}{units(high)}"
    if low is not None:
        return f", at least {low}{units(low)}"
    if high is not None:
        return f", at most {high}{units(high)}"
    return ""


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cell(text: str) -> str:
    """Text fit for one table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")
