"""Consumed events: keep what this service needs of each conseiller (never the ``person``):
plain functions taking an event, its envelope and a unit of work.

Out of order: a path or a training start for a conseiller whose enrolment has not arrived
yet is kept in a partial row, completed when the enrolment arrives. Training facts belong to
the current enrolment (``enrolment_id``, decision 0016): a newer enrolment starts them
afresh, an earlier enrolment's event is ignored (logged). Duplicates are stopped by the
consumer's inbox. Events without a ``region`` field take ``ce_region``.
"""

from __future__ import annotations

import logging

from conum_contracts.enrolment import (
    ConseillerEnrolledV3,
    ConseillerWithdrawnV1,
    TrainingCompletedV1,
    TrainingStartedV1,
)
from conum_contracts.envelope import Envelope
from conum_contracts.positioning import PathAssignedV2
from conum_runtime.consumed import Consumed

from conum_certification.domain import candidate as facts
from conum_certification.store import CertificationUnitOfWork

log = logging.getLogger(__name__)


async def _keep(
    uow: CertificationUnitOfWork, envelope: Envelope, found: facts.Candidate | None
) -> None:
    if found is None:
        log.info("%s for %s ignored: an earlier enrolment's", envelope.type, envelope.subject)
        return
    await uow.candidates.save(found)


async def on_conseiller_enrolled(
    event: ConseillerEnrolledV3, envelope: Envelope, uow: CertificationUnitOfWork
) -> None:
    candidate = await uow.candidates.get(event.conseiller_id, lock=True)
    found = facts.enrolled(
        candidate,
        conseiller_id=event.conseiller_id,
        region=event.region,
        department=event.department,
        scheme=event.scheme,
        structure_id=event.structure_id,
        training_organisation_id=event.training_organisation.id,
        enrolled_on=event.enrolled_on,
        enrolment_id=event.enrolment_id,
    )
    await _keep(uow, envelope, found)


async def on_path_assigned(
    event: PathAssignedV2, envelope: Envelope, uow: CertificationUnitOfWork
) -> None:
    candidate = await uow.candidates.get(event.conseiller_id, lock=True)
    found = facts.path_assigned(
        candidate,
        conseiller_id=event.conseiller_id,
        region=event.region,
        scheme=event.scheme,
        path_hours=event.path_hours,
        enrolment_id=event.enrolment_id,
    )
    await _keep(uow, envelope, found)


async def on_training_started(
    event: TrainingStartedV1, envelope: Envelope, uow: CertificationUnitOfWork
) -> None:
    candidate = await uow.candidates.get(event.conseiller_id, lock=True)
    found = facts.training_started(
        candidate,
        conseiller_id=event.conseiller_id,
        region=envelope.region,  # the payload has none; ce_region is the conseiller's
        starts_on=event.starts_on,
        planned_end_on=event.planned_end_on,
        enrolment_id=event.enrolment_id,
    )
    await _keep(uow, envelope, found)


async def on_training_completed(
    event: TrainingCompletedV1, envelope: Envelope, uow: CertificationUnitOfWork
) -> None:
    candidate = await uow.candidates.get(event.conseiller_id, lock=True)
    found = facts.training_completed(
        candidate,
        conseiller_id=event.conseiller_id,
        region=envelope.region,
        completed_on=event.completed_on,
        enrolment_id=event.enrolment_id,
    )
    await _keep(uow, envelope, found)


async def on_conseiller_withdrawn(
    event: ConseillerWithdrawnV1, envelope: Envelope, uow: CertificationUnitOfWork
) -> None:
    candidate = await uow.candidates.get(event.conseiller_id, lock=True)
    found = facts.withdrawn(
        candidate,
        conseiller_id=event.conseiller_id,
        region=envelope.region,
        withdrawn_on=event.withdrawn_on,
        enrolment_id=event.enrolment_id,
    )
    await _keep(uow, envelope, found)


CONSUMED = (
    Consumed[CertificationUnitOfWork]()
    .on(ConseillerEnrolledV3, on_conseiller_enrolled)
    .on(TrainingStartedV1, on_training_started)
    .on(TrainingCompletedV1, on_training_completed)
    .on(ConseillerWithdrawnV1, on_conseiller_withdrawn)
    .on(PathAssignedV2, on_path_assigned)
)
"""The consumed events, each with its handler."""
