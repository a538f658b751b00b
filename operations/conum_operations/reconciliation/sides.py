"""What each service holds of a conseiller, as reconciliation reads it: one side per service,
from its listing in key order (decision 0036) or its answer about one conseiller.

Nothing here reads or keeps personal data: a listing holds ids, codes and days only, and the
enrolment's ``person`` in an answer about one conseiller is never read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


@dataclass(frozen=True)
class EnrolmentSide:
    """``GET /enrolments/{id}`` of the enrolment service, or an item of its listing."""

    conseiller_id: str
    enrolment_id: str
    state: str
    region: str
    scheme: str
    structure_id: str
    training_organisation_id: str
    enrolled_on: date
    path_hours: int | None
    starts_on: date | None
    planned_end_on: date | None
    completed_on: date | None
    withdrawn_on: date | None

    @classmethod
    def of(cls, answer: Mapping[str, Any]) -> EnrolmentSide:
        path = answer.get("path")
        return cls(
            conseiller_id=answer["conseiller_id"],
            enrolment_id=answer["enrolment_id"],
            state=answer["state"],
            region=answer["region"],
            scheme=answer["scheme"],
            structure_id=answer["structure_id"],
            training_organisation_id=answer["training_organisation"]["id"],
            enrolled_on=date.fromisoformat(answer["enrolled_on"]),
            path_hours=path["hours"] if path else None,
            starts_on=_day(answer.get("starts_on")),
            planned_end_on=_day(answer.get("planned_end_on")),
            completed_on=_day(answer.get("completed_on")),
            withdrawn_on=_day(answer.get("withdrawn_on")),
        )

    @classmethod
    def listed(cls, item: Mapping[str, Any]) -> EnrolmentSide:
        """An item of the enrolment service's listing in key order (flat: the organisation's
        id and the path's hours)."""
        return cls.of(
            {
                **item,
                "training_organisation": {"id": item["training_organisation_id"]},
                "path": None if item["path_hours"] is None else {"hours": item["path_hours"]},
            }
        )


@dataclass(frozen=True)
class PositioningSide:
    """``GET /positionings/{id}`` of the positioning service, or an item of its listing."""

    enrolment_id: str | None
    state: str
    region: str
    scheme: str
    structure_id: str
    training_organisation_id: str
    enrolled_on: date
    assigned_path_hours: int | None

    @classmethod
    def of(cls, answer: Mapping[str, Any]) -> PositioningSide:
        return cls(
            enrolment_id=answer.get("enrolment_id"),
            state=answer["state"],
            region=answer["region"],
            scheme=answer["scheme"],
            structure_id=answer["structure_id"],
            training_organisation_id=answer["training_organisation_id"],
            enrolled_on=date.fromisoformat(answer["enrolled_on"]),
            assigned_path_hours=answer.get("assigned_path_hours"),
        )


@dataclass(frozen=True)
class CertificationSide:
    """``GET /conseillers/{id}/certification`` of the certification service, or an item of its
    listing."""

    enrolment_id: str | None
    training: str
    region: str
    path_hours: int | None
    training_starts_on: date | None
    training_planned_end_on: date | None
    training_completed_on: date | None
    withdrawn_on: date | None

    @classmethod
    def of(cls, answer: Mapping[str, Any]) -> CertificationSide:
        return cls(
            enrolment_id=answer.get("enrolment_id"),
            training=answer["training"],
            region=answer["region"],
            path_hours=answer.get("path_hours"),
            training_starts_on=_day(answer.get("training_starts_on")),
            training_planned_end_on=_day(answer.get("training_planned_end_on")),
            training_completed_on=_day(answer.get("training_completed_on")),
            withdrawn_on=_day(answer.get("withdrawn_on")),
        )


@dataclass(frozen=True)
class NationalSide:
    """``GET /national/conseillers/{id}`` of the national view (its current journey), or an
    item of its listing."""

    enrolment_id: str | None
    structure_id: str | None
    enrolled_on: date | None
    withdrawn_on: date | None
    known: bool = True

    @classmethod
    def of(cls, answer: Mapping[str, Any]) -> NationalSide:
        return cls(
            enrolment_id=answer.get("enrolment_id"),
            structure_id=answer.get("structure_id"),
            enrolled_on=_day(answer.get("enrolled_on")),
            withdrawn_on=_day(answer.get("withdrawn_on")),
        )

    @classmethod
    def unknown(cls) -> NationalSide:
        return cls(None, None, None, None, known=False)

    def held(self) -> object:
        if not self.known:
            return "unknown"
        return (self.enrolment_id, self.structure_id, self.enrolled_on, self.withdrawn_on)
