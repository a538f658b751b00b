"""Exam sessions and convocations: a certifier holds CCP1 sessions in its region and convenes
conseillers to them.

A session the caller may not see (another region, or another certifier's for a certifier
token naming its own) does not exist for it (404), whatever the caller wants to do with it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from conum_contracts.certification import Ccp1ConvenedV2
from conum_kernel.access import Caller

from conum_certification import domain
from conum_certification.store import CertificationUnitOfWork


@dataclass(frozen=True)
class CreateExamSession:
    exam_on: date
    region: str
    certifier: str


@dataclass(frozen=True)
class Convene:
    exam_session_id: str
    conseiller_id: str


async def exam_session_for(
    uow: CertificationUnitOfWork, exam_session_id: str, caller: Caller
) -> domain.ExamSession:
    """The session, if the caller may see it: another's does not exist for it (404)."""
    session = await uow.exam_sessions.get(exam_session_id)
    if session is None or not caller.may_see(session.stake):
        raise domain.UnknownExamSession("no exam session with this id")
    return session


async def create_exam_session(
    command: CreateExamSession, uow: CertificationUnitOfWork, caller: Caller
) -> domain.ExamSession:
    """The caller names the region and the certifier: another one is refused (403)."""
    caller.check_region(command.region)
    domain.check_acts_for(caller, command.certifier)
    session = domain.ExamSession(
        str(uuid.uuid4()), command.exam_on, command.region, command.certifier
    )
    uow.exam_sessions.add(session)
    await uow.commit()
    return session


async def convene(
    command: Convene, uow: CertificationUnitOfWork, caller: Caller
) -> domain.Convocation:
    """Convene a conseiller of the session's region; publish ``ccp1.convened``."""
    session = await exam_session_for(uow, command.exam_session_id, caller)
    candidate = await uow.candidates.get(command.conseiller_id, lock=True)
    if candidate is not None and not caller.may_act_in(candidate.region):
        candidate = None  # another region's conseiller does not exist for the caller
    history = await uow.convocations.of_conseiller(command.conseiller_id)
    convocation = domain.convene(candidate, session, history)
    await uow.convocations.save(convocation)
    uow.emit(
        Ccp1ConvenedV2.of(convocation),
        region=convocation.region,
    )
    await uow.commit()
    return convocation
