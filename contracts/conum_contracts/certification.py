"""Events of the certification context (producer: services/certification).

CCP1 of the REMN professional title, the Pix certification, and the full REMN title track.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from .base import EventModel
from .common import (
    ISO_REGION,
    DepartmentCode,
    NonEmptyText,
    Organisation,
    RegionCode,
    RegionCodeV1,
    UuidStr,
)

PIX_MAX_SCORE = 1024
"""Pix certification scores run from 0 to 1024 pix (8 levels of 128)."""

# --- topic conum.certification.conseiller, key conseiller_id -----------------------------


class Ccp1ConvenedV1(EventModel):
    """A conseiller was convened to the CCP1 exam of the REMN title."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    region: RegionCodeV1 = Field(description="Region of the conseiller.")
    exam_session_id: UuidStr = Field(description="Id of the exam session.")
    exam_on: date = Field(description="Day of the exam.")
    certifier: NonEmptyText = Field(description="Certifier holding the exam, e.g. `Afpa`.")


class Ccp1PassedV1(EventModel):
    """A conseiller passed CCP1."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    exam_session_id: UuidStr = Field(description="Id of the exam session.")
    decided_on: date = Field(description="Day of the jury's decision.")


class Ccp1FailedV1(EventModel):
    """A conseiller failed CCP1."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    exam_session_id: UuidStr = Field(description="Id of the exam session.")
    decided_on: date = Field(description="Day of the jury's decision.")


class PixResultRecordedV1(EventModel):
    """A conseiller's Pix certification result was recorded."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    score: int = Field(
        ge=0, le=PIX_MAX_SCORE, description="Pix certification score, 0 to 1024 pix."
    )
    certified: bool = Field(description="Whether the Pix certification was obtained.")
    recorded_on: date = Field(description="Day the result was recorded.")


class ConseillerDoubleCertifiedV1(EventModel):
    """A conseiller obtained both CCP1 and Pix: initial training is certified."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    region: RegionCodeV1 = Field(description="Region of the conseiller.")
    ccp1_passed_on: date = Field(description="Day CCP1 was passed.")
    pix_certified_on: date = Field(description="Day the Pix certification was recorded.")


class RemnEnrolledV1(EventModel):
    """A conseiller enrolled in the full REMN title track (17 weeks, one day a week, 140 h)."""

    conseiller_id: UuidStr = Field(description="Id of the conseiller.")
    region: RegionCodeV1 = Field(description="Region of the conseiller.")
    department: DepartmentCode = Field(description="INSEE code of the conseiller's department.")
    organisation: Organisation = Field(description="Organisation running the full-title track.")
    hours: Literal[140] = Field(description="Length of the track in hours (140).")
    weeks: Literal[17] = Field(description="Length of the track in weeks (17).")
    starts_on: date = Field(description="First day of the track.")


# --- majors carrying Corsica as FR-20R (decision 0024) ------------------------------------


class Ccp1ConvenedV2(Ccp1ConvenedV1):
    __doc__ = f"A conseiller was convened to the CCP1 exam of the REMN title. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the conseiller.")


class ConseillerDoubleCertifiedV2(ConseillerDoubleCertifiedV1):
    __doc__ = f"A conseiller obtained both CCP1 and Pix. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the conseiller.")


class RemnEnrolledV2(RemnEnrolledV1):
    __doc__ = f"A conseiller enrolled in the full REMN title track. {ISO_REGION}"

    region: RegionCode = Field(description="Region of the conseiller.")
