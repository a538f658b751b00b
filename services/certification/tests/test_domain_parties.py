"""Certification's parties and enrolments: certifiers and the Pix certifier act on their own, a
record belongs to the conseiller's parties, each new enrolment starts the training facts afresh."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import pytest
from conum_certification import domain
from conum_certification.domain import candidate as facts
from conum_certification.domain.candidate import TrainingState
from conum_kernel.access import Caller, Role

from .conftest import ID, START, STRUCTURE, decided, ready, session

E1, E2 = "e-1", "e-2"


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
