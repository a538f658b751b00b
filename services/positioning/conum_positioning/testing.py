"""Factories for the positioning service's tests: enrolment events as the enrolment service
sends them. No assertions here."""

from __future__ import annotations

import uuid
from datetime import date

from conum_contracts.enrolment import ConseillerEnrolledV3, ConseillerWithdrawnV1
from conum_runtime.testing.events import example_event

INPUT = "conum.enrolment.conseiller"
OUTPUT = "conum.positioning.conseiller"


FIRST = "first"
"""The conseiller's first enrolment (a fixed id derived from the conseiller's)."""


def new_id() -> str:
    return str(uuid.uuid4())


def first_enrolment(conseiller_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"enrolment:{conseiller_id}"))


def _enrolment(conseiller_id: str, enrolment_id: str | None) -> str | None:
    return first_enrolment(conseiller_id) if enrolment_id == FIRST else enrolment_id


def enrolled(
    conseiller_id: str,
    *,
    region: str = "FR-NAQ",
    department: str = "40",
    scheme: str = "2024",
    enrolled_on: date = date(2026, 3, 2),
    structure_id: str | None = None,
    organisation: str = "la-fabrik",
    enrolment_id: str | None = FIRST,
) -> ConseillerEnrolledV3:
    """``enrolment_id`` None: as published before revision 2."""
    fields = {
        "enrolment_id": _enrolment(conseiller_id, enrolment_id),
        "conseiller_id": conseiller_id,
        "region": region,
        "department": department,
        "scheme": scheme,
        "enrolled_on": enrolled_on.isoformat(),
        "training_organisation": {"id": organisation, "name": "Organisation"},
    }
    if structure_id is not None:
        fields["structure_id"] = structure_id
    event: ConseillerEnrolledV3 = example_event(ConseillerEnrolledV3, **fields)
    return event


def withdrawn(
    conseiller_id: str, on: date = date(2026, 3, 10), *, enrolment_id: str | None = FIRST
) -> ConseillerWithdrawnV1:
    """``enrolment_id`` None: as published before revision 2 (a free-text reason)."""
    if enrolment_id is None:
        return ConseillerWithdrawnV1(
            conseiller_id=conseiller_id, reason="moved away", withdrawn_on=on
        )
    return ConseillerWithdrawnV1(
        conseiller_id=conseiller_id,
        reason="left_structure",
        withdrawn_on=on,
        enrolment_id=_enrolment(conseiller_id, enrolment_id),
        reason_code="left_structure",
    )
