"""The service's assumptions are configurable through ``CONUM_ENROLMENT_*``."""

from __future__ import annotations

import pytest
from conum_enrolment.domain import TrainingPolicy
from conum_enrolment.settings import EnrolmentSettings


def test_the_training_policy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONUM_ENROLMENT_COHORT_MIN_SIZE", "6")
    monkeypatch.setenv("CONUM_ENROLMENT_ATTENDANCE_THRESHOLD", "0.75")
    policy = EnrolmentSettings().policy()
    assert (policy.cohort_min_size, policy.attendance_threshold) == (6, 0.75)


def test_by_default_the_values_and_assumptions_of_the_domain() -> None:
    assert EnrolmentSettings().policy() == TrainingPolicy()
