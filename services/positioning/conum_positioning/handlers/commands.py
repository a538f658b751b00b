"""Use cases of the training organisation and the structures (HTTP commands).

Each takes a command, a unit of work and the caller, applies the rules of
:mod:`conum_positioning.domain` and commits. Free texts (interview
note, reason, question, answer) are never logged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from conum_contracts.positioning import PathAssignedV2, TestCompletedV1
from conum_kernel.access import Caller

from conum_positioning import domain
from conum_positioning.domain import Scores, UnknownInquiry, UnknownPositioning
from conum_positioning.store import PositioningUnitOfWork


@dataclass(frozen=True)
class RecordResult:
    conseiller_id: str
    digital_score: int
    support_score: int
    interview_note: str


@dataclass(frozen=True)
class ReopenPositioning:
    conseiller_id: str
    reason: str


@dataclass(frozen=True)
class OpenInquiry:
    conseiller_id: str
    opened_by: domain.InquirySource
    question: str


@dataclass(frozen=True)
class AnswerInquiry:
    conseiller_id: str
    inquiry_id: str
    answer: str


async def positioning_for(
    uow: PositioningUnitOfWork, conseiller_id: str, caller: Caller
) -> domain.Positioning:
    """The positioning, if the caller may see it: another's does not exist for it (404)."""
    positioning = await uow.positionings.get(conseiller_id, lock=True)
    if positioning is None or not caller.may_see(positioning.stake):
        raise UnknownPositioning("no positioning for this conseiller")
    return positioning


async def record_result(
    command: RecordResult,
    uow: PositioningUnitOfWork,
    caller: Caller,
    today: date,
) -> domain.Result:
    """Apply the rubric in force today; publish test.completed and path.assigned."""
    positioning = await positioning_for(uow, command.conseiller_id, caller)
    scores = Scores(command.digital_score, command.support_score)
    result = positioning.record_result(
        result_id=str(uuid.uuid4()),
        scores=scores,
        interview_note=command.interview_note,
        rubric=uow.rubrics.in_force(today),
        today=today,
        by=caller.role.value,
    )
    await uow.positionings.save(positioning)
    uow.emit(
        TestCompletedV1.of(
            positioning, result, digital_score=scores.digital, support_score=scores.support
        ),
        region=positioning.region,
    )
    uow.emit(
        PathAssignedV2.of(positioning, result, assigned_on=result.recorded_on),
        region=positioning.region,
    )
    await uow.commit()
    return result


async def reopen_positioning(
    command: ReopenPositioning, uow: PositioningUnitOfWork, caller: Caller, today: date
) -> domain.Positioning:
    positioning = await positioning_for(uow, command.conseiller_id, caller)
    positioning.reopen(reason=command.reason, today=today, by=caller.role.value)
    await uow.positionings.save(positioning)
    await uow.commit()
    return positioning


async def open_inquiry(
    command: OpenInquiry, uow: PositioningUnitOfWork, caller: Caller, today: date
) -> domain.Inquiry:
    positioning = await positioning_for(uow, command.conseiller_id, caller)
    inquiry = domain.open_inquiry(
        positioning,
        inquiry_id=str(uuid.uuid4()),
        opened_by=command.opened_by,
        question=command.question,
        today=today,
    )
    await uow.positionings.save(positioning)
    await uow.inquiries.save(inquiry)
    await uow.commit()
    return inquiry


async def answer_inquiry(
    command: AnswerInquiry, uow: PositioningUnitOfWork, caller: Caller, today: date
) -> domain.Inquiry:
    positioning = await positioning_for(uow, command.conseiller_id, caller)
    inquiry = await uow.inquiries.get(command.inquiry_id)
    if inquiry is None or inquiry.conseiller_id != positioning.conseiller_id:
        raise UnknownInquiry("no such inquiry for this conseiller")
    domain.answer_inquiry(
        positioning, inquiry, answer=command.answer, today=today, by=caller.role.value
    )
    await uow.positionings.save(positioning)
    await uow.inquiries.save(inquiry)
    await uow.commit()
    return inquiry
