"""A conseiller as this service knows them, from the enrolment and certification streams.

No name, no e-mail: the ``person`` of an enrolment is never kept.

**Re-enrolment.** A conseiller withdrawn and enrolled again (possibly the same day) keeps
their id; each enrolment has its own ``enrolment_id`` (contracts revision 2). The current
enrolment is the newest one received (the conseiller's events are keyed by their id, so they
arrive in order); an event naming an enrolment seen before that is not the current one is
older and ignored. Events without an ``enrolment_id`` (revision 1 producers) fall back on
dates: an enrolment on or after the withdrawal starts a new one, a withdrawal dated before
the current enrolment ended an earlier one.

What a re-enrolment keeps: modules completed stay completed and count, toward the two
mandatory modules and the funded years alike (they were taken, and funded, once); the CCP1
convocation still counts, because the certification service keeps a conseiller's CCP1
across enrolments (a conseiller who passed it is never convened again, so forgetting the
convocation would shut them out of modules for good). Registrations that were open when the
conseiller withdrew were cancelled then.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

from conum_kernel.access import Stake


@dataclass(frozen=True)
class Conseiller:
    conseiller_id: str
    region: str
    structure_id: str | None = None
    training_organisation_id: str | None = None
    scheme: str | None = None
    enrolment_id: str | None = None
    enrolled_on: date | None = None
    withdrawn_on: date | None = None
    convened_for: date | None = None
    """Day of the earliest CCP1 exam the conseiller was convened to (None: never convened)."""

    @property
    def is_enrolled(self) -> bool:
        """False for a partial row: a convocation or withdrawal received before the
        enrolment."""
        return self.enrolled_on is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def is_convened(self) -> bool:
        return self.convened_for is not None

    def stake(self, hubs: Collection[str]) -> Stake:
        """The conseiller's structure and training organisation, and their region's hub."""
        return Stake.of_conseiller(
            self.region, self.structure_id, self.training_organisation_id, regional_hub=hubs
        )


@dataclass(frozen=True)
class Enrolment:
    enrolment_id: str | None
    conseiller_id: str
    region: str
    structure_id: str
    training_organisation_id: str
    scheme: str
    enrolled_on: date


def enrolled(
    current: Conseiller | None, enrolment: Enrolment, *, seen_before: bool
) -> Conseiller | None:
    """The conseiller after an enrolment event; None when it changes nothing (a repeated
    event, or one of an older enrolment). ``seen_before``: this ``enrolment_id`` was
    received before."""
    if current is None:
        return _with_enrolment(Conseiller(enrolment.conseiller_id, enrolment.region), enrolment)
    if not current.is_enrolled:  # a partial row: a convocation or withdrawal came first
        if current.withdrawn_on is not None and _ended_earlier(current, enrolment):
            current = replace(current, withdrawn_on=None)
        return _with_enrolment(current, enrolment)
    if enrolment.enrolment_id is not None and current.enrolment_id is not None:
        if enrolment.enrolment_id == current.enrolment_id or seen_before:
            return None
        return _with_enrolment(replace(current, withdrawn_on=None), enrolment)
    if current.withdrawn_on is not None and enrolment.enrolled_on >= current.withdrawn_on:
        return _with_enrolment(replace(current, withdrawn_on=None), enrolment)
    return None


def _ended_earlier(partial: Conseiller, enrolment: Enrolment) -> bool:
    """Whether a withdrawal received before this enrolment ended an earlier one."""
    if partial.enrolment_id is not None and enrolment.enrolment_id is not None:
        return partial.enrolment_id != enrolment.enrolment_id
    assert partial.withdrawn_on is not None
    return partial.withdrawn_on < enrolment.enrolled_on


def _with_enrolment(conseiller: Conseiller, enrolment: Enrolment) -> Conseiller:
    return replace(
        conseiller,
        region=enrolment.region,
        structure_id=enrolment.structure_id,
        training_organisation_id=enrolment.training_organisation_id,
        scheme=enrolment.scheme,
        enrolment_id=enrolment.enrolment_id,
        enrolled_on=enrolment.enrolled_on,
    )


def withdrawn(
    current: Conseiller | None,
    *,
    conseiller_id: str,
    region: str,
    enrolment_id: str | None,
    withdrawn_on: date,
) -> Conseiller | None:
    """The conseiller after a withdrawal; None when it changes nothing (already withdrawn,
    or the withdrawal ended an older enrolment)."""
    if current is None:  # before its enrolment (a replay from a later offset): kept
        return Conseiller(
            conseiller_id, region, enrolment_id=enrolment_id, withdrawn_on=withdrawn_on
        )
    if current.is_withdrawn:
        return None
    if enrolment_id is not None and current.enrolment_id is not None:
        if enrolment_id != current.enrolment_id:
            return None
    elif current.enrolled_on is not None and withdrawn_on < current.enrolled_on:
        return None
    return replace(current, withdrawn_on=withdrawn_on)


def convened(
    current: Conseiller | None, *, conseiller_id: str, region: str, exam_on: date
) -> Conseiller:
    """The CCP1 convocation opens initial-training modules; the earliest exam is kept."""
    if current is None:
        return Conseiller(conseiller_id, region, convened_for=exam_on)
    if current.convened_for is not None and current.convened_for <= exam_on:
        return current
    return replace(current, convened_for=exam_on)
