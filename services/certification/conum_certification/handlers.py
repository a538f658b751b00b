"""Certification use cases: plain functions taking an event or command and a unit of work.

Commands check the rules in :mod:`domain`, change the store and emit events through the
outbox in the same transaction. The ``apply_*`` functions do not commit, so that a CSV
import can apply many results in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from conum_contracts.certification import (
    Ccp1ConvenedV1,
    Ccp1FailedV1,
    Ccp1PassedV1,
    ConseillerDoubleCertifiedV1,
    PixResultRecordedV1,
    RemnEnrolledV1,
)
from conum_contracts.common import Organisation

from conum_certification import domain
from conum_certification.candidate import Candidate
from conum_certification.refusals import UnknownExamSession
from conum_certification.store import CertificationUnitOfWork

# --- commands --------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateExamSession:
    exam_on: date
    region: str
    certifier: str


@dataclass(frozen=True)
class Convene:
    exam_session_id: str
    conseiller_id: str


@dataclass(frozen=True)
class RecordCcp1Result:
    exam_session_id: str
    conseiller_id: str
    result: domain.Ccp1Result
    decided_on: date


@dataclass(frozen=True)
class RecordPixResult:
    conseiller_id: str
    score: int
    certified: bool
    recorded_on: date


@dataclass(frozen=True)
class EnrolInFullTitle:
    conseiller_id: str
    starts_on: date


async def create_exam_session(
    command: CreateExamSession, uow: CertificationUnitOfWork, scope: domain.RegionScope
) -> domain.ExamSession:
    scope.check_session(command.region, command.certifier)
    session = domain.ExamSession(
        str(uuid.uuid4()), command.exam_on, command.region, command.certifier
    )
    uow.exam_sessions.add(session)
    await uow.commit()
    return session


async def exam_session_of(uow: CertificationUnitOfWork, exam_session_id: str) -> domain.ExamSession:
    session = await uow.exam_sessions.get(exam_session_id)
    if session is None:
        raise UnknownExamSession("no exam session with this id")
    return session


async def convene(
    command: Convene, uow: CertificationUnitOfWork, scope: domain.RegionScope
) -> domain.Convocation:
    session = await exam_session_of(uow, command.exam_session_id)
    scope.check_session(session.region, session.certifier)
    candidate = await uow.candidates.get(command.conseiller_id, lock=True)
    history = await uow.convocations.of_conseiller(command.conseiller_id)
    convocation = domain.convene(candidate, session, history)
    await uow.convocations.save(convocation)
    uow.emit(
        Ccp1ConvenedV1(
            conseiller_id=convocation.conseiller_id,
            region=convocation.region,
            exam_session_id=convocation.exam_session_id,
            exam_on=convocation.exam_on,
            certifier=convocation.certifier,
        ),
        region=convocation.region,
    )
    await uow.commit()
    return convocation


async def apply_ccp1_result(
    command: RecordCcp1Result, uow: CertificationUnitOfWork, scope: domain.RegionScope
) -> domain.Convocation:
    session = await exam_session_of(uow, command.exam_session_id)
    scope.check_session(session.region, session.certifier)
    candidate = await uow.candidates.get(command.conseiller_id, lock=True)
    convocation = await uow.convocations.get(command.conseiller_id, command.exam_session_id)
    decided = domain.decide_ccp1(convocation, command.result, command.decided_on)
    await uow.convocations.save(decided)
    kind = Ccp1PassedV1 if decided.result is domain.Ccp1Result.PASSED else Ccp1FailedV1
    uow.emit(
        kind(
            conseiller_id=decided.conseiller_id,
            exam_session_id=decided.exam_session_id,
            decided_on=command.decided_on,
        ),
        region=decided.region,
    )
    if candidate is not None:
        await _certify_if_double(uow, candidate)
    return decided


async def apply_pix_result(
    command: RecordPixResult, uow: CertificationUnitOfWork, scope: domain.RegionScope
) -> domain.PixResult:
    candidate = await uow.candidates.get(command.conseiller_id, lock=True)
    if candidate is not None:
        scope.check(candidate.region)
    result = domain.record_pix(
        candidate,
        score=command.score,
        certified=command.certified,
        recorded_on=command.recorded_on,
        previous=await uow.pix_results.of_conseiller(command.conseiller_id),
    )
    uow.pix_results.add(result)
    uow.emit(
        PixResultRecordedV1(
            conseiller_id=result.conseiller_id,
            score=result.score,
            certified=result.certified,
            recorded_on=result.recorded_on,
        ),
        region=result.region,
    )
    if candidate is not None:
        await _certify_if_double(uow, candidate)
    return result


async def _certify_if_double(uow: CertificationUnitOfWork, candidate: Candidate) -> None:
    """Emit ``conseiller.double_certified`` once, whichever of CCP1 and Pix came last."""
    certification = domain.double_certification(
        candidate,
        await uow.convocations.of_conseiller(candidate.conseiller_id),
        await uow.pix_results.of_conseiller(candidate.conseiller_id),
        already_certified=await uow.double_certifications.get(candidate.conseiller_id) is not None,
    )
    if certification is None:
        return
    uow.double_certifications.add(certification)
    uow.emit(
        ConseillerDoubleCertifiedV1(
            conseiller_id=certification.conseiller_id,
            region=certification.region,
            ccp1_passed_on=certification.ccp1_passed_on,
            pix_certified_on=certification.pix_certified_on,
        ),
        region=certification.region,
    )


async def record_ccp1_result(
    command: RecordCcp1Result, uow: CertificationUnitOfWork, scope: domain.RegionScope
) -> domain.Convocation:
    decided = await apply_ccp1_result(command, uow, scope)
    await uow.commit()
    return decided


async def record_pix_result(
    command: RecordPixResult, uow: CertificationUnitOfWork, scope: domain.RegionScope
) -> domain.PixResult:
    result = await apply_pix_result(command, uow, scope)
    await uow.commit()
    return result


async def enrol_in_full_title(
    command: EnrolInFullTitle, uow: CertificationUnitOfWork, scope: domain.RegionScope
) -> domain.FullTitleEnrolment:
    candidate = await uow.candidates.get(command.conseiller_id, lock=True)
    if candidate is not None:
        scope.check(candidate.region)
    enrolment = domain.enrol_in_full_title(
        candidate,
        starts_on=command.starts_on,
        already_enrolled=await uow.full_title.get(command.conseiller_id) is not None,
        routing=uow.routing,
    )
    uow.full_title.add(enrolment)
    uow.emit(
        RemnEnrolledV1(
            conseiller_id=enrolment.conseiller_id,
            region=enrolment.region,
            department=enrolment.department,
            organisation=Organisation(
                id=enrolment.organisation.id, name=enrolment.organisation.name
            ),
            hours=140,
            weeks=17,
            starts_on=enrolment.starts_on,
        ),
        region=enrolment.region,
    )
    await uow.commit()
    return enrolment
