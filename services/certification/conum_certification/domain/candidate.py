"""A conseiller as this service knows them, from the enrolment and positioning streams.

No name, no e-mail (no personal data): the ``person`` of an enrolment is never kept.

The training facts (path, start, planned end, completion, withdrawal) belong to one
enrolment, the current one: the newest ``enrolment_id`` decides (decision 0016). A fact of an
enrolment not seen before is of a newer enrolment (the enrolment stream delivers one
conseiller's enrolments in order; only a path, from the positioning stream, may come ahead
of its enrolment): the training facts start afresh for it. A fact of an earlier enrolment
changes nothing. The certifications (CCP1, Pix, the double certification, the full title)
are the person's: a re-enrolment keeps them. Events without ``enrolment_id`` (revision 1)
apply to the current row, an enrolment after the day of a withdrawal starting afresh as
before (the day's grain).
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
    enrolment_id: str | None = None
    """The enrolment the training facts belong to (None: only revision-1 facts so far)."""
    earlier_enrolment_ids: tuple[str, ...] = ()
    """Enrolments of the conseiller before the current one, the oldest first."""

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
        return Stake.of_conseiller(
            self.region,
            self.structure_id,
            self.training_organisation_id,
            certifier={*certifiers, PIX},
        )


def _known(candidate: Candidate | None, conseiller_id: str, region: str) -> Candidate:
    return candidate or Candidate(conseiller_id=conseiller_id, region=region)


def _afresh(candidate: Candidate) -> Candidate:
    """A new enrolment: no path, no training, no withdrawal yet (certifications stay)."""
    return replace(
        candidate,
        path_hours=None,
        training_starts_on=None,
        training_planned_end_on=None,
        training_completed_on=None,
        withdrawn_on=None,
    )


def of_enrolment(
    candidate: Candidate | None, conseiller_id: str, region: str, enrolment_id: str | None
) -> Candidate | None:
    """The row a fact of ``enrolment_id`` applies to, or None for an earlier enrolment's.

    A new enrolment id makes the current one earlier and starts the training facts afresh.
    Revision 1 (no id): the row as it is. A row of revision-1 facts only (no id) adopts the
    first id it meets, afresh if the conseiller had withdrawn.
    """
    current = _known(candidate, conseiller_id, region)
    if enrolment_id is None or enrolment_id == current.enrolment_id:
        return current
    if enrolment_id in current.earlier_enrolment_ids:
        return None
    if current.enrolment_id is None:
        fresh = _afresh(current) if current.withdrawn_on is not None else current
        return replace(fresh, enrolment_id=enrolment_id)
    return replace(
        _afresh(current),
        enrolment_id=enrolment_id,
        earlier_enrolment_ids=(*current.earlier_enrolment_ids, current.enrolment_id),
    )


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
    enrolment_id: str | None = None,
) -> Candidate | None:
    """The enrolment completes a partial row; a new enrolment starts the training afresh.
    None: an earlier enrolment's event, which changes nothing."""
    if enrolment_id is None:
        current = _known(candidate, conseiller_id, region)
        if current.withdrawn_on is not None and enrolled_on > current.withdrawn_on:
            current = _afresh(current)  # revision 1: the day's grain
    else:
        found = of_enrolment(candidate, conseiller_id, region, enrolment_id)
        if found is None:
            return None
        current = found
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
    candidate: Candidate | None,
    *,
    conseiller_id: str,
    region: str,
    scheme: str,
    path_hours: int,
    enrolment_id: str | None = None,
) -> Candidate | None:
    """The latest path of the current enrolment (a reopened result gives a new one)."""
    current = of_enrolment(candidate, conseiller_id, region, enrolment_id)
    if current is None:
        return None
    return replace(current, scheme=current.scheme or scheme, path_hours=path_hours)


def training_started(
    candidate: Candidate | None,
    *,
    conseiller_id: str,
    region: str,
    starts_on: date,
    planned_end_on: date,
    enrolment_id: str | None = None,
) -> Candidate | None:
    """The start and planned end (a later path may move the planned end: the latest wins)."""
    current = of_enrolment(candidate, conseiller_id, region, enrolment_id)
    if current is None:
        return None
    return replace(current, training_starts_on=starts_on, training_planned_end_on=planned_end_on)


def training_completed(
    candidate: Candidate | None,
    *,
    conseiller_id: str,
    region: str,
    completed_on: date,
    enrolment_id: str | None = None,
) -> Candidate | None:
    current = of_enrolment(candidate, conseiller_id, region, enrolment_id)
    if current is None:
        return None
    return replace(current, training_completed_on=completed_on)


def withdrawn(
    candidate: Candidate | None,
    *,
    conseiller_id: str,
    region: str,
    withdrawn_on: date,
    enrolment_id: str | None = None,
) -> Candidate | None:
    """The current enrolment is withdrawn; a late withdrawal of an earlier one is not."""
    current = of_enrolment(candidate, conseiller_id, region, enrolment_id)
    if current is None:
        return None
    return replace(current, withdrawn_on=withdrawn_on)
