"""Initial training: cohorts of eight, the referent, training days and attendance, completion at
the path's hours."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conum_enrolment import domain
from conum_enrolment.domain import (
    AttendanceDay,
    EnrolmentState,
    TrainingPath,
    TrainingPolicy,
)

from .conftest import MONDAY, POLICY, enrolment, in_training, waiting


def test_cohort_needs_at_least_eight() -> None:
    assert domain.form_cohort("k-1", waiting(7), date(2026, 3, 4), POLICY) is None
    assert domain.form_cohort("k-2", waiting(8), date(2026, 3, 4), POLICY) is not None
    assert (
        domain.form_cohort("k-3", waiting(9), date(2026, 3, 4), TrainingPolicy(cohort_min_size=10))
        is None
    )


def test_cohort_members_start_and_end_together_over_sixteen_weeks() -> None:
    members = waiting(8)
    cohort = domain.form_cohort("k-1", members, date(2026, 3, 4), POLICY)
    assert cohort is not None
    assert cohort.starts_on == date(2026, 3, 16)  # first Monday at least 7 days after forming
    assert cohort.ends_on == date(2026, 7, 3)  # Friday of the 16th week
    assert {(m.starts_on, m.planned_end_on, m.cohort_id) for m in members} == {
        (cohort.starts_on, cohort.ends_on, "k-1")
    }


def test_cohort_gathers_one_organisation_region_and_path_only() -> None:
    mixed = waiting(7) + waiting(1, hours=350)
    with pytest.raises(ValueError):
        domain.form_cohort("k-1", mixed, date(2026, 3, 4), POLICY)


def test_referent_is_designated_in_the_first_days_only() -> None:
    members = waiting(8)
    cohort = domain.form_cohort("k-1", members, date(2026, 3, 4), POLICY)
    assert cohort is not None
    with pytest.raises(domain.ReferentWindowClosed):
        cohort.designate_referent(members[0], cohort.starts_on - timedelta(days=1), POLICY)
    with pytest.raises(domain.ReferentWindowClosed):
        cohort.designate_referent(members[0], cohort.starts_on + timedelta(days=5), POLICY)
    cohort.designate_referent(members[0], cohort.starts_on + timedelta(days=4), POLICY)
    assert cohort.referent_id == members[0].conseiller_id
    with pytest.raises(domain.ReferentAlreadyDesignated):
        cohort.designate_referent(members[1], cohort.starts_on, POLICY)


def test_referent_must_be_a_member_of_the_cohort() -> None:
    members = waiting(8)
    cohort = domain.form_cohort("k-1", members, date(2026, 3, 4), POLICY)
    assert cohort is not None
    with pytest.raises(domain.NotACohortMember):
        cohort.designate_referent(enrolment("stranger"), cohort.starts_on, POLICY)


def test_a_training_day_is_a_past_weekday_inside_the_training_period() -> None:
    learner = in_training()
    today = MONDAY + timedelta(days=60)
    domain.check_training_day(learner, MONDAY, today, [])
    for day in (MONDAY - timedelta(days=1), MONDAY + timedelta(days=5), date(2026, 5, 1)):
        with pytest.raises(domain.NotATrainingDay):  # before, Saturday, after the end
            domain.check_training_day(learner, day, today, [])
    with pytest.raises(domain.NotATrainingDay):  # not in advance
        domain.check_training_day(learner, MONDAY + timedelta(days=1), MONDAY, [])
    with pytest.raises(domain.NotInTraining):
        domain.check_training_day(enrolment(), MONDAY, today, [])


def test_at_least_one_alternance_day_a_week_stays_with_the_structure() -> None:
    learner = in_training(alternance=2)  # 3 training days a week
    week = [MONDAY + timedelta(days=n) for n in range(3)]
    today = MONDAY + timedelta(days=30)
    domain.check_training_day(learner, week[2], today, week[:2])
    domain.check_training_day(learner, week[1], today, week)  # a correction of a recorded day
    with pytest.raises(domain.AlternanceDayTaken):
        domain.check_training_day(learner, MONDAY + timedelta(days=3), today, week)
    domain.check_training_day(learner, MONDAY + timedelta(days=7), today, week)  # next week
    assert TrainingPath(70, 5, 1, MONDAY).training_days_per_week == 4


def test_attendance_below_threshold_breaches_once_per_fall() -> None:
    learner = in_training(hours=315, weeks=15)
    days: list[AttendanceDay] = []
    breaches = []
    pattern = [True] * 4 + [False, False] + [True] * 6 + [False] * 3
    for n, present in enumerate(pattern):
        days.append(AttendanceDay(MONDAY + timedelta(days=n), present))
        outcome = domain.apply_attendance(
            learner, domain.attendance_report(days, POLICY), days[-1].on, POLICY
        )
        breaches.append(outcome.breached)
    # 4/5 = 80 % holds; 4/6 falls (breach); recovery at 10/12; falls again at 10/13.
    assert [n for n, breached in enumerate(breaches) if breached] == [5, 12]


def test_threshold_is_configurable() -> None:
    learner = in_training()
    days = [AttendanceDay(MONDAY, True), AttendanceDay(MONDAY + timedelta(days=1), False)]
    lenient = TrainingPolicy(attendance_threshold=0.5)
    assert not domain.apply_attendance(
        learner, domain.attendance_report(days, lenient), days[-1].on, lenient
    ).breached


def test_training_completes_when_present_hours_reach_the_path_hours() -> None:
    learner = in_training(hours=70)  # 10 days of 7 h
    days = [AttendanceDay(MONDAY + timedelta(days=n), True) for n in range(10)]
    outcome = domain.apply_attendance(
        learner, domain.attendance_report(days[:9], POLICY), days[8].on, POLICY
    )
    assert not outcome.completed and learner.state is EnrolmentState.IN_TRAINING
    outcome = domain.apply_attendance(
        learner, domain.attendance_report(days, POLICY), days[9].on, POLICY
    )
    assert outcome.completed and outcome.report.hours_attended == 70
    assert learner.state is EnrolmentState.COMPLETED  # type: ignore[comparison-overlap]
    assert learner.completed_on == days[9].on
