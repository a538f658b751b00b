"""HTTP bodies and answers of the positioning service."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Self

from conum_runtime.http.answers import Answer
from conum_runtime.http.fields import FreeText, PageOut, RequestBody, json_integer
from pydantic import BaseModel, Field
from sqlalchemy import Row

from conum_positioning import domain
from conum_positioning.domain import INTERVIEW_MINUTES, TEST_MINUTES
from conum_positioning.store.repositories import PathCount
from conum_positioning.views import PositioningView, assigned_path_hours

Score = Annotated[int, Field(ge=0, le=100), json_integer]


class ResultIn(RequestBody):
    digital_score: Score = Field(description="Digital culture score, 0 to 100.")
    support_score: Score = Field(description="Score in supporting the public, 0 to 100.")
    interview_note: FreeText = Field(
        description="The organisation's appreciation at the interview; no personal data."
    )


class ReopeningIn(RequestBody):
    reason: FreeText = Field(description="Why the training organisation reopens the result.")


class InquiryIn(RequestBody):
    opened_by: domain.InquirySource = Field(
        description="`structure`, or `learner` when the structure relays the learner."
    )
    question: FreeText


class AnswerIn(RequestBody):
    answer: FreeText


class ResultOut(Answer[domain.Result]):
    result_id: str
    digital_score: int
    support_score: int
    interview_note: str
    rubric_version: str
    path_hours: int
    weeks: int
    alternance_days_per_week: int
    recorded_on: date
    enrolment_id: str | None = Field(
        default=None, description="The enrolment whose round the result was recorded in."
    )
    current: bool = True

    @classmethod
    def of(cls, source: domain.Result, /, *parts: object, **given: Any) -> Self:
        scores = {"digital_score": source.scores.digital, "support_score": source.scores.support}
        return super().of(source, *parts, **scores, **given)


class ActOut(Answer[domain.Act]):
    kind: domain.ActKind
    happened_on: date
    by: str
    detail: str


class InquiryOut(Answer[domain.Inquiry]):
    inquiry_id: str
    result_id: str
    opened_by: domain.InquirySource
    question: str
    opened_on: date
    answer: str | None
    answered_on: date | None


class PositioningOut(Answer[PositioningView]):
    conseiller_id: str
    enrolment_id: str | None = Field(
        description="The enrolment of the current round (a re-enrolment starts a new round); "
        "null for an enrolment published before revision 2."
    )
    earlier_enrolment_ids: list[str] = Field(description="The earlier rounds' enrolments.")
    region: str
    scheme: str
    structure_id: str
    training_organisation_id: str
    enrolled_on: date
    test_on: date
    test_minutes: int = TEST_MINUTES
    interview_on: date
    interview_minutes: int = INTERVIEW_MINUTES
    state: domain.PositioningState
    closed_on: date | None
    result: ResultOut | None
    assigned_path_hours: int | None = Field(
        description="The path last assigned in the current round: the current result's, or "
        "while reopened the reopened result's (what the other services hold)."
    )
    results: list[ResultOut] = Field(description="Every result, reopened ones included.")
    inquiries: list[InquiryOut]
    history: list[ActOut]

    @classmethod
    def of(cls, source: PositioningView, /, *parts: object, **given: Any) -> Self:
        """The view's lists, then the positioning's fields; each result says if it is the
        current one."""
        positioning = source.positioning
        current = positioning.result.result_id if positioning.result else None
        return super().of(
            source,
            positioning,
            *parts,
            earlier_enrolment_ids=list(positioning.earlier_enrolment_ids),
            result=ResultOut.of(positioning.result) if positioning.result else None,
            assigned_path_hours=assigned_path_hours(positioning, source.results),
            results=[ResultOut.of(r, current=r.result_id == current) for r in source.results],
            **given,
        )


class PathCountOut(Answer[PathCount]):
    region: str
    scheme: str
    path_hours: int
    count: int


class DistributionOut(BaseModel):
    paths: list[PathCountOut]


class PositioningStateOut(BaseModel):
    """A positioning as reconciliation compares it: ids, codes, days and the path assigned."""

    conseiller_id: str
    enrolment_id: str | None
    state: domain.PositioningState
    region: str
    scheme: str
    structure_id: str
    training_organisation_id: str
    enrolled_on: date
    assigned_path_hours: int | None

    @classmethod
    def of(cls, row: Row[Any], assigned_path_hours: int | None) -> PositioningStateOut:
        """From the store's typed columns: built without validating again (a listing holds
        up to 5,000 of them)."""
        values = row._asdict()
        values["state"] = domain.PositioningState(row.state)
        return cls.model_construct(**values, assigned_path_hours=assigned_path_hours)


class PositioningStatePage(PageOut[PositioningStateOut]):
    pass
