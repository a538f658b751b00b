"""Pure unit tests of the rules (docs/design/domain.md), one per rule, named after it."""

from __future__ import annotations

import typing
from datetime import date, timedelta

import pytest
from conum_contracts.enrolment import WithdrawalReason as ContractReason
from conum_enrolment import domain
from conum_enrolment.domain import (
    AttendanceDay,
    Employment,
    Enrolment,
    EnrolmentState,
    Scheme,
    Structure,
    StructureKind,
    TrainingPath,
    TrainingPolicy,
    WithdrawalReason,
)
from conum_enrolment.reference import load_reference
from conum_enrolment.testing import valid_siret
from conum_kernel.access import Caller, Role
from conum_kernel.territory import territory

REFERENCE = load_reference()
POLICY = TrainingPolicy()
MONDAY = date(2026, 3, 9)


def structure(department: str = "40") -> Structure:
    return Structure(
        "s-1",
        valid_siret(1),
        "Mairie",
        StructureKind.COLLECTIVITE,
        territory().departments[department],
    )


def enrolment(
    conseiller_id: str = "c-1",
    *,
    scheme: Scheme = Scheme.S2024,
    department: str = "40",
    remote: bool = False,
) -> Enrolment:
    return domain.enrol(
        conseiller_id=conseiller_id,
        enrolment_id=f"e-{conseiller_id}",
        structure=structure(department),
        scheme=scheme,
        employment=Employment.RECRUITED,
        remote=remote,
        remote_reason="handicap incompatible with travel" if remote else None,
        open_enrolment=None,
        routing=REFERENCE.routing[scheme.value],
        today=date(2026, 3, 2),
    )


def in_training(hours: int = 70, weeks: int = 5, alternance: int = 1) -> Enrolment:
    learner = enrolment()
    learner.assign_path(TrainingPath(hours, weeks, alternance, MONDAY - timedelta(days=5)), POLICY)
    assert learner.starts_on == MONDAY
    return learner


# --- structures ----------------------------------------------------------------------------


def test_siret_must_pass_its_luhn_checksum() -> None:
    domain.check_siret("73282932000074")
    with pytest.raises(domain.InvalidSiret):
        domain.check_siret("73282932000075")
    with pytest.raises(domain.InvalidSiret):
        domain.check_siret("7328293200007")


def test_habilitation_is_granted_only_after_a_request_and_once() -> None:
    host = structure()
    scheme = domain.HabilitationScheme.AIDANTS_CONNECT
    with pytest.raises(domain.HabilitationNotRequested):
        host.grant_habilitation(scheme, date(2026, 3, 2))
    host.request_habilitation(scheme, date(2026, 3, 2))
    with pytest.raises(domain.HabilitationAlreadyRequested):
        host.request_habilitation(scheme, date(2026, 3, 3))
    assert host.grant_habilitation(scheme, date(2026, 3, 4)).granted_on == date(2026, 3, 4)
    with pytest.raises(domain.HabilitationAlreadyGranted):
        host.grant_habilitation(scheme, date(2026, 3, 5))


# --- enrolment -----------------------------------------------------------------------------


def test_remote_training_needs_a_stated_impossibility() -> None:
    with pytest.raises(domain.RemoteTrainingRefused):
        domain.check_remote_training(True, "  ")
    domain.check_remote_training(True, "reduced mobility, no adapted transport")
    domain.check_remote_training(False, None)


@pytest.mark.parametrize("reason", ["Confinement", "lockdown in the region", "reconfinement"])
def test_lockdown_is_not_an_impossibility(reason: str) -> None:
    with pytest.raises(domain.RemoteTrainingRefused, match="lockdown"):
        domain.check_remote_training(True, reason)


def test_conseiller_already_in_open_training_is_refused() -> None:
    with pytest.raises(domain.AlreadyInOpenTraining):
        domain.enrol(
            conseiller_id="c-1",
            enrolment_id="e-2",
            structure=structure(),
            scheme=Scheme.S2024,
            employment=Employment.HIRING_PROMISE,
            remote=False,
            remote_reason=None,
            open_enrolment=enrolment(),
            routing=REFERENCE.routing["2024"],
            today=date(2026, 3, 2),
        )


