"""Pure unit tests of the rules (docs/design/domain.md), one per rule, named after it."""

from __future__ import annotations

import typing
from datetime import date, timedelta

import pytest
from conum_contracts.enrolment import WithdrawalReason as ContractReason
from conum_enrolment import domain
from conum_enrolment.domain import (
    Employment,
    EnrolmentState,
    Scheme,
    TrainingPath,
    WithdrawalReason,
)
from conum_kernel.access import Caller, Role

from .conftest import MONDAY, POLICY, REFERENCE, enrolment, in_training, structure, waiting


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
