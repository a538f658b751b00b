"""How the national figures are counted: the funnel's steps, durations, mandatory modules,
satisfaction. Pure functions over journeys and plain numbers."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from conum_national.domain.journeys import Journey

MANDATORY_MODULES = 2
"""Two modules of the conseiller's choice are mandatory in initial training (R-MOD-03)."""


class FunnelStep(StrEnum):
    """The training funnel, each step counting the current journeys that reached it."""

    ENROLLED = "enrolled"
    POSITIONED = "positioned"
    TRAINING_STARTED = "training_started"
    TRAINING_COMPLETED = "training_completed"
    CCP1_CONVENED = "ccp1_convened"
    CCP1_PASSED = "ccp1_passed"
    CCP1_FAILED = "ccp1_failed"
    """Failed and not (yet) passed on a retake."""
    PIX_CERTIFIED = "pix_certified"
    DOUBLE_CERTIFIED = "double_certified"
    WITHDRAWN = "withdrawn"


REACHED: dict[FunnelStep, Callable[[Journey], bool]] = {
    FunnelStep.ENROLLED: lambda j: j.enrolled_on is not None,
    FunnelStep.POSITIONED: lambda j: j.positioned_on is not None,
    FunnelStep.TRAINING_STARTED: lambda j: j.training_started_on is not None,
    FunnelStep.TRAINING_COMPLETED: lambda j: j.training_completed_on is not None,
    FunnelStep.CCP1_CONVENED: lambda j: j.ccp1_convened_on is not None,
    FunnelStep.CCP1_PASSED: lambda j: j.ccp1_passed_on is not None,
    FunnelStep.CCP1_FAILED: lambda j: j.ccp1_failed_on is not None and j.ccp1_passed_on is None,
    FunnelStep.PIX_CERTIFIED: lambda j: j.pix_certified_on is not None,
    FunnelStep.DOUBLE_CERTIFIED: lambda j: j.double_certified_on is not None,
    FunnelStep.WITHDRAWN: lambda j: j.withdrawn_on is not None,
}
"""Whether a journey reached each step."""


def funnel(journeys: Iterable[Journey]) -> dict[FunnelStep, int]:
    """How many of ``journeys`` reached each step."""
    counts = dict.fromkeys(FunnelStep, 0)
    for journey in journeys:
        for step, reached in REACHED.items():
            counts[step] += reached(journey)
    return counts


class Span(StrEnum):
    """Durations from the enrolment, in days."""

    TO_PATH = "enrolment_to_path"
    TO_TRAINING = "enrolment_to_training"
    TO_DOUBLE_CERTIFICATION = "enrolment_to_double_certification"


SPAN_END: dict[Span, Callable[[Journey], date | None]] = {
    Span.TO_PATH: lambda j: j.positioned_on,
    Span.TO_TRAINING: lambda j: j.training_started_on,
    Span.TO_DOUBLE_CERTIFICATION: lambda j: j.double_certified_on,
}


@dataclass(frozen=True)
class Duration:
    span: Span
    count: int
    median: float | None
    p90: int | None


def durations(journeys: Sequence[Journey]) -> list[Duration]:
    """Median and 90th percentile of each span over the journeys that went that far."""
    found = []
    for span, end in SPAN_END.items():
        days = [
            (finished - journey.enrolled_on).days
            for journey in journeys
            if journey.enrolled_on is not None and (finished := end(journey)) is not None
        ]
        found.append(Duration(span, len(days), median(days), percentile(days, 90)))
    return found


def median(values: Sequence[int]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    return float(statistics.median(values)) if values else None


def percentile(values: Sequence[int], p: int) -> int | None:
    """The nearest-rank percentile: the smallest value with at least ``p`` % of the values
    at or below it (always one of the values)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def mandatory_modules(completed_initial: int) -> tuple[int, int]:
    """(done, owed) of the mandatory modules, given the initial-training modules completed."""
    done = min(MANDATORY_MODULES, completed_initial)
    return done, MANDATORY_MODULES - done


@dataclass(frozen=True)
class Survey:
    responses: int
    satisfied_resources_pct: float
    satisfied_overall_pct: float
    mean_self_rated_ability: float


@dataclass(frozen=True)
class Satisfaction:
    sessions: int
    responses: int
    satisfied_resources_pct: float | None
    satisfied_overall_pct: float | None
    mean_self_rated_ability: float | None


def satisfaction(surveys: Iterable[Survey]) -> Satisfaction:
    """Session surveys together, each weighted by its number of responses (rounded to 0.01)."""
    taken = list(surveys)
    responses = sum(survey.responses for survey in taken)

    def weighted(measure: Callable[[Survey], float]) -> float | None:
        if not responses:
            return None
        return round(sum(measure(s) * s.responses for s in taken) / responses, 2)

    return Satisfaction(
        sessions=len(taken),
        responses=responses,
        satisfied_resources_pct=weighted(lambda s: s.satisfied_resources_pct),
        satisfied_overall_pct=weighted(lambda s: s.satisfied_overall_pct),
        mean_self_rated_ability=weighted(lambda s: s.mean_self_rated_ability),
    )
