"""An event built from the domain object it tells of: each field read from the attribute of
its name, nested values too, given fields winning; nothing the model does not declare."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from conum_contracts.certification import RemnEnrolledV2
from conum_contracts.enrolment import CohortFormedV2
from pydantic import ValidationError


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    departments: tuple[str, ...] = ("16",)


@dataclass(frozen=True)
class Enrolment:
    """A domain object: the contract's names, and one of its own."""

    starts_on: date
    organisation: Organisation
    conseiller_id: str
    department: str
    region: str
    note: str = "not in the contract"


ENROLMENT = Enrolment(
    date(2026, 9, 7),
    Organisation("afpa", "AFPA"),
    "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f",
    "16",
    "FR-NAQ",
)


def test_fields_are_read_by_name_nested_ones_too_and_given_ones_win() -> None:
    event = RemnEnrolledV2.of(ENROLMENT, hours=140, weeks=17)
    assert event.model_dump(mode="json") == {
        "conseiller_id": "6f1c8e2a-3b4d-4c5e-9f60-7a8b9c0d1e2f",
        "region": "FR-NAQ",
        "department": "16",
        "organisation": {"id": "afpa", "name": "AFPA"},
        "hours": 140,
        "weeks": 17,
        "starts_on": "2026-09-07",
    }


def test_a_field_no_source_has_is_refused_as_missing() -> None:
    with pytest.raises(ValidationError, match="weeks"):
        RemnEnrolledV2.of(ENROLMENT, hours=140)


def test_parts_are_read_after_the_source() -> None:
    @dataclass(frozen=True)
    class Cohort:
        cohort_id: str
        region: str
        training_organisation: Organisation

    @dataclass(frozen=True)
    class Plan:
        path_hours: int
        starts_on: date
        ends_on: date
        region: str = "FR-IDF"  # the cohort's region comes first

    cohort = Cohort("3c9e6f1a-7b2d-4e8f-a1c5-9d0b2e4f6a8c", "FR-NAQ", Organisation("x", "X"))
    members = [f"00000000-0000-4000-8000-00000000000{n}" for n in range(8)]
    plan = Plan(175, date(2026, 4, 6), date(2026, 6, 12))
    event = CohortFormedV2.of(cohort, plan, conseiller_ids=members)
    assert (event.region, event.path_hours, event.training_organisation.id) == ("FR-NAQ", 175, "x")
