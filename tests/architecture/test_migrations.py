"""Each service's migrations form one line: distinct revision ids, each revising the one before,
the first revising nothing. Two revisions written in parallel with one id would leave a store
without one of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SERVICES = sorted(p for p in (REPOSITORY / "services").glob("*/conum_*/migrations") if p.is_dir())


def revisions(directory: Path) -> list[tuple[str, str | None, str]]:
    """``(revision, down_revision, file name)`` of every revision file."""
    found = []
    for file in sorted(directory.glob("[0-9]*.py")):
        values: dict[str, object] = {}
        for node in ast.parse(file.read_text()).body:
            if not isinstance(node, ast.Assign) or not isinstance(node.targets[0], ast.Name):
                continue
            if (name := node.targets[0].id) in ("revision", "down_revision"):
                values[name] = ast.literal_eval(node.value)
        down = values.get("down_revision")
        found.append((str(values["revision"]), None if down is None else str(down), file.name))
    return found


@pytest.mark.parametrize("directory", SERVICES, ids=lambda p: p.parent.name)
def test_the_migrations_of_a_service_form_one_line(directory: Path) -> None:
    chain = revisions(directory)
    ids = [revision for revision, _, _ in chain]
    assert len(set(ids)) == len(ids), f"a revision id is used twice: {chain}"
    previous = None
    for revision, down, name in chain:
        assert down == previous, f"{name} revises {down!r}, not {previous!r}"
        assert name.startswith(revision), f"{name} holds revision {revision}"
        previous = revision
