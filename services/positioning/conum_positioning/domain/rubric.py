"""The versioned rubric: from test scores to a training path (R-POS-02 to R-POS-04).

**Assumption** (the real rubric is not public): the test yields two scores from 0 to 100,
digital culture and support of the public. Rubric v1: both ≥ 70 → the shortest path; both
≥ 40 → a middle path (2021: the higher score picks 280 h or 350 h, with a cut at 55, an
assumption too); else the longest path. The interview note is kept with the result but v1
does not use it. Paths, weeks, thresholds and the alternance days are data
(``data/rubrics/*.json``, read by :mod:`conum_positioning.reference`), not code; each version
has an ``effective_from`` day and applies to the tests recorded from that day on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from conum_positioning.domain.refusals import InvalidScore, NoRubricInForce, SchemeNotInRubric

SCORE_MIN, SCORE_MAX = 0, 100


@dataclass(frozen=True)
class Scores:
    """The two scores of the positioning test, each from 0 to 100."""

    digital: int
    support: int

    def __post_init__(self) -> None:
        for name, value in (("digital", self.digital), ("support", self.support)):
            if not SCORE_MIN <= value <= SCORE_MAX:
                raise InvalidScore(f"the {name} score must be between 0 and 100")

    @property
    def lower(self) -> int:
        return min(self.digital, self.support)

    @property
    def higher(self) -> int:
        return max(self.digital, self.support)


@dataclass(frozen=True)
class TrainingPath:
    hours: int
    weeks: int


@dataclass(frozen=True)
class MiddlePath:
    """A middle path, chosen when the higher score reaches ``from_higher_score``."""

    from_higher_score: int
    path: TrainingPath


@dataclass(frozen=True)
class SchemeRubric:
    """How one scheme's paths are chosen: both scores reach ``shortest_from`` → shortest;
    both reach ``middle_from`` → the first middle path whose threshold the higher score
    reaches; else the longest."""

    shortest_from: int
    middle_from: int
    shortest: TrainingPath
    middle: tuple[MiddlePath, ...]
    longest: TrainingPath

    def __post_init__(self) -> None:
        if not self.middle or self.middle[-1].from_higher_score > self.middle_from:
            raise ValueError("the last middle path must cover every score from middle_from")
        thresholds = [option.from_higher_score for option in self.middle]
        if thresholds != sorted(thresholds, reverse=True):
            raise ValueError("middle paths must be listed from the highest threshold down")

    def path_for(self, scores: Scores) -> TrainingPath:
        if scores.lower >= self.shortest_from:
            return self.shortest
        if scores.lower >= self.middle_from:
            return next(o.path for o in self.middle if scores.higher >= o.from_higher_score)
        return self.longest


@dataclass(frozen=True)
class Rubric:
    version: str
    effective_from: date
    alternance_days_per_week: int
    schemes: Mapping[str, SchemeRubric]

    def __post_init__(self) -> None:
        if self.alternance_days_per_week < 1:
            raise ValueError("at least one day a week of alternance, on every path (R-TRN-01)")

    def path_for(self, scheme: str, scores: Scores) -> TrainingPath:
        rules = self.schemes.get(scheme)
        if rules is None:
            raise SchemeNotInRubric(f"rubric {self.version} has no paths for scheme {scheme}")
        return rules.path_for(scores)


@dataclass(frozen=True)
class RubricBook:
    """Every rubric version; the one in force on a day is the latest already effective."""

    rubrics: tuple[Rubric, ...]

    def __post_init__(self) -> None:
        if len({r.version for r in self.rubrics}) != len(self.rubrics):
            raise ValueError("rubric versions must be unique")
        if len({r.effective_from for r in self.rubrics}) != len(self.rubrics):
            raise ValueError("two rubric versions take effect on the same day")

    def in_force(self, day: date) -> Rubric:
        effective = [r for r in self.rubrics if r.effective_from <= day]
        if not effective:
            raise NoRubricInForce(f"no rubric is in force on {day}")
        return max(effective, key=lambda rubric: rubric.effective_from)
