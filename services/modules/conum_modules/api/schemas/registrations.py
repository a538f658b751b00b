"""Registrations, a conseiller's module record, and a region's figures."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from conum_runtime.http import answers
from conum_runtime.http.fields import (
    RequestBody,
    StrictBool,
    Uuid,
)
from pydantic import Field

from conum_modules import domain
from conum_modules.domain import (
    ContinuingYear,
    Figures,
    ModuleRecord,
    RegistrationStatus,
    Track,
)
from conum_modules.views import RegistrationView


class RegistrationIn(RequestBody):
    conseiller_id: Uuid
    waitlist: StrictBool = Field(
        default=True, description="False: refuse (`session_full`) rather than wait for a seat."
    )


class RegistrationOut(answers.Answer[RegistrationView]):
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
    def of(cls, source: RegistrationView, /, *parts: object, **given: Any) -> Self:
        """The registration's fields, and its position on the waiting list."""
        return super().of(source, source.registration, *parts, **given)


class InitialOut(answers.Answer[domain.InitialModules]):
    required: int
    completed: int
    in_progress: int
    owed: int


class YearOut(answers.Answer[ContinuingYear]):
    year: int
    funded_registration_id: str | None
    funded_completed: bool
    modules_completed: int
    unfunded: int


class RecordOut(answers.Answer[ModuleRecord]):
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
    def of(cls, source: ModuleRecord, /, *parts: object, **given: Any) -> Self:
        """The record's fields, then its conseiller's; registrations without positions."""
        registrations = [
            RegistrationOut.of(RegistrationView(r, None)) for r in source.registrations
        ]
        return super().of(source, source.conseiller, *parts, registrations=registrations, **given)


class FiguresOut(answers.Answer[Figures]):
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
