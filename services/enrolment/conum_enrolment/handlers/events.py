"""Consumed events: plain functions taking an event, its envelope and a unit of work.

``path.assigned`` starts the training: 2024 individually, 2021 in a cohort once enough
conseillers of one organisation, region and path wait. The path belongs to one enrolment
(its ``enrolment_id``): a path of an earlier enrolment of the conseiller is set aside, and a
newer path of the current one replaces the path while the training can follow it
(:meth:`~conum_enrolment.domain.Enrolment.path_refusal`). An event that cannot apply
(unknown conseiller, another enrolment's path, scheme or region mismatch, a training that
keeps its path) is recorded with its reason and ignored. A path without ``enrolment_id``
(revision 1) belongs to the current enrolment unless it was assigned before it (the day's
grain: the fallback of decision 0016). Logs carry ids only, never personal data.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date

from conum_contracts.enrolment import CohortFormedV2, TrainingStartedV1
from conum_contracts.envelope import Envelope
from conum_contracts.positioning import PathAssignedV2
from conum_runtime.consumed import Consumed

from conum_enrolment import domain
from conum_enrolment.domain import CohortKey, Enrolment, EnrolmentState, TrainingPath
from conum_enrolment.store import EnrolmentUnitOfWork

log = logging.getLogger(__name__)


def _set_aside(uow: EnrolmentUnitOfWork, envelope: Envelope, reason: str) -> None:
    """Record-and-ignore: the event stays in the inbox (never re-applied) and here, with why."""
    log.warning("path.assigned %s for %s set aside: %s", envelope.id, envelope.subject, reason)
    uow.ignored_events.add(envelope.id, envelope.type, envelope.subject, reason)


def _of_another_enrolment(enrolment: Enrolment, event: PathAssignedV2) -> bool:
    if event.enrolment_id is not None:
        return event.enrolment_id != enrolment.enrolment_id
    return event.assigned_on < enrolment.enrolled_on  # revision 1: the day's grain


async def _path_refusal(
    uow: EnrolmentUnitOfWork, enrolment: Enrolment | None, event: PathAssignedV2
) -> str | None:
    if enrolment is None:
        return "unknown_conseiller"
    if _of_another_enrolment(enrolment, event):
        return "earlier_enrolment"
    if enrolment.scheme.value != event.scheme:
        return "scheme_mismatch"
    if enrolment.region != event.region:
        return "region_mismatch"
    days = await uow.attendance.days_of(enrolment.conseiller_id)
    return enrolment.path_refusal(_path_of(event), days_recorded=bool(days))


def _path_of(event: PathAssignedV2) -> TrainingPath:
    return TrainingPath(
        event.path_hours, event.weeks, event.alternance_days_per_week, event.assigned_on
    )


async def on_path_assigned(
    event: PathAssignedV2, envelope: Envelope, uow: EnrolmentUnitOfWork
) -> None:
    """2024: the training starts individually. 2021: the conseiller waits for a cohort, which
    forms automatically when the 8th conseiller of one organisation, region and path waits.
    A newer path of the enrolment moves a 2024 planned end (``training_started`` again, same
    start) or a waiting 2021 conseiller to the cohorts of that path."""
    enrolment = await uow.enrolments.get(event.conseiller_id, for_update=True)
    refusal = await _path_refusal(uow, enrolment, event)
    if refusal is not None:
        _set_aside(uow, envelope, refusal)
        return
    assert enrolment is not None
    enrolment.assign_path(_path_of(event), uow.policy)
    await uow.enrolments.save(enrolment)
    if enrolment.state is EnrolmentState.WITHDRAWN:  # recorded, nothing starts
        return
    if enrolment.state is EnrolmentState.IN_TRAINING:
        _emit_training_started(uow, enrolment)
        return
    await uow.session.flush()
    await _form_cohort_if_complete(uow, CohortKey.of(enrolment), event.assigned_on)


async def _form_cohort_if_complete(
    uow: EnrolmentUnitOfWork, key: CohortKey, formed_on: date
) -> None:
    waiting = await uow.enrolments.awaiting_cohort(key)
    cohort = domain.form_cohort(str(uuid.uuid4()), waiting, formed_on, uow.policy)
    if cohort is None:
        return
    await uow.cohorts.add(cohort)
    uow.emit(
        CohortFormedV2.of(cohort, conseiller_ids=list(cohort.member_ids)),
        region=cohort.region,
    )
    for member in waiting:
        await uow.enrolments.save(member)
        _emit_training_started(uow, member)


def _emit_training_started(uow: EnrolmentUnitOfWork, enrolment: Enrolment) -> None:
    assert enrolment.starts_on is not None and enrolment.planned_end_on is not None
    uow.emit(
        TrainingStartedV1.of(enrolment),
        region=enrolment.region,
    )


CONSUMED = Consumed[EnrolmentUnitOfWork]().on(PathAssignedV2, on_path_assigned)
"""The consumed events, each with its handler."""
