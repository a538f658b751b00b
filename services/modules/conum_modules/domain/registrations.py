"""Registrations: who may take a module, on which track, funded or not, and who gets a seat
(docs/design/domain.md, R-MOD-03 to R-MOD-08; [HUB-2024]).

**Tracks.** Initial training includes **two modules of the conseiller's choice, both
mandatory** (:data:`MANDATORY_INITIAL_MODULES`). A conseiller's first two modules are their
initial-training modules; every later one is continuing training (decision 0017: the
streams say when a conseiller was convened, not when "initial training" ends, and a
conseiller double-certified without modules still owes their two). A registration taken
for an initial module needs the **CCP1 convocation** (passing CCP1 is not required).

**Funding.** Initial-training modules are funded as part of initial training
(**assumption**: they do not use the year's continuing-training module). In continuing
training the State funds **one module per calendar year, not retroactive**: the year is
the session's first day's (**assumption**); the first continuing module accepted for a
year is funded, any other of that year is accepted unfunded. An unused year is lost, never
carried over. Funding is decided when a seat is given and never revised: a module accepted
unfunded stays unfunded if the year's funded one is cancelled later (the next module of
that year is funded instead).

A registration that holds a seat, or was completed, "counts" (toward the two initial
modules and the funded year); a cancelled one, or one whose conseiller missed a day,
frees its place: the conseiller still owes the module (**assumption**).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from conum_kernel.access import Stake
from conum_kernel.refusals import WrongRegion

from conum_modules.domain.catalogue import Habilitation, Module
from conum_modules.domain.conseillers import Conseiller
from conum_modules.domain.refusals import (
    AlreadyRegistered,
    ConseillerWithdrawn,
    ConvocationMissing,
    HabilitationMissing,
    ModuleAlreadyTaken,
    RegistrationNotOpen,
    SessionFull,
    UnknownConseiller,
)
from conum_modules.domain.sessions import Session

MANDATORY_INITIAL_MODULES = 2
"""Initial training includes two mandatory modules of the conseiller's choice (R-MOD-03)."""


class Track(StrEnum):
    INITIAL = "initial"
    CONTINUING = "continuing"


class RegistrationStatus(StrEnum):
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    MISSED = "missed"
    """The session was completed without the conseiller attending every day."""


OPEN = frozenset({RegistrationStatus.ACCEPTED, RegistrationStatus.WAITLISTED})
COUNTING = frozenset({RegistrationStatus.ACCEPTED, RegistrationStatus.COMPLETED})


@dataclass(frozen=True)
class Placement:
    """The track and funding a registration gets with its seat."""

    track: Track
    funded: bool
    funding_year: int | None


