"""HTTP bodies and answers of the modules service (the OpenAPI document is generated from
them); each answer maps itself from the domain or a view."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from conum_runtime.http.fields import (
    FreeText,
    Name,
    PageOut,
    RegionCode,
    RequestBody,
    StrictBool,
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
    ContinuingYear,
    DayMode,
    Evaluation,
    Figures,
    Habilitation,
    Hub,
    Module,
    ModuleKind,
    ModuleRecord,
    ModuleState,
    RegistrationStatus,
    Satisfaction,
    SessionState,
    Track,
)
from conum_modules.views import RegistrationView, SessionPage, SessionView

Capacity = Annotated[int, Field(ge=1, le=MOST_SEATS), json_integer]
Ability = Annotated[int, Field(ge=0, le=10), json_integer]

# --- the catalogue ------------------------------------------------------------------------


class ModuleIn(RequestBody):
    title: Name
    kind: ModuleKind = Field(
        description="`prise_en_main` (7 h, one day in person) or `intervenir` (14 h, two "
        "non-consecutive days, the first remote, the second in person)."
    )
    requires_habilitation: Habilitation | None = Field(
        default=None, description="The habilitation the host structure needs first."
    )


class ModuleOut(BaseModel):
    module_id: str
    title: str
    kind: ModuleKind
    hours: int
    requires_habilitation: Habilitation | None
    state: ModuleState
    published_on: date | None
    withdrawn_on: date | None

    @classmethod
    def of(cls, module: Module) -> ModuleOut:
        return cls(
            module_id=module.module_id,
            title=module.title,
            kind=module.kind,
            hours=module.hours,
            requires_habilitation=module.requires_habilitation,
            state=module.state,
            published_on=module.published_on,
            withdrawn_on=module.withdrawn_on,
        )


class HubOut(BaseModel):
    region: str
    slug: str
    name: str
    assumption: bool = Field(description="True when no source names this hub yet.")

    @classmethod
    def of(cls, hub: Hub) -> HubOut:
        return cls(region=hub.region, slug=hub.slug, name=hub.name, assumption=hub.assumption)


# --- sessions -----------------------------------------------------------------------------


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


class EvaluationOut(BaseModel):
    responses: int
    satisfied_resources_pct: float
    satisfied_overall_pct: float
    mean_self_rated_ability: float

    @classmethod
    def of(cls, evaluation: Evaluation) -> EvaluationOut:
        return cls(
            responses=evaluation.responses,
            satisfied_resources_pct=round(evaluation.satisfied_resources_pct, 3),
            satisfied_overall_pct=round(evaluation.satisfied_overall_pct, 3),
            mean_self_rated_ability=round(evaluation.mean_self_rated_ability, 2),
        )


class SessionDayOut(BaseModel):
    on: date
    mode: DayMode


class SessionOut(BaseModel):
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
    def of(cls, view: SessionView) -> SessionOut:
        session, module = view.session, view.module
        return cls(
            session_id=session.session_id,
            module_id=session.module_id,
            module_title=module.title if module else None,
            kind=module.kind if module else None,
            hours=module.hours if module else None,
            region=session.region,
            hub=session.hub,
            days=[SessionDayOut(on=day.on, mode=day.mode) for day in session.days],
            capacity=session.capacity,
            place=session.place,
            state=session.state,
            cancel_reason=session.cancel_reason,
            seats_taken=view.fill.accepted,
            seats_free=max(0, session.capacity - view.fill.accepted),
            waiting=view.fill.waiting,
            evaluation=EvaluationOut.of(view.evaluation) if view.evaluation else None,
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


class AttendanceOut(BaseModel):
    session_id: str
    on: date
    present: list[str] = Field(description="Registrations present.")
    absent: list[str] = Field(description="Registrations absent.")

    @classmethod
    def of(cls, sheet: AttendanceSheet) -> AttendanceOut:
        return cls(
            session_id=sheet.session_id,
            on=sheet.on,
            present=sorted(sheet.present),
            absent=sorted(sheet.absent),
        )


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

    @classmethod
    def of(cls, evaluation: Evaluation) -> SurveyOut:
        return cls(
            session_id=evaluation.session_id,
            region=evaluation.region,
            **EvaluationOut.of(evaluation).model_dump(),
        )


# --- registrations and records ------------------------------------------------------------


class RegistrationIn(RequestBody):
    conseiller_id: Uuid
    waitlist: StrictBool = Field(
        default=True, description="False: refuse (`session_full`) rather than wait for a seat."
    )


class RegistrationOut(BaseModel):
    registration_id: str
    session_id: str
    conseiller_id: str
    module_id: str | None
    region: str
    hub: str
    status: RegistrationStatus
    position: int | None = Field(description="Position on the waiting list, from 1.")
    track: Track | None = Field(description="Set with the seat: `initial` or `continuing`.")
    funded: bool | None
    funding_year: int | None
    registered_on: date | None
    first_day: date | None
    ended_on: date | None

    @classmethod
    def of(cls, view: RegistrationView) -> RegistrationOut:
        r = view.registration
        return cls(
            registration_id=r.registration_id,
            session_id=r.session_id,
            conseiller_id=r.conseiller_id,
            module_id=r.module_id,
            region=r.region,
            hub=r.hub,
            status=r.status,
            position=view.position,
            track=r.track,
            funded=r.funded,
            funding_year=r.funding_year,
            registered_on=r.registered_on,
            first_day=r.first_day,
            ended_on=r.ended_on,
        )


class InitialOut(BaseModel):
    required: int
    completed: int
    in_progress: int
    owed: int


class YearOut(BaseModel):
    year: int
    funded_registration_id: str | None
    funded_completed: bool
    modules_completed: int
    unfunded: int

    @classmethod
    def of(cls, year: ContinuingYear) -> YearOut:
        return cls(
            year=year.year,
            funded_registration_id=year.funded_registration_id,
            funded_completed=year.funded_completed,
            modules_completed=year.modules_completed,
            unfunded=year.unfunded,
        )


class RecordOut(BaseModel):
    conseiller_id: str
    region: str
    structure_id: str | None
    enrolled_on: date | None
    withdrawn_on: date | None
    convened_for: date | None = Field(description="Day of the first CCP1 exam convened to.")
    next_track: Track
    initial: InitialOut = Field(description="The two mandatory initial-training modules.")
    years: list[YearOut] = Field(description="Continuing training, year by year.")
    owed_this_year: int
    registrations: list[RegistrationOut]

    @classmethod
    def of(cls, record: ModuleRecord) -> RecordOut:
        conseiller, initial = record.conseiller, record.initial
        return cls(
            conseiller_id=conseiller.conseiller_id,
            region=conseiller.region,
            structure_id=conseiller.structure_id,
            enrolled_on=conseiller.enrolled_on,
            withdrawn_on=conseiller.withdrawn_on,
            convened_for=conseiller.convened_for,
            next_track=record.next_track,
            initial=InitialOut(
                required=initial.required,
                completed=initial.completed,
                in_progress=initial.in_progress,
                owed=initial.owed,
            ),
            years=[YearOut.of(year) for year in record.years],
            owed_this_year=record.owed_this_year,
            registrations=[
                RegistrationOut.of(RegistrationView(r, None)) for r in record.registrations
            ],
        )


class FiguresOut(BaseModel):
    region: str
    module_id: str | None
    since: date | None
    until: date | None
    sessions_held: int = Field(description="Training actions: sessions with a module completed.")
    people_trained: int
    modules_completed: int
    sessions_evaluated: int
    responses: int
    satisfied_resources_pct: float | None
    satisfied_overall_pct: float | None
    mean_self_rated_ability: float | None = Field(description="Out of 10.")

    @classmethod
    def of(
        cls,
        figures: Figures,
        *,
        region: str,
        module_id: str | None,
        since: date | None,
        until: date | None,
    ) -> FiguresOut:
        return cls(
            region=region,
            module_id=module_id,
            since=since,
            until=until,
            sessions_held=figures.sessions_held,
            people_trained=figures.people_trained,
            modules_completed=figures.modules_completed,
            sessions_evaluated=figures.sessions_evaluated,
            responses=figures.responses,
            satisfied_resources_pct=figures.satisfied_resources_pct,
            satisfied_overall_pct=figures.satisfied_overall_pct,
            mean_self_rated_ability=figures.mean_self_rated_ability,
        )
