"""Factories for the certification service's tests: enrolment and positioning events as
their services send them. No assertions here."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

from conum_contracts.enrolment import (
    ConseillerEnrolledV3,
    ConseillerWithdrawnV1,
    TrainingCompletedV1,
    TrainingStartedV1,
)
from conum_contracts.positioning import PathAssignedV2
from conum_runtime.consumer import Outcome
from conum_runtime.tables import runtime_tables
from conum_runtime.testing.events import example_event, validated
from conum_runtime.testing.services import ConsumingStore
from sqlalchemy import select

from conum_certification.store import CertificationUnitOfWork, metadata

OUTPUT = "conum.certification.conseiller"
TRAINING_START = date(2026, 3, 16)
STRUCTURE_ID = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"
ORGANISATION = "la-fabrik"


FIRST = "first"
"""The conseiller's first enrolment (a fixed id derived from the conseiller's)."""


def new_id() -> str:
    return str(uuid.uuid4())


def first_enrolment(conseiller_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"enrolment:{conseiller_id}"))


def _enrolment(conseiller_id: str, enrolment_id: str | None) -> str | None:
    """``FIRST``: the first enrolment's id; None: an event published before revision 2."""
    return first_enrolment(conseiller_id) if enrolment_id == FIRST else enrolment_id


def enrolled(
    conseiller_id: str,
    *,
    region: str = "FR-NAQ",
    department: str = "16",
    structure_id: str = STRUCTURE_ID,
    organisation: str = ORGANISATION,
    enrolled_on: date = date(2026, 3, 2),
    enrolment_id: str | None = FIRST,
) -> ConseillerEnrolledV3:
    """An enrolment (2024 scheme) with its sealed ``person``, which this service must drop."""
    event: ConseillerEnrolledV3 = example_event(
        ConseillerEnrolledV3,
        conseiller_id=conseiller_id,
        structure_id=structure_id,
        department=department,
        region=region,
        scheme="2024",
        training_organisation={"id": organisation, "name": "Organisation"},
        employment="recruited",
        remote=False,
        enrolled_on=enrolled_on.isoformat(),
        enrolment_id=_enrolment(conseiller_id, enrolment_id),
    )
    return event


def path_assigned(
    conseiller_id: str,
    *,
    region: str = "FR-NAQ",
    path_hours: int = 175,
    enrolment_id: str | None = FIRST,
) -> PathAssignedV2:
    return PathAssignedV2(
        conseiller_id=conseiller_id,
        region=region,
        scheme="2024",
        path_hours=path_hours,
        weeks={70: 5, 175: 10, 315: 15}[path_hours],
        alternance_days_per_week=1,
        rubric_version="v1",
        assigned_on=date(2026, 3, 9),
        enrolment_id=_enrolment(conseiller_id, enrolment_id),
    )


def training_started(
    conseiller_id: str, starts_on: date = TRAINING_START, *, enrolment_id: str | None = FIRST
) -> TrainingStartedV1:
    return TrainingStartedV1(
        conseiller_id=conseiller_id,
        cohort_id=None,
        starts_on=starts_on,
        planned_end_on=starts_on + timedelta(weeks=10),
        enrolment_id=_enrolment(conseiller_id, enrolment_id),
    )


def training_completed(
    conseiller_id: str, *, enrolment_id: str | None = FIRST
) -> TrainingCompletedV1:
    return TrainingCompletedV1(
        conseiller_id=conseiller_id,
        hours_attended=175,
        completed_on=date(2026, 5, 22),
        enrolment_id=_enrolment(conseiller_id, enrolment_id),
    )


def withdrawn(
    conseiller_id: str, on: date = date(2026, 4, 1), *, enrolment_id: str | None = FIRST
) -> ConseillerWithdrawnV1:
    if enrolment_id is None:  # revision 1: a free-text reason
        return ConseillerWithdrawnV1(
            conseiller_id=conseiller_id, reason="resigned", withdrawn_on=on
        )
    return ConseillerWithdrawnV1(
        conseiller_id=conseiller_id,
        reason="left_structure",
        withdrawn_on=on,
        enrolment_id=_enrolment(conseiller_id, enrolment_id),
        reason_code="left_structure",
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
    async with store.uow() as uow:
        table = runtime_tables(metadata).outbox
        rows = (await uow.session.exec(select(table).order_by(table.c.id))).all()  # type: ignore[call-overload]
    found = []
    for row in rows:
        validated(row.event_type, row.payload.encode())
        found.append((row.event_type.split(".")[-2], json.loads(row.payload)))
    return found
