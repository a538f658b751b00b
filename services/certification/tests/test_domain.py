"""The certification rules, pure (no store, no broker)."""

from __future__ import annotations

from datetime import date

import pytest
from conum_certification import domain
from conum_certification.domain import candidate as facts
from conum_contracts.certification import PIX_MAX_SCORE

from .conftest import ID, ROUTING, START, STRUCTURE, decided, ready, session


def test_convocation_needs_a_known_conseiller() -> None:
    with pytest.raises(domain.UnknownConseiller):
        domain.convene(None, session(), [])
    partial = facts.path_assigned(
        None, conseiller_id=ID, region="FR-NAQ", scheme="2024", path_hours=70
    )
    with pytest.raises(domain.UnknownConseiller):
        domain.convene(partial, session(), [])


def test_convocation_needs_an_assigned_path() -> None:
    with pytest.raises(domain.PathMissing):
        domain.convene(ready(path_hours=None), session(), [])


def test_convocation_needs_an_open_training() -> None:
    with pytest.raises(domain.TrainingNotStarted):
        domain.convene(ready(training_starts_on=None), session(), [])
    gone = facts.withdrawn(
        ready(), conseiller_id=ID, region="FR-NAQ", withdrawn_on=date(2026, 4, 1)
    )
    with pytest.raises(domain.ConseillerWithdrawn):
        domain.convene(gone, session(), [])


def test_completed_training_may_still_be_convened() -> None:
    done = facts.training_completed(
        ready(), conseiller_id=ID, region="FR-NAQ", completed_on=date(2026, 5, 22)
    )
    assert done.training_state is facts.TrainingState.COMPLETED
    assert domain.convene(done, session(), []).exam_session_id == "s1"


def test_exam_cannot_precede_the_training_start() -> None:
    with pytest.raises(domain.ExamBeforeTrainingStart):
        domain.convene(ready(), session(exam_on=date(2026, 3, 15)), [])
    assert domain.convene(ready(), session(exam_on=START), []).exam_on == START


def test_convocation_stays_in_the_conseillers_region() -> None:
    with pytest.raises(domain.ConseillerOfAnotherRegion):
        domain.convene(ready(), session(region="FR-OCC"), [])


def test_one_pending_convocation_at_a_time() -> None:
    first = domain.convene(ready(), session(), [])
    with pytest.raises(domain.AlreadyConvened):
        domain.convene(ready(), session(), [first])
    with pytest.raises(domain.ConvocationPending):
        domain.convene(ready(), session(date(2026, 9, 1), sid="s2"), [first])


def test_no_convocation_after_ccp1_passed() -> None:
    passed = decided(domain.convene(ready(), session(), []), domain.Ccp1Result.PASSED)
    with pytest.raises(domain.Ccp1AlreadyPassed):
        domain.convene(ready(), session(date(2026, 9, 1), sid="s2"), [passed])


def test_a_failed_ccp1_can_be_retaken_at_a_later_session() -> None:
    failed = decided(domain.convene(ready(), session(), []), domain.Ccp1Result.FAILED)
    with pytest.raises(domain.AlreadyConvened):
        domain.convene(ready(), session(), [failed])
    for not_later in (date(2026, 6, 18), date(2026, 6, 1)):
        with pytest.raises(domain.RetakeMustBeLater):
            domain.convene(ready(), session(not_later, sid="s0"), [failed])
    retake = domain.convene(ready(), session(date(2026, 9, 1), sid="s2"), [failed])
    assert retake.result is None


def test_result_without_convocation_is_refused() -> None:
    with pytest.raises(domain.ConvocationMissing) as refused:
        domain.decide_ccp1(None, domain.Ccp1Result.PASSED, date(2026, 6, 25))
    assert refused.value.code == "convocation_missing"


def test_a_convocation_gets_one_result() -> None:
    passed = decided(domain.convene(ready(), session(), []), domain.Ccp1Result.PASSED)
    with pytest.raises(domain.ResultAlreadyRecorded):
        domain.decide_ccp1(passed, domain.Ccp1Result.FAILED, date(2026, 6, 30))


def test_the_decision_cannot_precede_the_exam() -> None:
    convocation = domain.convene(ready(), session(), [])
    with pytest.raises(domain.DecidedBeforeExam):
        domain.decide_ccp1(convocation, domain.Ccp1Result.PASSED, date(2026, 6, 17))


