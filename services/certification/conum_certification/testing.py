"""Factories for the certification service's tests: enrolment and positioning events as
their services send them. No assertions here."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from conum_contracts.enrolment import (
    ConseillerEnrolledV3,
    TrainingCompletedV1,
    TrainingStartedV1,
)
from conum_runtime.consumer import Outcome
from conum_runtime.testing import conseillers
from conum_runtime.testing.conseillers import (
    FIRST,
    enrolment_of,
    first_enrolment,
    new_id,
    path_assigned,
    withdrawn,
)
from conum_runtime.testing.services import ConsumingStore

from conum_certification.store import CertificationUnitOfWork

OUTPUT = "conum.certification.conseiller"
TRAINING_START = date(2026, 3, 16)
STRUCTURE_ID = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"
ORGANISATION = "la-fabrik"

__all__ = [
    "FIRST",
    "ORGANISATION",
    "OUTPUT",
    "STRUCTURE_ID",
    "TRAINING_START",
    "enrolled",
    "first_enrolment",
    "make_convenable",
    "new_id",
    "path_assigned",
    "published",
    "training_completed",
    "training_started",
    "withdrawn",
]


def enrolled(conseiller_id: str, **fields: Any) -> ConseillerEnrolledV3:
    """An enrolment (2024 scheme) of a structure in Charente, with its sealed ``person``,
    which this service must drop."""
    return conseillers.enrolled(
        conseiller_id, **({"department": "16", "structure_id": STRUCTURE_ID} | fields)
    )


def training_started(
    conseiller_id: str, starts_on: date = TRAINING_START, *, enrolment_id: str | None = FIRST
) -> TrainingStartedV1:
    return TrainingStartedV1(
        conseiller_id=conseiller_id,
        cohort_id=None,
        starts_on=starts_on,
        planned_end_on=starts_on + timedelta(weeks=10),
        enrolment_id=enrolment_of(conseiller_id, enrolment_id),
    )


def training_completed(
    conseiller_id: str, *, enrolment_id: str | None = FIRST
) -> TrainingCompletedV1:
    return TrainingCompletedV1(
        conseiller_id=conseiller_id,
        hours_attended=175,
        completed_on=date(2026, 5, 22),
        enrolment_id=enrolment_of(conseiller_id, enrolment_id),
    )


async def make_convenable(
    store: ConsumingStore[CertificationUnitOfWork], conseiller_id: str, *, region: str = "FR-NAQ"
) -> list[Outcome]:
    """Deliver the enrolment, the path and the training start of a conseiller."""
    return [
        await store.feed(event, region=region)
        for event in (
            enrolled(conseiller_id, region=region),
            path_assigned(conseiller_id, region=region),
            training_started(conseiller_id),
        )
    ]


async def published(
    store: ConsumingStore[CertificationUnitOfWork],
) -> list[tuple[str, dict[str, Any]]]:
    """(action, payload) of every event in the outbox, each decoded by its contract."""
    return [(kind.split(".")[-2], payload) for kind, payload in await store.published()]