@dataclass(frozen=True)
class Registration:
    registration_id: str
    session_id: str
    conseiller_id: str
    module_id: str | None
    """None in a copy that has not heard of the session yet (a waitlisting names none)."""
    region: str
    hub: str
    structure_id: str | None
    training_organisation_id: str | None
    status: RegistrationStatus
    registered_on: date | None
    first_day: date | None
    """The session's first day (None in a copy that has not heard of the session yet)."""
    waitlist_seq: int | None = None
    """Order on the session's waiting list (lower first); None if it never waited."""
    track: Track | None = None
    funded: bool | None = None
    funding_year: int | None = None
    ended_on: date | None = None
    """When it was cancelled, or the session's last day when completed or missed."""

    @property
    def stake(self) -> Stake:
        return Stake.of_conseiller(
            self.region, self.structure_id, self.training_organisation_id, regional_hub=self.hub
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def counts(self) -> bool:
        return self.status in COUNTING

    def accepted(self, placement: Placement) -> Registration:
        return replace(
            self,
            status=RegistrationStatus.ACCEPTED,
            track=placement.track,
            funded=placement.funded,
            funding_year=placement.funding_year,
        )

    def cancelled(self, on: date | None) -> Registration:
        if not self.is_open:
            raise RegistrationNotOpen(f"registration {self.registration_id} is {self.status}")
        return replace(self, status=RegistrationStatus.CANCELLED, ended_on=on)

    def ended(self, attended_every_day: bool, last_day: date) -> Registration:
        status = RegistrationStatus.COMPLETED if attended_every_day else RegistrationStatus.MISSED
        return replace(self, status=status, ended_on=last_day)


def next_track(history: Iterable[Registration]) -> Track:
    """Initial while fewer than two initial modules count; continuing afterwards."""
    initial = sum(1 for r in history if r.counts and r.track is Track.INITIAL)
    return Track.INITIAL if initial < MANDATORY_INITIAL_MODULES else Track.CONTINUING


def placement(history: Iterable[Registration], session: Session) -> Placement:
    """Track and funding of the conseiller's next seat, given their other registrations."""
    counting = [r for r in history if r.counts]
    year = session.funding_year
    if next_track(counting) is Track.INITIAL:
        return Placement(Track.INITIAL, funded=True, funding_year=year)
    year_funded = any(
        r.track is Track.CONTINUING and r.funded and r.funding_year == year for r in counting
    )
    if year_funded:
        return Placement(Track.CONTINUING, funded=False, funding_year=None)
    return Placement(Track.CONTINUING, funded=True, funding_year=year)


def check_eligibility(
    conseiller: Conseiller | None,
    *,
    module: Module,
    session: Session,
    history: Sequence[Registration],
    habilitations: Collection[Habilitation],
) -> None:
    """Refuse a registration the rules forbid; ``history``: the conseiller's registrations,
    ``habilitations``: those of the conseiller's host structure."""
    if conseiller is None or not conseiller.is_enrolled:
        raise UnknownConseiller("no enrolled conseiller with this id")
    if conseiller.is_withdrawn:
        raise ConseillerWithdrawn("the conseiller withdrew from the scheme")
    if conseiller.region != session.region:
        raise WrongRegion(f"the conseiller is enrolled in {conseiller.region}")
    if any(r.session_id == session.session_id and (r.is_open or r.counts) for r in history):
        raise AlreadyRegistered("the conseiller is already registered to this session")
    if any(r.module_id == module.module_id and (r.is_open or r.counts) for r in history):
        raise ModuleAlreadyTaken("the conseiller already has this module")
    if next_track(history) is Track.INITIAL and not conseiller.is_convened:
        raise ConvocationMissing(
            "an initial-training module needs the CCP1 convocation first (not the pass)"
        )
    needed = module.requires_habilitation
    if needed is not None and needed not in habilitations:
        raise HabilitationMissing(f"the host structure is not habilitated to {needed.value}")


@dataclass(frozen=True)
class Admission:
    status: RegistrationStatus
    position: int | None = None
    """Position on the waiting list, from 1."""


def admit(session: Session, *, seats_taken: int, waiting: int, waitlist: bool) -> Admission:
    """A seat if one is free; else the end of the waiting list, or ``session_full`` when
    the caller wants no waiting list."""
    if seats_taken < session.capacity:
        return Admission(RegistrationStatus.ACCEPTED)
    if not waitlist:
        raise SessionFull(f"the {session.capacity} seats of the session are taken")
    return Admission(RegistrationStatus.WAITLISTED, position=waiting + 1)


def waiting_order(registrations: Iterable[Registration]) -> list[Registration]:
    """The session's waiting list, first in line first."""
    waiting = [r for r in registrations if r.status is RegistrationStatus.WAITLISTED]
    return sorted(waiting, key=lambda r: (r.waitlist_seq or 0, r.registration_id))


def free_seats(session: Session, registrations: Iterable[Registration]) -> int:
    taken = sum(1 for r in registrations if r.status is RegistrationStatus.ACCEPTED)
    return max(0, session.capacity - taken)


def may_be_promoted(conseiller: Conseiller | None) -> bool:
    """Whether the first one waiting still may take the seat (a conseiller who withdrew
    meanwhile may not: their registration is cancelled instead)."""
    return conseiller is not None and conseiller.is_enrolled and not conseiller.is_withdrawn
