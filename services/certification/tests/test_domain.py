"""The certification rules, pure (no store, no broker)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date

import pytest
from conum_certification import domain
from conum_certification.domain import candidate as facts
from conum_certification.domain.candidate import TrainingState
from conum_certification.reference import load_routing
from conum_contracts.certification import PIX_MAX_SCORE
from conum_kernel.access import Caller, Role

ID = "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f"
START = date(2026, 3, 16)
STRUCTURE = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"
ROUTING = load_routing()


def ready(**changes: object) -> facts.Candidate:
    """An enrolled conseiller with a path and a started training."""
    candidate = facts.enrolled(
        None,
        conseiller_id=ID,
        region="FR-NAQ",
        department="16",
        scheme="2024",
        structure_id=STRUCTURE,
        training_organisation_id="la-fabrik",
        enrolled_on=date(2026, 3, 2),
    )
    candidate = facts.path_assigned(
        candidate, conseiller_id=ID, region="FR-NAQ", scheme="2024", path_hours=175
    )
    candidate = facts.training_started(
        candidate,
        conseiller_id=ID,
        region="FR-NAQ",
        starts_on=START,
        planned_end_on=date(2026, 5, 22),
    )
    return replace(candidate, **changes)  # type: ignore[arg-type]


def session(
    exam_on: date = date(2026, 6, 18), region: str = "FR-NAQ", sid: str = "s1"
) -> domain.ExamSession:
    return domain.ExamSession(sid, exam_on, region, "afpa")


def decided(convocation: domain.Convocation, result: domain.Ccp1Result) -> domain.Convocation:
    return domain.decide_ccp1(convocation, result, convocation.exam_on)


# --- convocation ------------------------------------------------------------------------


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


# --- CCP1 results -----------------------------------------------------------------------


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


# --- Pix and double certification -------------------------------------------------------


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


# --- the full REMN title ----------------------------------------------------------------


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


# --- conseiller facts, in any order -----------------------------------------------------


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


# --- who may act -----------------------------------------------------------------------


def certifier(bound_to: str | None = None, regions: Collection[str] | None = None) -> Caller:
    return Caller(Role.CERTIFIER, None if regions is None else frozenset(regions), bound_to)


def test_a_certifier_acts_on_its_own_exam_sessions_only() -> None:
    afpa_session = session()
    assert certifier("afpa", {"FR-NAQ"}).may_see(afpa_session.stake)
    assert certifier(None, {"FR-NAQ"}).may_see(afpa_session.stake)  # every certifier's
    assert not certifier("another-certifier", {"FR-NAQ"}).may_see(afpa_session.stake)
    assert not certifier("afpa", {"FR-OCC"}).may_see(afpa_session.stake)


def test_a_certifier_token_naming_its_certifier_holds_sessions_for_it_only() -> None:
    domain.check_acts_for(certifier("afpa"), "afpa")
    domain.check_acts_for(certifier(), "any-certifier")  # a token naming none
    with pytest.raises(domain.NotTheirSession) as refused:
        domain.check_acts_for(certifier("afpa"), "another-certifier")
    assert refused.value.category.value == "forbidden"


def test_pix_results_are_recorded_by_the_pix_certifier() -> None:
    domain.check_pix_certifier(certifier(domain.PIX))
    domain.check_pix_certifier(certifier())  # a token naming no certifier acts for Pix too
    with pytest.raises(domain.NotThePixCertifier) as refused:
        domain.check_pix_certifier(certifier("afpa"))
    assert (refused.value.code, refused.value.category.value) == (
        "not_the_pix_certifier",
        "forbidden",
    )


def test_a_certification_record_belongs_to_the_conseillers_parties() -> None:
    stake = ready().stake({"afpa"})
    naq = frozenset({"FR-NAQ"})
    assert Caller(Role.HOST_STRUCTURE, naq, STRUCTURE).may_see(stake)
    assert not Caller(Role.HOST_STRUCTURE, naq, "11111111-2222-4333-8444-555555555555").may_see(
        stake
    )
    assert Caller(Role.TRAINING_ORGANISATION, naq, "la-fabrik").may_see(stake)
    assert not Caller(Role.TRAINING_ORGANISATION, naq, "pop-school").may_see(stake)
    assert certifier("afpa", naq).may_see(stake)  # it convened the conseiller
    assert certifier(domain.PIX, naq).may_see(stake)  # Pix certifies every conseiller
    assert not certifier("another-certifier", naq).may_see(stake)
    assert not certifier("afpa", naq).may_see(ready().stake())  # not convened by it
    assert not certifier(None, {"FR-OCC"}).may_see(stake)


def test_a_partial_record_is_nobodys_structure_nor_organisation() -> None:
    partial = facts.path_assigned(
        None, conseiller_id=ID, region="FR-NAQ", scheme="2024", path_hours=70
    )
    naq = frozenset({"FR-NAQ"})
    assert not Caller(Role.HOST_STRUCTURE, naq, STRUCTURE).may_see(partial.stake())
    assert Caller(Role.HOST_STRUCTURE, naq).may_see(partial.stake())


def test_ccp1_status_over_every_convocation() -> None:
    convened = domain.convene(ready(), session(), [])
    failed = decided(convened, domain.Ccp1Result.FAILED)
    passed = decided(convened, domain.Ccp1Result.PASSED)
    status = domain.ccp1_status
    assert status([]) is domain.Ccp1Status.NOT_CONVENED
    assert status([convened]) is domain.Ccp1Status.CONVENED
    assert status([failed]) is domain.Ccp1Status.FAILED
    assert status([failed, passed]) is domain.Ccp1Status.PASSED


# --- re-enrolment: the newest enrolment decides (decision 0016) ---------------------------

E1, E2 = "e-1", "e-2"
DAY = date(2026, 4, 1)


def enrolment_of(candidate: facts.Candidate | None, enrolment_id: str | None) -> facts.Candidate:
    found = facts.enrolled(
        candidate,
        conseiller_id=ID,
        region="FR-NAQ",
        department="16",
        scheme="2024",
        structure_id=STRUCTURE,
        training_organisation_id="la-fabrik",
        enrolled_on=DAY,
        enrolment_id=enrolment_id,
    )
    assert found is not None
    return found


def trained(enrolment_id: str | None) -> facts.Candidate:
    candidate = enrolment_of(None, enrolment_id)
    for step in (
        lambda c: facts.path_assigned(
            c,
            conseiller_id=ID,
            region="FR-NAQ",
            scheme="2024",
            path_hours=70,
            enrolment_id=enrolment_id,
        ),
        lambda c: facts.training_started(
            c,
            conseiller_id=ID,
            region="FR-NAQ",
            starts_on=START,
            planned_end_on=date(2026, 4, 17),
            enrolment_id=enrolment_id,
        ),
    ):
        candidate = step(candidate)
    return candidate


def withdrawn(candidate: facts.Candidate, enrolment_id: str | None) -> facts.Candidate | None:
    return facts.withdrawn(
        candidate, conseiller_id=ID, region="FR-NAQ", withdrawn_on=DAY, enrolment_id=enrolment_id
    )


def test_a_new_enrolment_starts_the_training_facts_afresh_the_same_day_included() -> None:
    gone = withdrawn(trained(E1), E1)
    assert gone is not None and gone.training_state is TrainingState.WITHDRAWN
    back = enrolment_of(gone, E2)  # enrolled again on the day of the withdrawal
    assert back.training_state is TrainingState.ENROLLED
    assert (back.path_hours, back.training_starts_on, back.withdrawn_on) == (None, None, None)
    assert (back.enrolment_id, back.earlier_enrolment_ids) == (E2, (E1,))


def test_an_earlier_enrolments_late_fact_changes_nothing() -> None:
    back = enrolment_of(withdrawn(trained(E1), E1), E2)
    assert withdrawn(back, E1) is None  # a late withdrawal of the earlier enrolment
    assert (
        facts.path_assigned(
            back,
            conseiller_id=ID,
            region="FR-NAQ",
            scheme="2024",
            path_hours=315,
            enrolment_id=E1,
        )
        is None
    )
    assert enrolment_of(back, E2) == back  # the same enrolment again


def test_a_path_ahead_of_its_enrolment_belongs_to_the_new_enrolment() -> None:
    gone = withdrawn(trained(E1), E1)
    ahead = facts.path_assigned(  # from the positioning stream, before the enrolment's event
        gone, conseiller_id=ID, region="FR-NAQ", scheme="2024", path_hours=175, enrolment_id=E2
    )
    assert ahead is not None and ahead.withdrawn_on is None and ahead.path_hours == 175
    back = enrolment_of(ahead, E2)
    assert back.path_hours == 175 and back.training_state is TrainingState.ENROLLED


def test_revision_1_facts_keep_the_day_grain() -> None:
    gone = withdrawn(trained(None), None)
    same_day = enrolment_of(gone, None)
    assert same_day.training_state is TrainingState.WITHDRAWN  # the limit of the day's grain
    later = facts.enrolled(
        gone,
        conseiller_id=ID,
        region="FR-NAQ",
        department="16",
        scheme="2024",
        structure_id=STRUCTURE,
        training_organisation_id="la-fabrik",
        enrolled_on=date(2026, 4, 2),
    )
    assert later is not None and later.training_state is TrainingState.ENROLLED
    assert enrolment_of(gone, E2).training_state is TrainingState.ENROLLED  # an id: a new one
