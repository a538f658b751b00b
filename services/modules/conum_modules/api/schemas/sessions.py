"""Sessions, their attendance and completion, and the satisfaction survey."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Self

from conum_runtime.http import answers
from conum_runtime.http.fields import (
    FreeText,
    Name,
    PageOut,
    RegionCode,
    RequestBody,
    Uuid,
    json_integer,
)
from pydantic import BaseModel, Field

from conum_modules import domain
from conum_modules.domain import (
    MOST_SEATS,
    Answer,
    AttendanceSheet,
    Completion,
    DayMode,
    Evaluation,
    ModuleKind,
    RegistrationStatus,
    Satisfaction,
    SessionState,
)
from conum_modules.views import SessionPage, SessionView

Capacity = Annotated[int, Field(ge=1, le=MOST_SEATS), json_integer]
Ability = Annotated[int, Field(ge=0, le=10), json_integer]


class SessionDayIn(RequestBody):
    on: date
    mode: DayMode

    def day(self) -> domain.SessionDay:
        return domain.SessionDay(self.on, self.mode)


class SessionIn(RequestBody):
    module_id: Uuid
    region: RegionCode = Field(description="The session's region: the hub's own.")
    days: list[SessionDayIn] = Field(
        min_length=1, max_length=5, description="In order; they must follow the module's kind."
    )
    capacity: Capacity = Field(description="Seats; beyond them, registrations wait.")
    place: Name = Field(description="Where the in-person days are held.")


class CancellationIn(RequestBody):
    reason: FreeText


class EvaluationOut(answers.Answer[Evaluation]):
    responses: int
    satisfied_resources_pct: float
    satisfied_overall_pct: float
    mean_self_rated_ability: float

    @classmethod
    def of(cls, source: Evaluation, /, *parts: object, **given: Any) -> Self:
        """Shares rounded to a thousandth, the ability to a hundredth."""
        return super().of(
            source,
            *parts,
            satisfied_resources_pct=round(source.satisfied_resources_pct, 3),
            satisfied_overall_pct=round(source.satisfied_overall_pct, 3),
            mean_self_rated_ability=round(source.mean_self_rated_ability, 2),
            **given,
        )


class SessionDayOut(answers.Answer[domain.SessionDay]):
    on: date
    mode: DayMode


class SessionOut(answers.Answer[SessionView]):
    session_id: str
    module_id: str
    module_title: str | None
    kind: ModuleKind | None
    hours: int | None
    region: str
    hub: str
    days: list[SessionDayOut]
    capacity: int
    place: str
    state: SessionState
    cancel_reason: str | None
    seats_taken: int
    seats_free: int
    waiting: int = Field(description="Registrations on the waiting list.")
    evaluation: EvaluationOut | None

    @classmethod
    def of(cls, source: SessionView, /, *parts: object, **given: Any) -> Self:
        """The session's fields, its module's title, kind and hours (if known), its seats."""
        session, module, taken = source.session, source.module, source.fill.accepted
        return super().of(
            source,
            session,
            *parts,
            module_title=module.title if module else None,
            kind=module.kind if module else None,
            hours=module.hours if module else None,
            seats_taken=taken,
            seats_free=max(0, session.capacity - taken),
            waiting=source.fill.waiting,
            evaluation=EvaluationOut.of(source.evaluation) if source.evaluation else None,
            **given,
        )


class SessionPageOut(PageOut[SessionOut]):
    @classmethod
    def of(cls, page: SessionPage) -> SessionPageOut:
        return cls(items=[SessionOut.of(v) for v in page.items], next_cursor=page.next_after)


class AttendanceIn(RequestBody):
    on: date = Field(description="One of the session's days, today or earlier.")
    present: list[Uuid] = Field(
        max_length=MOST_SEATS,
        description="The conseillers present; every other seat holder is absent that day.",
    )


class AttendanceOut(answers.Answer[AttendanceSheet]):
    session_id: str
    on: date
    present: list[str] = Field(description="Registrations present.")
    absent: list[str] = Field(description="Registrations absent.")

    @classmethod
    def of(cls, source: AttendanceSheet, /, *parts: object, **given: Any) -> Self:
        present, absent = sorted(source.present), sorted(source.absent)
        return super().of(source, *parts, present=present, absent=absent, **given)


class CompletionOut(BaseModel):
    session_id: str
    completed: list[str] = Field(description="Registrations completed (`module.completed`).")
    missed: list[str] = Field(description="Registrations whose conseiller missed a day.")
    cancelled: list[str] = Field(description="Registrations still waiting, now cancelled.")

    @classmethod
    def of(cls, completion: Completion) -> CompletionOut:
        def ids(status: RegistrationStatus) -> list[str]:
            return sorted(r.registration_id for r in completion.ended if r.status is status)

        return cls(
            session_id=completion.session.session_id,
            completed=ids(RegistrationStatus.COMPLETED),
            missed=ids(RegistrationStatus.MISSED),
            cancelled=sorted(r.registration_id for r in completion.dropped),
        )


class AnswerIn(RequestBody):
    resources: Satisfaction = Field(description="Satisfaction with the teaching resources.")
    overall: Satisfaction = Field(description="Satisfaction with the session overall.")
    ability: Ability = Field(description="Self-rated ability to support people, out of 10.")

    def answer(self) -> Answer:
        return Answer(self.resources, self.overall, self.ability)


class SurveyIn(RequestBody):
    answers: list[AnswerIn] = Field(
        min_length=1, max_length=MOST_SEATS, description="One per participant at most."
    )


class SurveyOut(EvaluationOut):
    session_id: str
    region: str
