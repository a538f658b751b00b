"""Satisfaction surveys and regional figures of the kind Hubikoop publishes (R-MOD-10)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conum_modules.domain import (
    AlreadyEvaluated,
    Answer,
    Completed,
    DayMode,
    Evaluation,
    NoAnswers,
    Satisfaction,
    Session,
    SessionDay,
    SessionNotCompleted,
    SessionState,
    TooManyAnswers,
    evaluate,
    figures,
)

SESSION = Session(
    "s1",
    "m1",
    "FR-NAQ",
    "hubikoop",
    (SessionDay(date(2026, 9, 7), DayMode.IN_PERSON),),
    12,
    "Bordeaux",
    state=SessionState.COMPLETED,
)
VERY, OK, NOT = Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.DISSATISFIED


def test_a_survey_gives_the_shares_satisfied_and_the_mean_ability() -> None:
    answers = [
        Answer(VERY, OK, 8),
        Answer(OK, NOT, 7),
        Answer(NOT, Satisfaction.VERY_DISSATISFIED, 9),
        Answer(VERY, VERY, 6),
    ]
    evaluation = evaluate(SESSION, answers, participants=10, already_evaluated=False)
    assert (evaluation.responses, evaluation.satisfied_resources_pct) == (4, 75.0)
    assert (evaluation.satisfied_overall_pct, evaluation.mean_self_rated_ability) == (50.0, 7.5)


def test_a_survey_is_closed_once_after_completion_with_an_answer_per_participant_at_most() -> None:
    answers = [Answer(VERY, VERY, 8)] * 3
    with pytest.raises(SessionNotCompleted):
        evaluate(
            replace(SESSION, state=SessionState.SCHEDULED),
            answers,
            participants=3,
            already_evaluated=False,
        )
    with pytest.raises(AlreadyEvaluated):
        evaluate(SESSION, answers, participants=3, already_evaluated=True)
    with pytest.raises(TooManyAnswers):
        evaluate(SESSION, answers, participants=2, already_evaluated=False)
    with pytest.raises(NoAnswers):
        evaluate(SESSION, [], participants=2, already_evaluated=False)
    with pytest.raises(ValueError):
        Answer(VERY, VERY, 11)


def test_regional_figures_weigh_every_answer_the_same_in_hubikoops_shape() -> None:
    evaluations = [
        Evaluation("s1", "FR-NAQ", 3, 100.0, 2 / 3 * 100, 8.0),
        Evaluation("s2", "FR-NAQ", 1, 0.0, 100.0, 6.0),
        Evaluation("s3", "FR-NAQ", 0, 0.0, 0.0, 0.0),
    ]
    done = [Completed("s1", "a"), Completed("s1", "b"), Completed("s2", "a"), Completed("s2", "c")]
    found = figures(done, evaluations)
    assert (found.sessions_held, found.people_trained, found.modules_completed) == (2, 3, 4)
    assert (found.sessions_evaluated, found.responses) == (2, 4)
    assert found.satisfied_resources_pct == 75.0  # 3 of 4 answers
    assert found.satisfied_overall_pct == 75.0
    assert found.mean_self_rated_ability == 7.5
    hubikoop_like = figures([], [Evaluation("s", "FR-NAQ", 2000, 92.115, 82.375, 7.74)])
    assert (hubikoop_like.satisfied_resources_pct, hubikoop_like.mean_self_rated_ability) == (
        92.115,
        7.74,
    )
    empty = figures([], [])
    assert (empty.sessions_held, empty.satisfied_overall_pct) == (0, None)
