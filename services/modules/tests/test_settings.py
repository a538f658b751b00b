"""The service's assumptions are configurable through ``CONUM_MODULES_*``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conum_modules.domain import MOST_SEATS, ModulesPolicy
from conum_modules.reference import CATALOGUE, HUBS
from conum_modules.settings import ModulesSettings
from pydantic import ValidationError


def test_files_and_policy_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    hubs = json.loads(HUBS.read_text())
    for hub in hubs["hubs"]:
        if hub["region"] == "FR-IDF":
            hub.update(slug="hub-francilien", name="Hub francilien")
    (tmp_path / "hubs.json").write_text(json.dumps(hubs))
    catalogue = json.loads(CATALOGUE.read_text())
    catalogue["modules"] = catalogue["modules"][:2]
    (tmp_path / "catalogue.json").write_text(json.dumps(catalogue))
    monkeypatch.setenv("CONUM_MODULES_HUBS", str(tmp_path / "hubs.json"))
    monkeypatch.setenv("CONUM_MODULES_CATALOGUE", str(tmp_path / "catalogue.json"))
    monkeypatch.setenv("CONUM_MODULES_MAX_CAPACITY", "12")
    monkeypatch.setenv("CONUM_MODULES_HORIZON_DAYS", "365")
    options = ModulesSettings()
    assert options.hub_directory().slugs_of("FR-IDF") == {"hub-francilien"}
    assert len(options.starting_catalogue()) == 2
    assert (options.policy().max_capacity, options.policy().horizon_days) == (12, 365)
    monkeypatch.setenv("CONUM_MODULES_PUBLISH_STARTING_CATALOGUE", "false")
    assert ModulesSettings().starting_catalogue() == ()


def test_by_default_the_package_files_30_seats_and_two_years_ahead() -> None:
    options = ModulesSettings()
    assert (options.policy().max_capacity, options.policy().horizon_days) == (30, 730)
    assert len(options.starting_catalogue()) == 6
    assert options.hub_directory().slugs_of("FR-NAQ") == {"hubikoop"}


def test_no_policy_gives_a_session_more_seats_than_the_edge_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONUM_MODULES_MAX_CAPACITY", str(MOST_SEATS + 1))
    with pytest.raises(ValidationError):
        ModulesSettings()
    with pytest.raises(ValueError, match="from 1 to 100 seats"):
        ModulesPolicy(max_capacity=MOST_SEATS + 1)
