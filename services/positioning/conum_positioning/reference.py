"""Reference data of the positioning service: the versioned rubrics, read from
``data/rubrics/*.json`` (or the directories of ``CONUM_POSITIONING_RUBRICS_DIRS``).

``python -m conum_positioning.reference [directory…]`` checks the files and lists them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from conum_positioning.domain import MiddlePath, Rubric, RubricBook, SchemeRubric, TrainingPath

RUBRICS = Path(__file__).parent / "data" / "rubrics"


def _path(raw: Mapping[str, Any]) -> TrainingPath:
    return TrainingPath(hours=int(raw["hours"]), weeks=int(raw["weeks"]))


def rubric_from_dict(raw: Mapping[str, Any]) -> Rubric:
    schemes = {
        scheme: SchemeRubric(
            shortest_from=int(rules["shortest_from"]),
            middle_from=int(rules["middle_from"]),
            shortest=_path(rules["shortest"]),
            middle=tuple(
                MiddlePath(int(option["from_higher_score"]), _path(option))
                for option in rules["middle"]
            ),
            longest=_path(rules["longest"]),
        )
        for scheme, rules in raw["schemes"].items()
    }
    return Rubric(
        version=str(raw["version"]),
        effective_from=date.fromisoformat(raw["effective_from"]),
        alternance_days_per_week=int(raw["alternance_days_per_week"]),
        schemes=schemes,
    )


def load_rubrics(directories: Iterable[Path] = (RUBRICS,)) -> RubricBook:
    """Every ``*.json`` rubric of ``directories`` (the package's own by default)."""
    files = sorted(file for directory in directories for file in directory.glob("*.json"))
    return RubricBook(tuple(rubric_from_dict(json.loads(f.read_text())) for f in files))


def main(argv: list[str]) -> int:
    directories = [Path(arg) for arg in argv] or [RUBRICS]
    try:
        book = load_rubrics(directories)
    except (KeyError, ValueError) as error:
        print(f"invalid rubrics: {error}", file=sys.stderr)
        return 1
    for rubric in book.rubrics:
        print(f"{rubric.version}: from {rubric.effective_from}, schemes {sorted(rubric.schemes)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
