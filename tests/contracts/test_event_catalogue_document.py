"""The committed event catalogue (``docs/design/events.md``) is what the code generates: the
registry, the payload models and what each service consumes.

Regenerate with ``./conum docs``.
"""

from __future__ import annotations

from pathlib import Path

from conum_contracts import registry
from conum_devtools.docs import cli, events

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / cli.EVENT_CATALOGUE


def test_the_committed_event_catalogue_matches_the_code() -> None:
    generated = events.generate(cli.workspace_services(ROOT))
    assert CATALOGUE.read_text(encoding="utf-8") == generated, (
        f"{cli.EVENT_CATALOGUE} is stale: run ./conum docs"
    )


def test_the_catalogue_names_every_event_type_and_topic() -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    for declared in registry.EVENT_TYPES.values():
        assert f"### `{declared.name}`" in text
        assert f"## `{declared.topic}`" in text
