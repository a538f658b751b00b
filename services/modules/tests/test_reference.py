"""The reference data the service ships: a hub for every region (Hubikoop named by [HUB-2024],
the others marked as assumptions) and the starting catalogue (fixed ids, both kinds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conum_kernel.territory import territory
from conum_modules.domain import Habilitation, ModuleKind
from conum_modules.reference import CATALOGUE, HUBS, load_catalogue, load_hubs, main


def test_every_region_has_a_hub_and_only_hubikoop_is_sourced() -> None:
    hubs = load_hubs()
    assert {hub.region for hub in hubs.hubs} == set(territory().regions)
    naq = hubs.hub_of("FR-NAQ")
    assert naq is not None and (naq.slug, naq.name, naq.assumption) == (
        "hubikoop",
        "Hubikoop",
        False,
    )
    assert all(hub.assumption for hub in hubs.hubs if hub.region != "FR-NAQ")
    assert hubs.slugs_of("FR-IDF") == {"hub-idf"}


def test_the_starting_catalogue_has_fixed_ids_both_kinds_and_aidants_connect() -> None:
    modules = load_catalogue()
    assert load_catalogue() == modules  # the same ids at every start
    assert {m.kind for m in modules} == {ModuleKind.PRISE_EN_MAIN, ModuleKind.INTERVENIR}
    aidants = [m for m in modules if m.requires_habilitation is Habilitation.AIDANTS_CONNECT]
    assert [m.title for m in aidants] == ["Prise en main d'Aidants Connect"]
    marked = json.loads(CATALOGUE.read_text())["modules"]
    assert [m["assumption"] for m in marked].count(False) == 1  # only [HUB-2024]'s is sourced


def test_bad_files_are_refused(tmp_path: Path) -> None:
    raw = json.loads(HUBS.read_text())
    raw["hubs"].append(dict(raw["hubs"][0], slug="another"))
    (tmp_path / "hubs.json").write_text(json.dumps(raw))
    with pytest.raises(ValueError, match="one hub per region"):
        load_hubs(tmp_path / "hubs.json")
    catalogue = json.loads(CATALOGUE.read_text())
    catalogue["modules"][0]["kind"] = "webinaire"
    (tmp_path / "catalogue.json").write_text(json.dumps(catalogue))
    with pytest.raises(ValueError):
        load_catalogue(tmp_path / "catalogue.json")
    assert main([str(tmp_path / "hubs.json")]) == 1


def test_the_checker_lists_the_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "FR-NAQ: hubikoop, Hubikoop\n" in out
    assert "FR-IDF: hub-idf" in out and "(assumption)" in out
