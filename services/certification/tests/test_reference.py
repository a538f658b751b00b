"""The full-title organisations: one file, checked against the kernel's territory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conum_certification.reference import (
    FULL_TITLE_ORGANISATIONS,
    InvalidReference,
    load_routing,
    main,
    routing_from_dict,
)


def shipped() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(FULL_TITLE_ORGANISATIONS.read_text(encoding="utf-8"))
    return raw


def test_the_shipped_file_routes_nouvelle_aquitaine(capsys: pytest.CaptureFixture[str]) -> None:
    routing = load_routing()
    assert set(routing.by_region) == {"FR-NAQ"}
    assert main([]) == 0
    assert "FR-NAQ: ensc (40 → la-melee, 64 → la-melee)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["regions"].update({"FR-XXX": {"default": "ensc"}}), "unknown region"),
        (
            lambda raw: raw["regions"]["FR-NAQ"]["by_department"].update({"31": "la-melee"}),
            "not of the region",
        ),
        (
            lambda raw: raw["regions"]["FR-NAQ"]["by_department"].update({"00": "la-melee"}),
            "unknown department",
        ),
        (lambda raw: raw["regions"]["FR-NAQ"].update({"default": "nobody"}), "unknown organ"),
        (lambda raw: raw["organisations"].update({"Not A Slug": "x"}), "slug"),
    ],
)
def test_an_inconsistent_file_is_refused(change: Any, message: str) -> None:
    raw = shipped()
    change(raw)
    with pytest.raises(InvalidReference, match=message):
        routing_from_dict(raw)


def test_a_region_without_default_routes_its_named_departments_only(tmp_path: Path) -> None:
    raw = {
        "organisations": {"la-melee": "La Mêlée"},
        "regions": {"FR-NAQ": {"by_department": {"40": "la-melee"}}},
    }
    file = tmp_path / "organisations.json"
    file.write_text(json.dumps(raw), encoding="utf-8")
    routing = load_routing(file)
    assert routing.by_region["FR-NAQ"].default is None
    assert routing.organisation_for("FR-NAQ", "40").id == "la-melee"


def test_the_check_command_reports_a_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "broken.json"
    file.write_text(json.dumps({"organisations": {}}), encoding="utf-8")
    assert main([str(file)]) == 1
    assert "missing 'regions'" in capsys.readouterr().err
