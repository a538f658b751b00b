"""Enrolment in the full REMN title (R-CRT-06): the organisation serving the conseiller's
department runs it (:attr:`CertificationUnitOfWork.routing`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from conum_contracts.certification import RemnEnrolledV2
from conum_kernel.access import Caller

from conum_certification import domain
from conum_certification.store import CertificationUnitOfWork


@dataclass(frozen=True)
class EnrolInFullTitle:
    conseiller_id: str
    starts_on: date


async def enrol_in_full_title(
    command: EnrolInFullTitle, uow: CertificationUnitOfWork, caller: Caller
) -> domain.FullTitleEnrolment:
    """Enrol a conseiller the caller may see (404 otherwise); publish ``remn.enrolled``."""
    candidate = await uow.candidates.get(command.conseiller_id, lock=True)
    if candidate is not None:
        certifiers = await uow.convocations.certifiers_of(command.conseiller_id)
        if not caller.may_see(candidate.stake(certifiers)):
            candidate = None  # a conseiller the caller may not see does not exist for it
    enrolment = domain.enrol_in_full_title(
        candidate,
        starts_on=command.starts_on,
        already_enrolled=await uow.full_title.get(command.conseiller_id) is not None,
        routing=uow.routing,
    )
    uow.full_title.add(enrolment)
    uow.emit(
        RemnEnrolledV2.of(enrolment, hours=140, weeks=17),
        region=enrolment.region,
    )
    await uow.commit()
    return enrolment
