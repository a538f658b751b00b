"""CCP1 decisions and Pix results, and the double certification they may complete.

The ``apply_*`` functions check the rules, change the store and emit the events, but do not
commit, so that a CSV import (:mod:`.imports`) applies many results in one transaction; the
``record_*`` functions apply one result and commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from conum_contracts.certification import (
    Ccp1FailedV1,
    Ccp1PassedV1,
    ConseillerDoubleCertifiedV2,
    PixResultRecordedV1,
)
from conum_kernel.access import Caller

from conum_certification import domain
from conum_certification.handlers.commands.sessions import exam_session_for
from conum_certification.store import CertificationUnitOfWork


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


async def apply_ccp1_result(
    command: RecordCcp1Result, uow: CertificationUnitOfWork, caller: Caller
) -> domain.Convocation:
    """The jury's decision on a convocation of one of the caller's sessions."""
    session = await exam_session_for(uow, command.exam_session_id, caller)
    candidate = await uow.candidates.get(command.conseiller_id, lock=True)
    convocation = await uow.convocations.get(command.conseiller_id, session.exam_session_id)
    decided = domain.decide_ccp1(convocation, command.result, command.decided_on)
    await uow.convocations.save(decided)
    kind = Ccp1PassedV1 if decided.result is domain.Ccp1Result.PASSED else Ccp1FailedV1
    uow.emit(
        kind.of(decided, decided_on=command.decided_on),
        region=decided.region,
    )
    if candidate is not None:
        await _certify_if_double(uow, candidate)
    return decided


async def apply_pix_result(
    command: RecordPixResult, uow: CertificationUnitOfWork, caller: Caller
) -> domain.PixResult:
    """A Pix result, recorded by the Pix certifier for a conseiller it may see."""
    domain.check_pix_certifier(caller)
    candidate = await uow.candidates.get(command.conseiller_id, lock=True)
    if candidate is not None:
        certifiers = await uow.convocations.certifiers_of(command.conseiller_id)
        if not caller.may_see(candidate.stake(certifiers)):
            candidate = None  # a conseiller the caller may not see does not exist for it
    result = domain.record_pix(
        candidate,
        score=command.score,
        certified=command.certified,
        recorded_on=command.recorded_on,
        previous=await uow.pix_results.of_conseiller(command.conseiller_id),
    )
    uow.pix_results.add(result)
    uow.emit(
        PixResultRecordedV1.of(result),
        region=result.region,
    )
    if candidate is not None:
        await _certify_if_double(uow, candidate)
    return result


async def _certify_if_double(uow: CertificationUnitOfWork, candidate: domain.Candidate) -> None:
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
        ConseillerDoubleCertifiedV2.of(certification),
        region=certification.region,
    )


async def record_ccp1_result(
    command: RecordCcp1Result, uow: CertificationUnitOfWork, caller: Caller
) -> domain.Convocation:
    decided = await apply_ccp1_result(command, uow, caller)
    await uow.commit()
    return decided


async def record_pix_result(
    command: RecordPixResult, uow: CertificationUnitOfWork, caller: Caller
) -> domain.PixResult:
    result = await apply_pix_result(command, uow, caller)
    await uow.commit()
    return result
