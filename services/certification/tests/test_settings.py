"""The service's assumptions are configurable through ``CONUM_CERTIFICATION_*``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conum_certification.reference import FULL_TITLE_ORGANISATIONS
from conum_certification.settings import CertificationSettings


def test_the_full_title_organisations_file_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    raw = json.loads(FULL_TITLE_ORGANISATIONS.read_text(encoding="utf-8"))
    raw["organisations"]["occ-title"] = "Organisation occitane"
    raw["regions"]["FR-OCC"] = {"default": "occ-title"}
    file = tmp_path / "organisations.json"
    file.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setenv("CONUM_CERTIFICATION_FULL_TITLE_ORGANISATIONS", str(file))
    routing = CertificationSettings().routing()
    assert routing.organisation_for("FR-OCC", "31").id == "occ-title"


def test_by_default_the_package_file() -> None:
    options = CertificationSettings()
    assert options.full_title_organisations == FULL_TITLE_ORGANISATIONS
    assert options.routing().organisation_for("FR-NAQ", "16").id == "ensc"