def test_withdrawal_closes_an_open_enrolment_once() -> None:
    learner = enrolment()
    learner.withdraw(WithdrawalReason.LEFT_STRUCTURE, date(2026, 3, 10))
    assert learner.state is EnrolmentState.WITHDRAWN and not learner.state.is_open
    with pytest.raises(domain.EnrolmentClosed):
        learner.withdraw(WithdrawalReason.OTHER, date(2026, 3, 11))


def test_a_withdrawal_reason_is_a_code_with_free_text_beside_it() -> None:
    learner = enrolment()
    learner.withdraw(WithdrawalReason.CHANGED_JOB, date(2026, 3, 10), "  joined a library  ")
    assert learner.withdrawal_reason is WithdrawalReason.CHANGED_JOB
    assert learner.withdrawal_detail == "joined a library"
    blank = enrolment("c-2")
    blank.withdraw(WithdrawalReason.HEALTH, date(2026, 3, 10), "   ")
    assert blank.withdrawal_detail is None
    with pytest.raises(domain.WithdrawalDetailTooLong):
        enrolment("c-3").withdraw(WithdrawalReason.OTHER, date(2026, 3, 10), "x" * 501)


def test_the_withdrawal_reasons_are_the_codes_of_the_contract() -> None:
    assert {reason.value for reason in WithdrawalReason} == set(typing.get_args(ContractReason))


# --- a newer path of the same enrolment ---------------------------------------------------


def test_a_newer_path_moves_the_planned_end_of_a_2024_training_before_its_first_day() -> None:
    learner = in_training(70, 5)
    later = TrainingPath(315, 15, 1, MONDAY - timedelta(days=2))
    assert learner.path_refusal(later, days_recorded=False) is None
    learner.assign_path(later, POLICY)
    assert learner.starts_on == MONDAY  # the announced start stays
    assert learner.planned_end_on == MONDAY + timedelta(weeks=15, days=-3)  # its 15th Friday
    assert learner.path == later


def test_a_training_under_way_keeps_its_path() -> None:
    learner = in_training(70, 5)
    later = TrainingPath(315, 15, 1, MONDAY + timedelta(days=3))
    assert learner.path_refusal(later, days_recorded=True) == "training_under_way"


def test_the_same_path_again_changes_nothing() -> None:
    learner = in_training(70, 5)
    again = TrainingPath(70, 5, 1, MONDAY)
    assert learner.path_refusal(again, days_recorded=False) == "same_path"


def test_a_cohorts_path_is_fixed_and_a_waiting_conseiller_follows_the_newer_path() -> None:
    waiting = enrolment(scheme=Scheme.S2021)
    waiting.assign_path(TrainingPath(280, 16, 1, date(2026, 3, 4)), POLICY)
    later = TrainingPath(420, 16, 1, date(2026, 3, 5))
    assert waiting.path_refusal(later, days_recorded=False) is None
    waiting.assign_path(later, POLICY)
    assert waiting.state is EnrolmentState.AWAITING_COHORT and waiting.path == later
    waiting.start_training("cohort-1", MONDAY, MONDAY + timedelta(weeks=16))
    assert waiting.path_refusal(TrainingPath(105, 16, 1, MONDAY), days_recorded=False) == (
        "in_cohort"
    )


def test_a_completed_enrolment_takes_no_path() -> None:
    path = TrainingPath(70, 5, 1, date(2026, 3, 4))
    done = in_training()
    done.complete(MONDAY + timedelta(weeks=2))
    assert done.path_refusal(path, days_recorded=False) == "enrolment_completed"


def test_a_path_reaching_a_withdrawn_enrolment_is_recorded_as_if_it_had_come_first() -> None:
    """The path may be assigned before the withdrawal and reach enrolment after it: the
    outcome does not depend on the order (found by the wave and ``./conum reconcile``)."""
    gone = enrolment()
    gone.withdraw(WithdrawalReason.PERSONAL, date(2026, 3, 3))
    path = TrainingPath(70, 5, 1, date(2026, 3, 3))
    assert gone.path_refusal(path, days_recorded=False) is None
    gone.assign_path(path, POLICY)
    assert (gone.state, gone.path, gone.starts_on) == (EnrolmentState.WITHDRAWN, path, None)
    left_under_way = in_training()
    left_under_way.withdraw(WithdrawalReason.PERSONAL, MONDAY + timedelta(weeks=1))
    later = TrainingPath(175, 10, 1, MONDAY)
    assert left_under_way.path_refusal(later, days_recorded=True) == "training_under_way"
    waiting = enrolment(scheme=Scheme.S2021)
    waiting.assign_path(TrainingPath(280, 16, 1, date(2026, 3, 4)), POLICY)
    waiting.start_training("cohort-1", MONDAY, MONDAY + timedelta(weeks=16))
    waiting.withdraw(WithdrawalReason.HEALTH, MONDAY)
    assert waiting.path_refusal(later, days_recorded=False) == "in_cohort"


