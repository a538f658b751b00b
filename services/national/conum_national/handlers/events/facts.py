"""Conseiller events, each kept as one fact of the conseiller's (``conum.*.conseiller``).

What each event tells is read by a function of its own (``event → Told``); :func:`kept`
turns it into the handler that keeps the fact. Names, e-mails, scores and free text are
never kept: identifiers, codes, numbers and days only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar, get_args

from conum_contracts import certification as cert
from conum_contracts import enrolment as enr
from conum_contracts import positioning as pos
from conum_contracts.base import EventModel
from conum_contracts.envelope import Envelope, format_time
from conum_runtime.consumed import EventHandler

from conum_national.domain import Fact, FactKind, Value, withdrawal_reason
from conum_national.store import NationalUnitOfWork

E = TypeVar("E", bound=EventModel)

KNOWN_REASONS = frozenset(get_args(enr.WithdrawalReason))


@dataclass(frozen=True)
class Told:
    """What a conseiller event tells. ``on``: the day it happened (``None``: the day it was
    published); ``region``: ``None`` for the envelope's (``ce_region``)."""

    conseiller_id: str
    kind: FactKind
    on: date | None
    enrolment_id: str | None
    values: Mapping[str, Value]
    region: str | None = None


def kept(telling: Callable[[E], Told]) -> EventHandler[E, NationalUnitOfWork]:
    """The handler that keeps what ``telling`` reads of an event as a fact; the conseiller's
    journeys are folded again from all their facts before the commit
    (:meth:`NationalUnitOfWork.commit`)."""

    async def keep(event: E, envelope: Envelope, uow: NationalUnitOfWork) -> None:
        told = telling(event)
        fact = Fact(
            event_id=envelope.id,
            conseiller_id=told.conseiller_id,
            kind=told.kind,
            on=told.on or envelope.time.date(),
            at=format_time(envelope.time),
            region=told.region or envelope.region,
            enrolment_id=told.enrolment_id,
            values=told.values,
        )
        await uow.journeys.take([told.conseiller_id])
        await uow.facts.add(fact)
        uow.journeys.fold_again(told.conseiller_id)

    return keep


# --- conum.enrolment.conseiller ----------------------------------------------------------


def enrolled(event: enr.ConseillerEnrolledV3) -> Told:
    """The enrolment, without its ``person`` (names and e-mail are never kept)."""
    values: dict[str, Value] = {
        "structure_id": event.structure_id,
        "department": event.department,
        "scheme": event.scheme,
        "organisation_id": event.training_organisation.id,
        "employment": event.employment,
        "remote": event.remote,
    }
    kind, on = FactKind.ENROLLED, event.enrolled_on
    return Told(event.conseiller_id, kind, on, event.enrolment_id, values, event.region)


def withdrawn(event: enr.ConseillerWithdrawnV1) -> Told:
    """The reason's code only (revision 2), or a code read from an older event's reason."""
    code = withdrawal_reason(event.reason_code, event.reason, KNOWN_REASONS)
    values = {"reason_code": code}
    kind, on = FactKind.WITHDRAWN, event.withdrawn_on
    return Told(event.conseiller_id, kind, on, event.enrolment_id, values)


def training_started(event: enr.TrainingStartedV1) -> Told:
    values = {"cohort_id": event.cohort_id, "planned_end_on": event.planned_end_on.isoformat()}
    kind, on = FactKind.TRAINING_STARTED, event.starts_on
    return Told(event.conseiller_id, kind, on, event.enrolment_id, values)


def attendance_breached(event: enr.AttendanceBreachedV1) -> Told:
    values = {"attendance_rate": event.attendance_rate, "threshold": event.threshold}
    kind = FactKind.ATTENDANCE_BREACHED
    return Told(event.conseiller_id, kind, None, event.enrolment_id, values)


def training_completed(event: enr.TrainingCompletedV1) -> Told:
    values = {"hours_attended": event.hours_attended}
    kind, on = FactKind.TRAINING_COMPLETED, event.completed_on
    return Told(event.conseiller_id, kind, on, event.enrolment_id, values)


# --- conum.positioning.conseiller --------------------------------------------------------


def positioning_scheduled(event: pos.TestScheduledV1) -> Told:
    values = {"test_on": event.test_on.isoformat()}
    kind = FactKind.TEST_SCHEDULED
    return Told(event.conseiller_id, kind, None, event.enrolment_id, values)


def positioning_completed(event: pos.TestCompletedV1) -> Told:
    """That the test was taken; the scores and the interview's note are not kept."""
    values = {"rubric_version": event.rubric_version}
    kind = FactKind.TEST_COMPLETED
    return Told(event.conseiller_id, kind, None, event.enrolment_id, values)


def path_assigned(event: pos.PathAssignedV2) -> Told:
    values: dict[str, Value] = {
        "scheme": event.scheme,
        "path_hours": event.path_hours,
        "weeks": event.weeks,
    }
    kind, on = FactKind.PATH_ASSIGNED, event.assigned_on
    return Told(event.conseiller_id, kind, on, event.enrolment_id, values, event.region)


# --- conum.certification.conseiller ------------------------------------------------------


def ccp1_convened(event: cert.Ccp1ConvenedV2) -> Told:
    values = {
        "exam_session_id": event.exam_session_id,
        "exam_on": event.exam_on.isoformat(),
        "certifier": event.certifier,
    }
    kind = FactKind.CCP1_CONVENED
    return Told(event.conseiller_id, kind, None, None, values, event.region)


def ccp1_passed(event: cert.Ccp1PassedV1) -> Told:
    values = {"exam_session_id": event.exam_session_id}
    kind, on = FactKind.CCP1_PASSED, event.decided_on
    return Told(event.conseiller_id, kind, on, None, values)


def ccp1_failed(event: cert.Ccp1FailedV1) -> Told:
    values = {"exam_session_id": event.exam_session_id}
    kind, on = FactKind.CCP1_FAILED, event.decided_on
    return Told(event.conseiller_id, kind, on, None, values)


def pix_result_recorded(event: cert.PixResultRecordedV1) -> Told:
    """Whether Pix was obtained; the score is not kept."""
    values = {"certified": event.certified}
    kind, on = FactKind.PIX_RECORDED, event.recorded_on
    return Told(event.conseiller_id, kind, on, None, values)


def double_certified(event: cert.ConseillerDoubleCertifiedV2) -> Told:
    on = max(event.ccp1_passed_on, event.pix_certified_on)
    kind = FactKind.DOUBLE_CERTIFIED
    return Told(event.conseiller_id, kind, on, None, {}, event.region)
