"""A conseiller as this service knows them, from the enrolment and positioning streams.

No name, no e-mail (no personal data): the ``person`` of an enrolment is never kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from conum_kernel.access import Stake

PIX = "pix"
"""The Pix certifier's slug: the certifier of every conseiller's Pix certification."""


class TrainingState(StrEnum):
    AWAITING_ENROLMENT = "awaiting_enrolment"  # a fact arrived before the enrolment
    ENROLLED = "enrolled"
    IN_TRAINING = "in_training"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Candidate:
    """What this service keeps of a conseiller: no name, no e-mail (no personal data).

    A row may be partial: a path or a training start can arrive before the enrolment
    (another topic, or a replay); it is kept and completed when the enrolment arrives.
    """

    conseiller_id: str
    region: str
    department: str | None = None
    scheme: str | None = None
    structure_id: str | None = None
    training_organisation_id: str | None = None
    enrolled_on: date | None = None
    path_hours: int | None = None
    training_starts_on: date | None = None
    training_planned_end_on: date | None = None
    training_completed_on: date | None = None
    withdrawn_on: date | None = None

    @property
    def is_enrolled(self) -> bool:
        return self.enrolled_on is not None

    @property
    def training_state(self) -> TrainingState:
        if self.withdrawn_on is not None:
            return TrainingState.WITHDRAWN
        if not self.is_enrolled:
            return TrainingState.AWAITING_ENROLMENT
        if self.training_completed_on is not None:
            return TrainingState.COMPLETED
        if self.training_starts_on is not None:
            return TrainingState.IN_TRAINING
        return TrainingState.ENROLLED

    def stake(self, certifiers: Iterable[str] = ()) -> Stake:
        """Who the conseiller's certification record belongs to: their structure, their
        training organisation, the certifiers they were convened by, and Pix.

        A structure or organisation not known yet (a partial row) is nobody's: a token bound
        to one does not see the record until the enrolment arrives.
        """
        return Stake.of(
            self.region,
            host_structure=self.structure_id,
            training_organisation=self.training_organisation_id,
            certifier={*certifiers, PIX},
        )


def _known(candidate: Candidate | None, conseiller_id: str, region: str) -> Candidate:
    return candidate or Candidate(conseiller_id=conseiller_id, region=region)


def enrolled(
    candidate: Candidate | None,
    *,
    conseiller_id: str,
    region: str,
    department: str,
    scheme: str,
    structure_id: str,
    training_organisation_id: str,
    enrolled_on: date,
) -> Candidate:
    """The enrolment completes a partial row. An enrolment after a withdrawal is a new
    initial training (the enrolment service keeps the conseiller's id): training reset."""
    current = _known(candidate, conseiller_id, region)
    if current.withdrawn_on is not None and enrolled_on > current.withdrawn_on:
        current = replace(
            current,
            withdrawn_on=None,
            training_starts_on=None,
            training_planned_end_on=None,
            training_completed_on=None,
        )
    return replace(
        current,
        region=region,
        department=department,
        scheme=scheme,
        structure_id=structure_id,
        training_organisation_id=training_organisation_id,
        enrolled_on=enrolled_on,
    )


def path_assigned(
    candidate: Candidate | None, *, conseiller_id: str, region: str, scheme: str, path_hours: int
) -> Candidate:
    current = _known(candidate, conseiller_id, region)
    return replace(current, scheme=current.scheme or scheme, path_hours=path_hours)


def training_started(
    candidate: Candidate | None,
    *,
    conseiller_id: str,
    region: str,
    starts_on: date,
    planned_end_on: date,
) -> Candidate:
    current = _known(candidate, conseiller_id, region)
    return replace(current, training_starts_on=starts_on, training_planned_end_on=planned_end_on)


def training_completed(
    candidate: Candidate | None, *, conseiller_id: str, region: str, completed_on: date
) -> Candidate:
    return replace(_known(candidate, conseiller_id, region), training_completed_on=completed_on)


def withdrawn(
    candidate: Candidate | None, *, conseiller_id: str, region: str, withdrawn_on: date
) -> Candidate:
    return replace(_known(candidate, conseiller_id, region), withdrawn_on=withdrawn_on)
