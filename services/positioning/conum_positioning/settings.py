"""Settings of the positioning service's own assumptions (``CONUM_POSITIONING_*``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from conum_positioning.domain import RubricBook, SchedulingPolicy
from conum_positioning.reference import RUBRICS, load_rubrics


class PositioningSettings(BaseSettings):
    """**Assumptions**, configurable: scheduling delays and where the rubrics are read."""

    model_config = SettingsConfigDict(env_prefix="CONUM_POSITIONING_", extra="ignore")

    test_delay_days: int = Field(default=7, ge=0, description="enrolment → positioning test")
    interview_delay_days: int = Field(default=0, ge=0, description="test → interview")
    rubrics_dirs: list[Path] = Field(
        default_factory=lambda: [RUBRICS],
        description="directories of rubric JSON files (every version, each with effective_from)",
    )

    def policy(self) -> SchedulingPolicy:
        return SchedulingPolicy(self.test_delay_days, self.interview_delay_days)

    def rubrics(self) -> RubricBook:
        return load_rubrics(self.rubrics_dirs)
