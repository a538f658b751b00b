"""Answers read from domain objects and views: each field from the attribute of its name,
nested answers too; given fields as they are; a missing attribute is an error, not a gap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from conum_runtime.http.answers import Answer
from pydantic import ValidationError


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    internal_note: str = "never answered"


@dataclass(frozen=True)
class Enrolment:
    conseiller_id: str
    organisation: Organisation
    enrolled_on: date


@dataclass(frozen=True)
class EnrolmentView:
    enrolment: Enrolment
    position: int


class OrganisationOut(Answer[Organisation]):
    id: str
    name: str


class EnrolmentOut(Answer[Enrolment]):
    conseiller_id: str
    organisation: OrganisationOut
    enrolled_on: date
    position: int | None = None


ENROLMENT = Enrolment("c-1", Organisation("la-fabrik", "La Fabrik"), date(2026, 3, 2))


def test_fields_are_read_from_the_attributes_of_their_names_nested_answers_too() -> None:
    answer = EnrolmentOut.of(ENROLMENT)
    assert answer.model_dump() == {
        "conseiller_id": "c-1",
        "organisation": {"id": "la-fabrik", "name": "La Fabrik"},
        "enrolled_on": date(2026, 3, 2),
        "position": None,
    }


def test_given_fields_win_and_parts_are_read_after_the_source() -> None:
    view = EnrolmentView(ENROLMENT, position=3)
    answer = EnrolmentOut.of(view, view.enrolment, conseiller_id="given")
    assert (answer.conseiller_id, answer.position, answer.organisation.id) == (
        "given",
        3,
        "la-fabrik",
    )


def test_a_field_the_source_lacks_is_an_error() -> None:
    with pytest.raises(ValidationError, match="conseiller_id"):
        EnrolmentOut.of(EnrolmentView(ENROLMENT, position=1))
