"""The reconciliation's rules, pure: what must agree between the services for one conseiller,
each rule named in a test; and the topics the reader takes each service to consume."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from conum_contracts import registry
from conum_operations.reconciliation import (
    CONSUMED_TOPICS,
    CertificationSide,
    EnrolmentSide,
    NationalSide,
    PositioningSide,
    compare,
)

CID = "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f"
E1, E2 = "3c9e6f1a-7b2d-4e8f-a1c5-9d0b2e4f6a8c", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
STRUCTURE = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"


def enrolment(**changes: Any) -> EnrolmentSide:
    answer = {
        "conseiller_id": CID,
        "enrolment_id": E1,
        "state": "in_training",
        "region": "FR-NAQ",
        "scheme": "2024",
        "structure_id": STRUCTURE,
        "training_organisation": {"id": "la-fabrik", "name": "La Fabrik"},
        "enrolled_on": "2026-03-02",
        "path": {"hours": 70, "weeks": 5, "alternance_days_per_week": 1},
        "starts_on": "2026-03-16",
        "planned_end_on": "2026-04-17",
        "completed_on": None,
        "withdrawn_on": None,
        "person": {"first_name": "never", "last_name": "read", "email": "n@r.org"},
    }
    return EnrolmentSide.of(answer | changes)


def positioning(**changes: Any) -> PositioningSide:
    answer = {
        "enrolment_id": E1,
        "state": "completed",
        "region": "FR-NAQ",
        "scheme": "2024",
        "structure_id": STRUCTURE,
        "training_organisation_id": "la-fabrik",
        "enrolled_on": "2026-03-02",
        "assigned_path_hours": 70,
    }
    return PositioningSide.of(answer | changes)


def certification(**changes: Any) -> CertificationSide:
    answer = {
        "enrolment_id": E1,
        "training": "in_training",
        "region": "FR-NAQ",
        "path_hours": 70,
        "training_starts_on": "2026-03-16",
        "training_planned_end_on": "2026-04-17",
        "training_completed_on": None,
        "withdrawn_on": None,
    }
    return CertificationSide.of(answer | changes)


def rules(e: EnrolmentSide, p: PositioningSide | None, c: CertificationSide | None) -> list[str]:
    return [d.rule for d in compare(e, p, c)]


def test_views_that_agree_give_no_disagreement() -> None:
    assert compare(enrolment(), positioning(), certification()) == []


def test_known_every_service_knows_an_enrolled_conseiller() -> None:
    [missing] = compare(enrolment(), None, certification())
    assert (missing.rule, missing.holds("positioning")) == ("known", "unknown")


def test_enrolment_the_services_hold_the_same_current_enrolment() -> None:
    found = compare(
        enrolment(
            enrolment_id=E2, state="enrolled", path=None, starts_on=None, planned_end_on=None
        ),
        positioning(),
        certification(),
    )
    first = found[0]
    assert first.rule == "enrolment"
    assert (first.holds("enrolment"), first.holds("positioning")) == (E2, E1)


def test_enrolment_a_view_without_enrolment_id_is_not_compared_on_it() -> None:
    assert compare(enrolment(), positioning(enrolment_id=None), certification()) == []


def test_withdrawn_withdrawn_closed_and_withdrawn_together() -> None:
    withdrawn = {"state": "withdrawn", "withdrawn_on": "2026-03-20"}
    closed = positioning(state="closed")
    gone = certification(training="withdrawn", withdrawn_on="2026-03-20")
    assert compare(enrolment(**withdrawn), closed, gone) == []
    # The case: enrolled again, positioning still closed, certification withdrawn.
    again = enrolment(
        enrolment_id=E2, state="enrolled", path=None, starts_on=None, planned_end_on=None
    )
    found = rules(again, closed, gone)
    assert "withdrawn" in found and "enrolment" in found


def test_training_certifications_state_is_enrolments() -> None:
    assert (
        rules(
            enrolment(state="completed", completed_on="2026-04-10"),
            positioning(),
            certification(training="completed", training_completed_on="2026-04-10"),
        )
        == []
    )
    waiting = enrolment(
        state="awaiting_cohort",
        scheme="2021",
        starts_on=None,
        planned_end_on=None,
        path={"hours": 280},
    )
    assert "training" not in rules(
        waiting,
        positioning(scheme="2021", assigned_path_hours=280),
        certification(
            training="enrolled",
            path_hours=280,
            training_starts_on=None,
            training_planned_end_on=None,
        ),
    )
    assert "training" in rules(enrolment(), positioning(), certification(training="enrolled"))


def test_path_hours_one_path_in_the_three_services() -> None:
    [found] = compare(
        enrolment(), positioning(assigned_path_hours=315), certification(path_hours=315)
    )
    assert (found.rule, found.holds("enrolment"), found.holds("certification")) == (
        "path_hours",
        "70",
        "315",
    )


def test_training_dates_in_enrolment_and_certification() -> None:
    found = rules(enrolment(), positioning(), certification(training_planned_end_on="2026-06-19"))
    assert found == ["training_dates"]


def test_parties_region_scheme_structure_organisation_and_day() -> None:
    assert rules(enrolment(), positioning(structure_id=E2), certification()) == ["parties"]
    assert rules(enrolment(), positioning(), certification(region="FR-IDF")) == ["parties"]


def national(**changes: Any) -> NationalSide:
    answer = {
        "enrolment_id": E1,
        "structure_id": STRUCTURE,
        "enrolled_on": "2026-03-02",
        "withdrawn_on": None,
        "step": "in_training",
    }
    return NationalSide.of(answer | changes)


def test_national_its_current_journey_is_the_current_enrolment() -> None:
    def found(side: NationalSide) -> list[str]:
        return [d.rule for d in compare(enrolment(), positioning(), certification(), side)]

    assert found(national()) == []
    assert found(national(enrolment_id=E2)) == ["national"]  # an earlier journey still current
    assert found(national(withdrawn_on="2026-03-20")) == ["national"]
    assert found(national(structure_id=E2)) == ["national"]
    assert found(NationalSide.unknown()) == ["national"]


def test_the_national_view_is_compared_only_when_read() -> None:
    assert [d.rule for d in compare(enrolment(), positioning(), certification())] == []


def test_the_person_of_an_enrolment_is_never_read() -> None:
    assert "never" not in repr(enrolment())


@pytest.mark.parametrize("service", sorted(CONSUMED_TOPICS))
def test_the_reader_knows_the_topics_each_service_consumes(service: str) -> None:
    definition = importlib.import_module(f"conum_{service}.app").SERVICE
    consumed = {registry.for_model(model).topic for model in definition.consumed}
    assert set(CONSUMED_TOPICS[service]) == consumed
