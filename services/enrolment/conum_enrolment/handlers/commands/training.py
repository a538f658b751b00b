"""Use cases of initial training: path assigned (consumed), cohorts, referent, attendance."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from conum_contracts.common import Organisation
from conum_contracts.enrolment import (
    AttendanceBreachedV1,
    CohortFormedV1,
    CohortReferentDesignatedV1,
    TrainingCompletedV1,
    TrainingStartedV1,
)
from conum_contracts.envelope import Envelope
from conum_contracts.positioning import PathAssignedV1

from conum_enrolment import domain
from conum_enrolment.domain import (
    AttendanceDay,
    CohortKey,
    Enrolment,
    EnrolmentState,
    RegionScope,
    TrainingPath,
    TrainingPolicy,
)
from conum_enrolment.handlers import enrolment_of
from conum_enrolment.store import EnrolmentUnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordAttendance:
    conseiller_id: str
    day: AttendanceDay


@dataclass(frozen=True)
class DesignateReferent:
    cohort_id: str
    conseiller_id: str


def check_organisation(enrolment: Enrolment, organisation_id: str | None) -> None:
    """A training-organisation actor bound to an organisation acts on its own learners only."""
    if organisation_id is not None and enrolment.training_organisation.id != organisation_id:
        raise domain.NotYourConseiller("this conseiller is trained by another organisation")


def _set_aside(uow: EnrolmentUnitOfWork, envelope: Envelope, reason: str) -> None:
    """Record-and-ignore: the event stays in the inbox (never re-applied) and here, with why."""
    log.warning("path.assigned %s for %s set aside: %s", envelope.id, envelope.subject, reason)
    uow.ignored_events.add(envelope.id, envelope.type, envelope.subject, reason)


def _path_refusal(enrolment: Enrolment | None, event: PathAssignedV1) -> str | None:
    if enrolment is None:
        return "unknown_conseiller"
    if enrolment.state is not EnrolmentState.ENROLLED:
        return f"enrolment_{enrolment.state.value}"
    if enrolment.scheme.value != event.scheme:
        return "scheme_mismatch"
    if enrolment.region != event.region:
        return "region_mismatch"
    return None


async def on_path_assigned(
    event: PathAssignedV1, envelope: Envelope, uow: EnrolmentUnitOfWork, policy: TrainingPolicy
) -> None:
    """2024: the training starts individually. 2021: the conseiller waits for a cohort, which
    forms automatically when the 8th conseiller of one organisation, region and path waits."""
    enrolment = await uow.enrolments.get(event.conseiller_id, for_update=True)
    refusal = _path_refusal(enrolment, event)
    if refusal is not None:
        _set_aside(uow, envelope, refusal)
        return
    assert enrolment is not None
    path = TrainingPath(
        event.path_hours, event.weeks, event.alternance_days_per_week, event.assigned_on
    )
    enrolment.assign_path(path, policy)
    await uow.enrolments.save(enrolment)
    if enrolment.state is EnrolmentState.IN_TRAINING:
        _emit_training_started(uow, enrolment)
        return
    await uow.session.flush()
    await _form_cohort_if_complete(uow, CohortKey.of(enrolment), event.assigned_on, policy)


async def _form_cohort_if_complete(
    uow: EnrolmentUnitOfWork, key: CohortKey, formed_on: date, policy: TrainingPolicy
) -> None:
    waiting = await uow.enrolments.awaiting_cohort(key)
    cohort = domain.form_cohort(str(uuid.uuid4()), waiting, formed_on, policy)
    if cohort is None:
        return
    await uow.cohorts.add(cohort)
    uow.emit(
        CohortFormedV1(
            cohort_id=cohort.cohort_id,
            training_organisation=Organisation(
                id=cohort.training_organisation.id, name=cohort.training_organisation.name
            ),
            region=cohort.region,
            path_hours=cohort.path_hours,
            starts_on=cohort.starts_on,
            ends_on=cohort.ends_on,
            conseiller_ids=list(cohort.member_ids),
        ),
        region=cohort.region,
    )
    for member in waiting:
        await uow.enrolments.save(member)
        _emit_training_started(uow, member)


def _emit_training_started(uow: EnrolmentUnitOfWork, enrolment: Enrolment) -> None:
    assert enrolment.starts_on is not None and enrolment.planned_end_on is not None
    uow.emit(
        TrainingStartedV1(
            conseiller_id=enrolment.conseiller_id,
            cohort_id=enrolment.cohort_id,
            starts_on=enrolment.starts_on,
            planned_end_on=enrolment.planned_end_on,
        ),
        region=enrolment.region,
    )


async def designate_referent(
    command: DesignateReferent,
    uow: EnrolmentUnitOfWork,
    scope: RegionScope,
    today: date,
    policy: TrainingPolicy,
    organisation_id: str | None = None,
) -> domain.Cohort:
    cohort = await uow.cohorts.get(command.cohort_id)
    if cohort is None or not scope.allows(cohort.region):
        raise domain.UnknownCohort(f"no cohort {command.cohort_id}")
    if organisation_id is not None and cohort.training_organisation.id != organisation_id:
        raise domain.NotYourConseiller("this cohort is trained by another organisation")
    member = await uow.enrolments.get(command.conseiller_id)
    if member is None or member.cohort_id != cohort.cohort_id:
        raise domain.NotACohortMember("the referent must be a member of the cohort")
    cohort.designate_referent(member, today, policy)
    await uow.cohorts.save_referent(cohort)
    uow.emit(
        CohortReferentDesignatedV1(cohort_id=cohort.cohort_id, conseiller_id=member.conseiller_id),
        region=cohort.region,
    )
    await uow.commit()
    return cohort


async def record_attendance(
    command: RecordAttendance,
    uow: EnrolmentUnitOfWork,
    scope: RegionScope,
    today: date,
    policy: TrainingPolicy,
    organisation_id: str | None = None,
) -> tuple[Enrolment, domain.AttendanceOutcome]:
    """Record one training day; report a breach once per fall, complete at the path's hours."""
    enrolment = await enrolment_of(uow, command.conseiller_id, scope)
    check_organisation(enrolment, organisation_id)
    days = await uow.attendance.days_of(enrolment.conseiller_id)
    domain.check_training_day(enrolment, command.day.on, today, (d.on for d in days))
    await uow.attendance.record(enrolment.conseiller_id, command.day)
    days = [d for d in days if d.on != command.day.on] + [command.day]
    report = domain.attendance_report(days, policy)
    outcome = domain.apply_attendance(enrolment, report, command.day.on, policy)
    await uow.enrolments.save(enrolment)
    if outcome.breached:
        uow.emit(
            AttendanceBreachedV1(
                conseiller_id=enrolment.conseiller_id,
                attendance_rate=report.rate,
                days_elapsed=report.days_elapsed,
                threshold=policy.attendance_threshold,
            ),
            region=enrolment.region,
        )
    if outcome.completed:
        uow.emit(
            TrainingCompletedV1(
                conseiller_id=enrolment.conseiller_id,
                hours_attended=report.hours_attended,
                completed_on=command.day.on,
            ),
            region=enrolment.region,
        )
    await uow.commit()
    return enrolment, outcome