def test_pix_score_runs_from_0_to_1024_as_in_the_contract() -> None:
    assert domain.PIX_MAX_SCORE == PIX_MAX_SCORE == 1024
    for score in (-1, 1025):
        with pytest.raises(domain.InvalidPixScore):
            domain.record_pix(ready(), score=score, certified=False, recorded_on=START, previous=[])
    assert domain.record_pix(ready(), score=1024, certified=True, recorded_on=START, previous=[])


def test_one_pix_result_per_conseiller_and_day() -> None:
    first = domain.record_pix(ready(), score=300, certified=False, recorded_on=START, previous=[])
    with pytest.raises(domain.PixResultAlreadyRecorded):
        domain.record_pix(ready(), score=500, certified=True, recorded_on=START, previous=[first])


def test_pix_needs_a_known_conseiller() -> None:
    with pytest.raises(domain.UnknownConseiller):
        domain.record_pix(None, score=500, certified=True, recorded_on=START, previous=[])


def test_double_certification_needs_ccp1_passed_and_pix_certified_once() -> None:
    passed = decided(domain.convene(ready(), session(), []), domain.Ccp1Result.PASSED)
    failed = decided(domain.convene(ready(), session(), []), domain.Ccp1Result.FAILED)
    pix = domain.record_pix(ready(), score=600, certified=True, recorded_on=START, previous=[])
    no_pix = domain.record_pix(ready(), score=90, certified=False, recorded_on=START, previous=[])
    check = domain.double_certification
    assert check(ready(), [failed], [pix], already_certified=False) is None
    assert check(ready(), [passed], [no_pix], already_certified=False) is None
    assert check(ready(), [passed], [pix], already_certified=True) is None
    certified = check(ready(), [passed], [no_pix, pix], already_certified=False)
    assert certified == domain.DoubleCertification(ID, "FR-NAQ", date(2026, 6, 18), START)


def test_full_title_is_140_hours_over_17_weeks() -> None:
    enrolment = domain.enrol_in_full_title(
        ready(), starts_on=date(2026, 9, 7), already_enrolled=False, routing=ROUTING
    )
    assert (enrolment.hours, enrolment.weeks) == (140, 17)


def test_full_title_once_and_for_a_known_conseiller() -> None:
    with pytest.raises(domain.AlreadyInFullTitle):
        domain.enrol_in_full_title(ready(), starts_on=START, already_enrolled=True, routing=ROUTING)
    with pytest.raises(domain.UnknownConseiller):
        domain.enrol_in_full_title(None, starts_on=START, already_enrolled=False, routing=ROUTING)


@pytest.mark.parametrize("department", ["40", "64"])
def test_naq_landes_and_pyrenees_atlantiques_go_to_la_melee(department: str) -> None:
    assert ROUTING.organisation_for("FR-NAQ", department).id == "la-melee"


@pytest.mark.parametrize("department", ["16", "17", "19", "23", "24", "33", "47", "79", "86", "87"])
def test_naq_other_departments_go_to_ensc(department: str) -> None:
    organisation = ROUTING.organisation_for("FR-NAQ", department)
    assert (organisation.id, organisation.name) == ("ensc", "Espace Numérique Sud-Charente")


def test_regions_without_a_full_title_organisation_refuse_the_enrolment() -> None:
    other = ready(region="FR-OCC", department="31")
    with pytest.raises(domain.NoFullTitleOrganisation):
        domain.enrol_in_full_title(other, starts_on=START, already_enrolled=False, routing=ROUTING)


def test_a_path_before_the_enrolment_is_kept_and_completed() -> None:
    partial = facts.path_assigned(
        None, conseiller_id=ID, region="FR-NAQ", scheme="2024", path_hours=315
    )
    assert partial.training_state is facts.TrainingState.AWAITING_ENROLMENT
    full = facts.enrolled(
        partial,
        conseiller_id=ID,
        region="FR-NAQ",
        department="40",
        scheme="2024",
        structure_id=STRUCTURE,
        training_organisation_id="la-fabrik",
        enrolled_on=START,
    )
    assert (full.path_hours, full.department, full.is_enrolled) == (315, "40", True)


def test_an_enrolment_after_a_withdrawal_opens_a_new_training() -> None:
    gone = facts.withdrawn(
        ready(), conseiller_id=ID, region="FR-NAQ", withdrawn_on=date(2026, 4, 1)
    )
    back = facts.enrolled(
        gone,
        conseiller_id=ID,
        region="FR-NAQ",
        department="16",
        scheme="2024",
        structure_id=STRUCTURE,
        training_organisation_id="la-fabrik",
        enrolled_on=date(2026, 9, 1),
    )
    assert back.training_state is facts.TrainingState.ENROLLED
    assert back.training_starts_on is None