def test_2024_training_starts_individually_on_the_next_monday_and_ends_after_the_path_weeks() -> (
    None
):
    learner = enrolment()
    learner.assign_path(TrainingPath(175, 10, 1, date(2026, 3, 12)), POLICY)  # a Thursday
    assert learner.state is EnrolmentState.IN_TRAINING and learner.cohort_id is None
    assert learner.starts_on == date(2026, 3, 16)
    assert learner.planned_end_on == date(2026, 5, 22)  # Friday of the 10th week
    monday = enrolment("c-2")
    monday.assign_path(TrainingPath(70, 5, 1, date(2026, 3, 16)), POLICY)
    assert monday.starts_on == date(2026, 3, 23)  # strictly after the assignment


# --- cohorts (2021) ------------------------------------------------------------------------


def waiting(count: int, hours: int = 280) -> list[Enrolment]:
    learners = [enrolment(f"c-{n}", scheme=Scheme.S2021) for n in range(count)]
    for learner in learners:
        learner.assign_path(TrainingPath(hours, 16, 1, date(2026, 3, 4)), POLICY)
        assert learner.state is EnrolmentState.AWAITING_COHORT
    return learners


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


# --- attendance ----------------------------------------------------------------------------


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


# --- who sees what ---------------------------------------------------------------------------


def test_an_enrolment_is_its_structures_and_its_training_organisations() -> None:
    learner = enrolment()
    naq = frozenset({"FR-NAQ"})
    assert Caller(Role.HOST_STRUCTURE, naq, "s-1").may_see(learner.stake)
    assert Caller(Role.TRAINING_ORGANISATION, naq, "la-fabrik").may_see(learner.stake)
    assert Caller(Role.TRAINING_ORGANISATION, naq).may_see(learner.stake)  # unbound
    assert not Caller(Role.TRAINING_ORGANISATION, naq, "afpa-simplon").may_see(learner.stake)
    assert not Caller(Role.HOST_STRUCTURE, naq, "s-2").may_see(learner.stake)
    assert not Caller(Role.HOST_STRUCTURE, frozenset({"FR-ARA"})).may_see(learner.stake)
    assert Caller.everywhere().may_see(learner.stake)


def test_a_structure_is_its_own_and_a_cohort_its_training_organisations() -> None:
    host = structure()
    naq = frozenset({"FR-NAQ"})
    assert Caller(Role.HOST_STRUCTURE, naq, "s-1").may_see(host.stake)
    assert not Caller(Role.HOST_STRUCTURE, naq, "s-2").may_see(host.stake)
    cohort = domain.form_cohort("k-1", waiting(8), date(2026, 3, 4), POLICY)
    assert cohort is not None
    assert Caller(Role.TRAINING_ORGANISATION, naq, "afpa-simplon").may_see(cohort.stake)
    assert not Caller(Role.TRAINING_ORGANISATION, naq, "la-fabrik").may_see(cohort.stake)


def test_personal_data_only_for_structures_organisations_and_national_coordinators() -> None:
    seeing = {role for role in Role if domain.sees_personal_data(Caller(role, None))}
    assert seeing == {
        Role.HOST_STRUCTURE,
        Role.TRAINING_ORGANISATION,
        Role.NATIONAL_COORDINATOR,
    }
    assert set(domain.WITHDRAWING_ROLES) == seeing


def test_a_persons_email_is_kept_trimmed_and_in_lower_case() -> None:
    person = domain.Person.of(" Awa ", "Diallo ", " Awa.Diallo@Example.ORG ")
    assert person == domain.Person("Awa", "Diallo", "awa.diallo@example.org")
