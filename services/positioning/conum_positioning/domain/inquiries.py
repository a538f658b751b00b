"""Inquiries: a structure or its learner questions a result; the organisation answers once,
and the result stands (R-POS-06)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from conum_positioning.domain.positioning import ActKind, Positioning, required_text
from conum_positioning.domain.refusals import InquiryAlreadyAnswered, NoResultToQuestion


class InquirySource(StrEnum):
    """Who questions a result: the structure, or the learner (relayed by the structure).

    **Assumption**: learners are not HTTP actors (``conum_runtime.auth.Role``), so the
    structure opens the inquiry and records on whose behalf.
    """

    STRUCTURE = "structure"
    LEARNER = "learner"


@dataclass
class Inquiry:
    """A structure's or learner's question about a result; answering it changes no result."""

    inquiry_id: str
    conseiller_id: str
    result_id: str
    opened_by: InquirySource
    question: str
    opened_on: date
    answer: str | None = None
    answered_on: date | None = None

    @property
    def is_answered(self) -> bool:
        return self.answer is not None


def open_inquiry(
    positioning: Positioning,
    *,
    inquiry_id: str,
    opened_by: InquirySource,
    question: str,
    today: date,
) -> Inquiry:
    """Question the current result; the result itself is untouched."""
    if positioning.result is None:
        raise NoResultToQuestion("there is no result to question")
    inquiry = Inquiry(
        inquiry_id=inquiry_id,
        conseiller_id=positioning.conseiller_id,
        result_id=positioning.result.result_id,
        opened_by=opened_by,
        question=required_text(question, "the question"),
        opened_on=today,
    )
    positioning.record(
        ActKind.INQUIRY_OPENED, today, "host_structure", f"inquiry {inquiry_id} ({opened_by})"
    )
    return inquiry


def answer_inquiry(
    positioning: Positioning, inquiry: Inquiry, *, answer: str, today: date, by: str
) -> None:
    """The training organisation answers once; the result stands."""
    if inquiry.is_answered:
        raise InquiryAlreadyAnswered("this inquiry was already answered")
    inquiry.answer = required_text(answer, "the answer")
    inquiry.answered_on = today
    positioning.record(ActKind.INQUIRY_ANSWERED, today, by, f"inquiry {inquiry.inquiry_id}")
