"""The service's assumptions are configurable through ``CONUM_ENROLMENT_*``."""

from __future__ import annotations

import pytest
from conum_enrolment.domain import TrainingPolicy
from conum_enrolment.settings import EnrolmentSettings


def test_the_training_policy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONUM_ENROLMENT_COHORT_MIN_SIZE", "10")
    monkeypatch.setenv("CONUM_ENROLMENT_ATTENDANCE_THRESHOLD", "0.75")
    policy = EnrolmentSettings().policy()
    assert (policy.cohort_min_size, policy.attendance_threshold) == (10, 0.75)


def test_by_default_the_values_and_assumptions_of_the_domain() -> None:
    assert EnrolmentSettings().policy() == TrainingPolicy()


def test_a_cohort_is_never_configured_below_eight(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fewer would form cohorts the ``cohort.formed`` contract refuses: the path of their
    members would be dead-lettered in enrolment while positioning and certification hold it
    (found by the randomized journeys)."""
    monkeypatch.setenv("CONUM_ENROLMENT_COHORT_MIN_SIZE", "2")
    with pytest.raises(ValueError):
        EnrolmentSettings()
    with pytest.raises(ValueError):
        TrainingPolicy(cohort_min_size=7)
