"""Initial training: attendance days, and the cohort's referent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from conum_contracts.enrolment import (
    AttendanceBreachedV1,
    CohortReferentDesignatedV1,
    TrainingCompletedV1,
)
from conum_kernel.access import Caller

from conum_enrolment import domain
from conum_enrolment.domain import AttendanceDay, Enrolment
from conum_enrolment.handlers.commands.enrolments import enrolment_for
from conum_enrolment.store import EnrolmentUnitOfWork


@dataclass(frozen=True)
class RecordAttendance:
    conseiller_id: str
    day: AttendanceDay


@dataclass(frozen=True)
class DesignateReferent:
    cohort_id: str
    conseiller_id: str


async def cohort_for(uow: EnrolmentUnitOfWork, cohort_id: str, caller: Caller) -> domain.Cohort:
    """The cohort, if the caller may see it: another's does not exist for it (404)."""
    cohort = await uow.cohorts.get(cohort_id)
    if cohort is None or not caller.may_see(cohort.stake):
        raise domain.UnknownCohort(f"no cohort {cohort_id}")
    return cohort


async def designate_referent(
    command: DesignateReferent, uow: EnrolmentUnitOfWork, caller: Caller, today: date
) -> domain.Cohort:
    """The training organisation records the referent its cohort's learners designated."""
    cohort = await cohort_for(uow, command.cohort_id, caller)
    member = await uow.enrolments.get(command.conseiller_id, for_update=True)
    if member is None or member.cohort_id != cohort.cohort_id:
        raise domain.NotACohortMember("the referent must be a member of the cohort")
    cohort.designate_referent(member, today, uow.policy)
    await uow.cohorts.save_referent(cohort)
    uow.emit(
        CohortReferentDesignatedV1(cohort_id=cohort.cohort_id, conseiller_id=member.conseiller_id),
        region=cohort.region,
    )
    await uow.commit()
    return cohort


async def record_attendance(
    command: RecordAttendance, uow: EnrolmentUnitOfWork, caller: Caller, today: date
) -> tuple[Enrolment, domain.AttendanceOutcome]:
    """Record one training day; report a breach once per fall, complete at the path's hours."""
    enrolment = await enrolment_for(uow, command.conseiller_id, caller, for_update=True)
    policy = uow.policy
    days = await uow.attendance.days_of(enrolment.conseiller_id)
    domain.check_training_day(enrolment, command.day.on, today, (d.on for d in days))
    await uow.attendance.record(enrolment.conseiller_id, command.day)
    days = [d for d in days if d.on != command.day.on] + [command.day]
    report = domain.attendance_report(days, policy)
    outcome = domain.apply_attendance(enrolment, report, command.day.on, policy)
    await uow.enrolments.save(enrolment)
    if outcome.breached:
        uow.emit(
            AttendanceBreachedV1.of(
                enrolment,
                report,
                attendance_rate=report.rate,
                threshold=policy.attendance_threshold,
            ),
            region=enrolment.region,
        )
    if outcome.completed:
        uow.emit(
            TrainingCompletedV1.of(enrolment, report, completed_on=command.day.on),
            region=enrolment.region,
        )
    await uow.commit()
    return enrolment, outcome
