"""End-of-session satisfaction surveys and the regional figures they feed (R-MOD-10).

Hubikoop reports, for Aidants Connect in Nouvelle-Aquitaine (June 2021 – June 2023): 132
training actions, 1,858 people trained, 92.115 % of respondents finding the teaching
resources "satisfying" or "very satisfying", a self-rated ability to support people of
7.74/10, 82.375 % satisfied overall. The figures here have that shape.

**Assumptions**: each answer rates the teaching resources and the session overall on a
four-level scale (very satisfied, satisfied, dissatisfied, very dissatisfied; the first two
count as satisfied) and the respondent's ability out of 10 (a whole number from 0); a
session's survey is closed once, after its completion, with at most one answer per
participant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from conum_modules.domain.refusals import (
    AlreadyEvaluated,
    NoAnswers,
    SessionNotCompleted,
    TooManyAnswers,
)
from conum_modules.domain.sessions import Session, SessionState

ABILITY_MAX = 10


class Satisfaction(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"

    @property
    def is_satisfied(self) -> bool:
        return self in (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)


@dataclass(frozen=True)
class Answer:
    resources: Satisfaction
    overall: Satisfaction
    ability: int

    def __post_init__(self) -> None:
        if not 0 <= self.ability <= ABILITY_MAX:
            raise ValueError(f"ability is rated from 0 to {ABILITY_MAX}")


@dataclass(frozen=True)
class Evaluation:
    """A session's survey, summed up (what ``session.evaluated`` says)."""

    session_id: str
    region: str
    responses: int
    satisfied_resources_pct: float
    satisfied_overall_pct: float
    mean_self_rated_ability: float


def evaluate(
    session: Session,
    answers: Sequence[Answer],
    *,
    participants: int,
    already_evaluated: bool,
) -> Evaluation:
    """Close the session's survey: the shares satisfied and the mean ability."""
    if session.state is not SessionState.COMPLETED:
        raise SessionNotCompleted("a session's survey is closed after its completion")
    if already_evaluated:
        raise AlreadyEvaluated(f"session {session.session_id} was evaluated already")
    if not answers:
        raise NoAnswers("a survey has at least one answer")
    if len(answers) > participants:
        raise TooManyAnswers(f"{len(answers)} answers for {participants} participants")
    count = len(answers)
    return Evaluation(
        session_id=session.session_id,
        region=session.region,
        responses=count,
        satisfied_resources_pct=100 * sum(a.resources.is_satisfied for a in answers) / count,
        satisfied_overall_pct=100 * sum(a.overall.is_satisfied for a in answers) / count,
        mean_self_rated_ability=sum(a.ability for a in answers) / count,
    )


@dataclass(frozen=True)
class Figures:
    """A region's figures over some sessions, of the kind Hubikoop publishes."""

    sessions_held: int
    """Training actions: sessions with at least one module completed."""
    people_trained: int
    modules_completed: int
    sessions_evaluated: int
    responses: int
    satisfied_resources_pct: float | None
    satisfied_overall_pct: float | None
    mean_self_rated_ability: float | None


@dataclass(frozen=True)
class Completed:
    session_id: str
    conseiller_id: str


def figures(completed: Iterable[Completed], evaluations: Iterable[Evaluation]) -> Figures:
    """Every answer weighs the same: each session's shares are weighted by its responses;
    shares rounded to 3 decimals, the ability to 2."""
    done = list(completed)
    surveys = [e for e in evaluations if e.responses > 0]
    responses = sum(e.responses for e in surveys)

    def weighted(value: Callable[[Evaluation], float], digits: int) -> float | None:
        if not responses:
            return None
        return round(sum(value(e) * e.responses for e in surveys) / responses, digits)

    return Figures(
        sessions_held=len({c.session_id for c in done}),
        people_trained=len({c.conseiller_id for c in done}),
        modules_completed=len(done),
        sessions_evaluated=len(surveys),
        responses=responses,
        satisfied_resources_pct=weighted(lambda e: e.satisfied_resources_pct, 3),
        satisfied_overall_pct=weighted(lambda e: e.satisfied_overall_pct, 3),
        mean_self_rated_ability=weighted(lambda e: e.mean_self_rated_ability, 2),
    )
