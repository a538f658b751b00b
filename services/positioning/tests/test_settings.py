"""The service's assumptions are configurable through ``CONUM_POSITIONING_*``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conum_positioning.reference import RUBRICS
from conum_positioning.settings import PositioningSettings


def test_delays_and_rubric_directories_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    raw = json.loads((RUBRICS / "v1.json").read_text())
    raw.update(version="v2", effective_from="2027-01-01")
    (tmp_path / "v2.json").write_text(json.dumps(raw))
    monkeypatch.setenv("CONUM_POSITIONING_TEST_DELAY_DAYS", "10")
    monkeypatch.setenv("CONUM_POSITIONING_INTERVIEW_DELAY_DAYS", "1")
    monkeypatch.setenv("CONUM_POSITIONING_RUBRICS_DIRS", json.dumps([str(RUBRICS), str(tmp_path)]))
    options = PositioningSettings()
    policy = options.policy()
    assert policy.test_day(date(2026, 3, 2)) == date(2026, 3, 12)
    assert policy.interview_day(date(2026, 3, 2)) == date(2026, 3, 13)
    assert options.rubrics().in_force(date(2027, 1, 1)).version == "v2"


def test_by_default_the_package_rubrics_and_a_week_before_the_test() -> None:
    options = PositioningSettings()
    assert options.policy().test_delay_days == 7
    assert [r.version for r in options.rubrics().rubrics] == ["v1"]
