"""Events of the positioning context (producer: services/positioning).

The positioning test, the pedagogical interview and the path they place a conseiller on.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field, model_validator

from .base import EventModel
from .common import (
    ISO_REGION,
    PATH_HOURS_BY_SCHEME,
    NonEmptyText,
    PathHours,
    RegionCode,
    RegionCodeV1,
    Scheme,
    UuidStr,
)

# --- topic conum.positioning.conseiller, key conseiller_id -------------------------------


class TestScheduledV1(EventModel):
    """The positioning test and pedagogical interview of a conseiller were scheduled."""

    __test__: ClassVar[bool] = False  # not a pytest test class

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    test_on: date = Field(description="Day of the positioning test.")
    interview_on: date = Field(description="Day of the pedagogical interview.")
    enrolment_id: UuidStr | None = Field(
        default=None,
        description="Id of the enrolment this positioning round belongs to (from "
        "`conseiller.enrolled`); absent from events published before revision 2.",
    )


class TestCompletedV1(EventModel):
    """A conseiller took the positioning test and the interview; the result is sovereign."""

    __test__: ClassVar[bool] = False  # not a pytest test class

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    digital_score: int = Field(ge=0, le=100, description="Digital culture score, 0 to 100.")
    support_score: int = Field(
        ge=0, le=100, description="Score in supporting the public, 0 to 100."
    )
    interview_note: NonEmptyText = Field(
        description="Appreciation given at the pedagogical interview; never personal details."
    )
    rubric_version: NonEmptyText = Field(
        description="Version of the rubric that scored the test, e.g. `v1`."
    )
    enrolment_id: UuidStr | None = Field(
        default=None,
        description="Id of the enrolment this positioning round belongs to (from "
        "`conseiller.enrolled`); absent from events published before revision 2.",
    )


class PathAssignedV1(EventModel):
    """The positioning result placed a conseiller on a training path."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    region: RegionCodeV1 = Field(description="Region of the conseiller's structure.")
    scheme: Scheme = Field(description="National scheme: `2021` or `2024`.")
    path_hours: PathHours = Field(
        description="Path length in hours: 70, 175 or 315 (2024); 105, 280, 350 or 420 (2021)."
    )
    weeks: int = Field(ge=1, description="Duration of the path in weeks.")
    alternance_days_per_week: int = Field(
        ge=1, description="Days a week spent in the host structure (at least one)."
    )
    rubric_version: NonEmptyText = Field(description="Version of the rubric applied.")
    assigned_on: date = Field(description="Day the path was assigned.")
    enrolment_id: UuidStr | None = Field(
        default=None,
        description="Id of the enrolment this positioning round belongs to (from "
        "`conseiller.enrolled`); absent from events published before revision 2.",
    )

    @model_validator(mode="after")
    def _path_exists_in_scheme(self) -> PathAssignedV1:
        if self.path_hours not in PATH_HOURS_BY_SCHEME[self.scheme]:
            raise ValueError("path_hours is not a path of this scheme")
        return self


class PathAssignedV2(PathAssignedV1):
    __doc__ = f"The positioning result placed a conseiller on a training path. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the conseiller's structure.")
