"""Settings of the enrolment service's training rules (``CONUM_ENROLMENT_*``); defaults are
the values and assumptions of docs/design/domain.md (see
:class:`conum_enrolment.domain.TrainingPolicy`)."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from conum_enrolment.domain import Publication, TrainingPolicy
from conum_enrolment.domain.policy import COHORT_FLOOR

_DEFAULT = TrainingPolicy()


class EnrolmentSettings(BaseSettings):
    """**Assumptions**, configurable: cohorts, starts, referent window, attendance."""

    model_config = SettingsConfigDict(env_prefix="CONUM_ENROLMENT_", extra="ignore")

    cohort_min_size: int = Field(default=_DEFAULT.cohort_min_size, ge=COHORT_FLOOR)
    cohort_weeks: int = Field(default=_DEFAULT.cohort_weeks, ge=1)
    cohort_lead_days: int = Field(default=_DEFAULT.cohort_lead_days, ge=0)
    individual_lead_days: int = Field(default=_DEFAULT.individual_lead_days, ge=0)
    start_weekday: int = Field(default=_DEFAULT.start_weekday, ge=0, le=4)
    referent_window_days: int = Field(default=_DEFAULT.referent_window_days, ge=1)
    attendance_threshold: float = Field(default=_DEFAULT.attendance_threshold, gt=0, le=1)
    hours_per_training_day: float = Field(default=_DEFAULT.hours_per_training_day, gt=0)

    publish_v1_until: date | None = Field(
        default=None,
        description="Last day `conseiller.enrolled` v1 (person in clear) is still published "
        "beside v2, with deprecation headers and this day as its sunset; unset: v2 only "
        "(decision 0021).",
    )

    def policy(self) -> TrainingPolicy:
        return TrainingPolicy(**self.model_dump(exclude={"publish_v1_until"}))

    def publication(self) -> Publication:
        return Publication(v1_until=self.publish_v1_until)
