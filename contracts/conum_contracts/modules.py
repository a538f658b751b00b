"""Events of the modules context (producer: services/modules).

The national instance publishes the catalogue; regional instances schedule sessions and
register conseillers on their own territory.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Literal

from pydantic import Field, model_validator

from .base import EventModel, NestedModel
from .common import (
    ISO_REGION,
    HabilitationScheme,
    ModuleHours,
    NonEmptyText,
    RegionCode,
    RegionCodeV1,
    Track,
    UuidStr,
)

ModuleKind = Literal["prise_en_main", "intervenir"]
SessionMode = Literal["remote", "in_person"]

HOURS_BY_MODULE_KIND: dict[str, int] = {"prise_en_main": 7, "intervenir": 14}

# --- topic conum.modules.catalogue, key module_id ----------------------------------------


class ModulePublishedV1(EventModel):
    """A complementary module was published in the national catalogue."""

    module_id: UuidStr = Field(description="Id of the module.")
    title: NonEmptyText = Field(description="Title of the module.")
    kind: ModuleKind = Field(
        description="`prise_en_main` (7 h, one day in person) or `intervenir` (14 h, two days)."
    )
    hours: ModuleHours = Field(description="Length in hours: 7 or 14, following the kind.")
    requires_habilitation: HabilitationScheme | None = Field(
        description="Habilitation the host structure needs first, or null."
    )

    @model_validator(mode="after")
    def _hours_follow_kind(self) -> ModulePublishedV1:
        if self.hours != HOURS_BY_MODULE_KIND[self.kind]:
            raise ValueError("hours do not match the module kind")
        return self


class ModuleWithdrawnV1(EventModel):
    """A module was withdrawn from the catalogue."""

    module_id: UuidStr = Field(description="Id of the module.")


# --- topic conum.modules.session, key session_id -----------------------------------------


class SessionDay(NestedModel):
    """One day of a module session."""

    on: date = Field(description="The day.")
    mode: SessionMode = Field(description="`remote` or `in_person`.")


class SessionScheduledV1(EventModel):
    """A regional hub scheduled a session of a module."""

    session_id: UuidStr = Field(description="Id of the session.")
    module_id: UuidStr = Field(description="Id of the module taught.")
    region: RegionCodeV1 = Field(description="Region of the hub running the session.")
    hub: NonEmptyText = Field(description="Regional hub running the session, e.g. `hubikoop`.")
    days: list[SessionDay] = Field(min_length=1, description="The session's days, in order.")
    capacity: int = Field(ge=1, description="Number of seats.")
    place: NonEmptyText = Field(description="Where the in-person days take place.")

    @model_validator(mode="after")
    def _days_in_order(self) -> SessionScheduledV1:
        days = [day.on for day in self.days]
        if any(later <= earlier for earlier, later in pairwise(days)):
            raise ValueError("days are not in strictly increasing order")
        return self


class SessionCancelledV1(EventModel):
    """A session was cancelled."""

    session_id: UuidStr = Field(description="Id of the session.")
    reason: NonEmptyText = Field(description="Why the session was cancelled.")


class SessionEvaluatedV1(EventModel):
    """The end-of-session satisfaction survey of a session was closed."""

    session_id: UuidStr = Field(description="Id of the session.")
    region: RegionCodeV1 = Field(description="Region of the session.")
    responses: int = Field(ge=0, description="Number of survey responses.")
    satisfied_resources_pct: float = Field(
        ge=0, le=100, description="Share of respondents satisfied with the resources, 0 to 100."
    )
    satisfied_overall_pct: float = Field(
        ge=0, le=100, description="Share of respondents satisfied overall, 0 to 100."
    )
    mean_self_rated_ability: float = Field(
        ge=0, le=10, description="Mean self-rated ability to support people, out of 10."
    )


# --- topic conum.modules.registration, key conseiller_id ---------------------------------


class RegistrationAcceptedV1(EventModel):
    """A conseiller's registration to a session was accepted."""

    registration_id: UuidStr = Field(description="Id of the registration.")
    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    session_id: UuidStr = Field(description="Id of the session.")
    module_id: UuidStr = Field(description="Id of the module.")
    region: RegionCodeV1 = Field(description="Region of the session.")
    track: Track = Field(description="`initial` or `continuing` training.")
    funded: bool = Field(description="Whether the State funds this module.")
    funding_year: int | None = Field(
        ge=2020, le=2100, description="Calendar year whose funded module this is; null if unfunded."
    )

    @model_validator(mode="after")
    def _funding_year_iff_funded(self) -> RegistrationAcceptedV1:
        if self.funded != (self.funding_year is not None):
            raise ValueError("funding_year must be set exactly when funded is true")
        return self


class RegistrationWaitlistedV1(EventModel):
    """A session was full: the conseiller was put on its waiting list."""

    registration_id: UuidStr = Field(description="Id of the registration.")
    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    session_id: UuidStr = Field(description="Id of the session.")
    position: int = Field(ge=1, description="Position on the waiting list, from 1.")


class RegistrationCancelledV1(EventModel):
    """A registration was cancelled."""

    registration_id: UuidStr = Field(description="Id of the registration.")
    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    session_id: UuidStr = Field(description="Id of the session.")


class ModuleCompletedV1(EventModel):
    """A conseiller completed a module session."""

    registration_id: UuidStr = Field(description="Id of the registration.")
    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    module_id: UuidStr = Field(description="Id of the module.")
    region: RegionCodeV1 = Field(description="Region of the session.")
    track: Track = Field(description="`initial` or `continuing` training.")
    hours: ModuleHours = Field(description="Hours of the module completed: 7 or 14.")
    completed_on: date = Field(description="Last day of the session.")


# --- majors carrying Corsica as FR-20R (decision 0024) ------------------------------------


class SessionScheduledV2(SessionScheduledV1):
    __doc__ = f"A regional hub scheduled a session of a module. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the hub running the session.")


class SessionEvaluatedV2(SessionEvaluatedV1):
    __doc__ = f"The satisfaction survey of a session was closed. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the session.")


class RegistrationAcceptedV2(RegistrationAcceptedV1):
    __doc__ = f"A conseiller's registration to a session was accepted. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the session.")


class ModuleCompletedV2(ModuleCompletedV1):
    __doc__ = f"A conseiller completed a module session. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the session.")
