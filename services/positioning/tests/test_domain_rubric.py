"""Rubric v1 (R-POS-02 to R-POS-04): each boundary in both schemes, and versions in force."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conum_contracts.common import PATH_HOURS_BY_SCHEME
from conum_positioning.domain import InvalidScore, NoRubricInForce, SchemeNotInRubric, Scores
from conum_positioning.reference import RUBRICS, load_rubrics, rubric_from_dict

V1 = load_rubrics().in_force(date(2026, 1, 1))


def hours(scheme: str, digital: int, support: int) -> int:
    return V1.path_for(scheme, Scores(digital, support)).hours


@pytest.mark.parametrize(
    ("digital", "support", "expected"),
    [
        (70, 70, 70),  # both at 70: solid skills
        (100, 100, 70),
        (69, 70, 175),  # one just below 70: intermediate
        (70, 69, 175),
        (40, 40, 175),  # both at 40: still intermediate
        (39, 40, 315),  # one just below 40: beginner
        (40, 39, 315),
        (95, 20, 315),  # mixed: a high and a low score is the longest path
        (0, 0, 315),
    ],
)
def test_rubric_v1_2024_boundaries(digital: int, support: int, expected: int) -> None:
    assert hours("2024", digital, support) == expected


@pytest.mark.parametrize(
    ("digital", "support", "expected"),
    [
        (70, 70, 105),
        (69, 70, 280),  # middle, higher score ≥ 55 → 280 h
        (70, 69, 280),
        (40, 55, 280),  # mixed: the higher score picks 280 h from 55
        (55, 40, 280),
        (54, 54, 350),  # middle, higher score < 55 → 350 h
        (40, 40, 350),
        (39, 40, 420),
        (40, 39, 420),
        (90, 10, 420),  # mixed: one low score is the longest path
    ],
)
def test_rubric_v1_2021_boundaries(digital: int, support: int, expected: int) -> None:
    assert hours("2021", digital, support) == expected


def test_paths_of_v1_are_paths_of_their_scheme_with_their_weeks() -> None:
    weeks = {
        scheme: {
            V1.path_for(scheme, Scores(d, s)).hours: V1.path_for(scheme, Scores(d, s)).weeks
            for d, s in ((80, 80), (60, 60), (45, 45), (10, 10))
        }
        for scheme in ("2021", "2024")
    }
    assert weeks["2024"] == {70: 5, 175: 10, 315: 15}
    assert weeks["2021"] == {105: 16, 280: 16, 350: 16, 420: 16}
    for scheme, paths in weeks.items():
        assert set(paths) == PATH_HOURS_BY_SCHEME[scheme]


def test_alternance_is_at_least_one_day_a_week() -> None:
    assert V1.alternance_days_per_week == 1
    raw = json.loads((RUBRICS / "v1.json").read_text())
    raw["alternance_days_per_week"] = 0
    with pytest.raises(ValueError, match="alternance"):
        rubric_from_dict(raw)


@pytest.mark.parametrize(("digital", "support"), [(-1, 50), (50, 101)])
def test_scores_are_between_0_and_100(digital: int, support: int) -> None:
    with pytest.raises(InvalidScore):
        Scores(digital, support)


def v2(effective_from: str) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((RUBRICS / "v1.json").read_text())
    raw["version"] = "v2"
    raw["effective_from"] = effective_from
    raw["schemes"]["2024"]["shortest_from"] = 80
    return raw


def test_a_new_rubric_applies_only_to_tests_recorded_from_its_effective_day(
    tmp_path: Path,
) -> None:
    (tmp_path / "v2.json").write_text(json.dumps(v2("2026-09-01")))
    book = load_rubrics([RUBRICS, tmp_path])
    assert book.in_force(date(2026, 8, 31)).version == "v1"
    assert book.in_force(date(2026, 9, 1)).version == "v2"
    assert book.in_force(date(2026, 8, 31)).path_for("2024", Scores(75, 75)).hours == 70
    assert book.in_force(date(2026, 9, 1)).path_for("2024", Scores(75, 75)).hours == 175


def test_no_rubric_is_in_force_before_the_first_one() -> None:
    with pytest.raises(NoRubricInForce):
        load_rubrics().in_force(date(2019, 1, 1))


def test_two_versions_cannot_take_effect_on_the_same_day(tmp_path: Path) -> None:
    (tmp_path / "v2.json").write_text(json.dumps(v2(V1.effective_from.isoformat())))
    with pytest.raises(ValueError, match="same day"):
        load_rubrics([RUBRICS, tmp_path])


def test_a_scheme_without_paths_in_the_rubric_is_refused() -> None:
    with pytest.raises(SchemeNotInRubric):
        V1.path_for("2030", Scores(50, 50))
