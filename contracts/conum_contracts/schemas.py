"""Committed JSON Schema snapshots of every event type.

Layout: ``contracts/schemas/<type name>/<revision>.json`` (revision 1, 2, …), pretty-printed
with sorted keys. Snapshots are never edited: a schema change adds a revision, and only when
it is compatible with every earlier one (see :mod:`conum_contracts.compat`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .base import EventModel
from .compat import check_compatible
from .event_type import EventType

Schema = dict[str, Any]

DEFAULT_SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas"
"""``contracts/schemas`` of this source tree."""


def current_schema(model: type[EventModel]) -> Schema:
    """The closed JSON Schema of ``model`` as it would be snapshotted."""
    schema: Schema = json.loads(json.dumps(model.model_json_schema()))
    _close_objects(schema)
    return schema


def render(schema: Schema) -> str:
    """The snapshot file text: 2-space indent, sorted keys, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def revisions(type_name: str, schemas_dir: Path = DEFAULT_SCHEMAS_DIR) -> list[int]:
    """Snapshot revisions of a type, ascending (empty when none is committed)."""
    directory = schemas_dir / type_name
    if not directory.is_dir():
        return []
    return sorted(int(path.stem) for path in directory.glob("*.json") if path.stem.isdigit())


def load_snapshot(type_name: str, revision: int, schemas_dir: Path = DEFAULT_SCHEMAS_DIR) -> Schema:
    """The committed schema of one revision."""
    snapshot: Schema = json.loads(_snapshot_path(schemas_dir, type_name, revision).read_text())
    return snapshot


@dataclass
class WriteReport:
    """What :func:`write_snapshots` did, or why it refused."""

    written: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def check_snapshots(
    event_types: Iterable[EventType], schemas_dir: Path = DEFAULT_SCHEMAS_DIR
) -> list[str]:
    """Problems: a type without snapshot, a model drifting from its latest snapshot,
    a revision incompatible with an earlier one, a registry ``revision`` out of date."""
    problems: list[str] = []
    for declared in event_types:
        history = revisions(declared.name, schemas_dir)
        if not history:
            problems.append(f"{declared.name}: no schema snapshot (run the `write` command)")
            continue
        snapshots = [load_snapshot(declared.name, rev, schemas_dir) for rev in history]
        problems.extend(_history_problems(declared.name, history, snapshots))
        latest = history[-1]
        drift = _drift(declared, snapshots[-1], latest)
        if drift:
            problems.append(drift)
        elif declared.revision != latest:
            problems.append(
                f"{declared.name}: the registry declares revision {declared.revision} "
                f"but the latest snapshot is {latest}: update `revision` in the catalogue"
            )
    return problems


def write_snapshots(
    event_types: Iterable[EventType], schemas_dir: Path = DEFAULT_SCHEMAS_DIR
) -> WriteReport:
    """Add a revision for every type whose model differs from its latest snapshot.

    All or nothing: when any new schema is incompatible with an earlier revision of its
    type, nothing is written and the reasons are reported.
    """
    report = WriteReport()
    planned: list[tuple[Path, Schema]] = []
    for declared in event_types:
        schema = current_schema(declared.model)
        history = revisions(declared.name, schemas_dir)
        if history and load_snapshot(declared.name, history[-1], schemas_dir) == schema:
            continue
        for revision in history:
            old = load_snapshot(declared.name, revision, schemas_dir)
            report.refused.extend(
                f"{declared.name}: incompatible with revision {revision}: {reason}"
                for reason in check_compatible(old, schema)
            )
        next_revision = history[-1] + 1 if history else 1
        planned.append((_snapshot_path(schemas_dir, declared.name, next_revision), schema))
    if report.refused:
        return report
    for path, schema in planned:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as snapshot:  # never overwrite a snapshot
            snapshot.write(render(schema))
        report.written.append(path)
    return report


def _drift(declared: EventType, latest: Schema, revision: int) -> str | None:
    schema = current_schema(declared.model)
    if schema == latest:
        return None
    reasons = check_compatible(latest, schema)
    if not reasons:
        return (
            f"{declared.name}: the model differs from snapshot revision {revision} "
            "(compatible change): run the `write` command and bump `revision`"
        )
    return (
        f"{declared.name}: the model drifts incompatibly from snapshot revision {revision}: "
        + "; ".join(reasons)
        + " (an incompatible change needs a new major version)"
    )


def _history_problems(name: str, history: list[int], snapshots: list[Schema]) -> list[str]:
    problems = []
    if history != list(range(1, len(history) + 1)):
        problems.append(f"{name}: snapshot revisions are not 1..{len(history)}: {history}")
    for later in range(1, len(snapshots)):
        for earlier in range(later):
            problems.extend(
                f"{name}: revision {history[later]} is incompatible with revision "
                f"{history[earlier]}: {reason}"
                for reason in check_compatible(snapshots[earlier], snapshots[later])
            )
    return problems


def _snapshot_path(schemas_dir: Path, type_name: str, revision: int) -> Path:
    return schemas_dir / type_name / f"{revision}.json"


def _close_objects(node: Any) -> None:
    """Add ``additionalProperties: false`` to every object schema lacking it."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_objects(value)
    elif isinstance(node, list):
        for item in node:
            _close_objects(item)
