"""Factories for the positioning service's tests: enrolment events as the enrolment service
sends them. No assertions here."""

from __future__ import annotations

import uuid
from datetime import date

from conum_contracts.enrolment import ConseillerEnrolledV2, ConseillerWithdrawnV1
from conum_runtime.testing.events import example_event

INPUT = "conum.enrolment.conseiller"
OUTPUT = "conum.positioning.conseiller"


def new_id() -> str:
    return str(uuid.uuid4())


def enrolled(
    conseiller_id: str,
    *,
    region: str = "FR-NAQ",
    department: str = "40",
    scheme: str = "2024",
    enrolled_on: date = date(2026, 3, 2),
    structure_id: str | None = None,
    organisation: str = "la-fabrik",
) -> ConseillerEnrolledV2:
    fields = {
        "conseiller_id": conseiller_id,
        "region": region,
        "department": department,
        "scheme": scheme,
        "enrolled_on": enrolled_on.isoformat(),
        "training_organisation": {"id": organisation, "name": "Organisation"},
    }
    if structure_id is not None:
        fields["structure_id"] = structure_id
    event: ConseillerEnrolledV2 = example_event(ConseillerEnrolledV2, **fields)
    return event


def withdrawn(conseiller_id: str, on: date = date(2026, 3, 10)) -> ConseillerWithdrawnV1:
    return ConseillerWithdrawnV1(conseiller_id=conseiller_id, reason="moved away", withdrawn_on=on)
