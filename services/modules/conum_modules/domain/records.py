"""A conseiller's module record: the two mandatory initial modules, done and still owed, and
each year of continuing training (its funded module, the modules completed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from conum_modules.domain.conseillers import Conseiller
from conum_modules.domain.registrations import (
    MANDATORY_INITIAL_MODULES,
    Registration,
    RegistrationStatus,
    Track,
    next_track,
)


@dataclass(frozen=True)
class InitialModules:
    required: int
    completed: int
    in_progress: int
    """Accepted, not completed yet."""
    owed: int
    """Still to complete (in progress included)."""


@dataclass(frozen=True)
class ContinuingYear:
    year: int
    funded_registration_id: str | None
    """The year's funded module (None: not used yet, or lost once the year is over)."""
    funded_completed: bool
    modules_completed: int
    unfunded: int
    """Modules accepted or completed that year without funding."""


@dataclass(frozen=True)
class ModuleRecord:
    conseiller: Conseiller
    next_track: Track
    """The track of the conseiller's next registration."""
    initial: InitialModules
    years: list[ContinuingYear]
    """Every year with a continuing module, the earliest first."""
    owed_this_year: int
    """In continuing training: 1 while no module was completed this calendar year (the
    year's funded module is mandatory, R-MOD-12); 0 otherwise."""
    registrations: list[Registration]


def _year(registration: Registration) -> int | None:
    if registration.funding_year is not None:
        return registration.funding_year
    day = registration.first_day or registration.ended_on
    return None if day is None else day.year


def module_record(
    conseiller: Conseiller, registrations: Sequence[Registration], today: date
) -> ModuleRecord:
    initial = [r for r in registrations if r.track is Track.INITIAL]
    completed = sum(1 for r in initial if r.status is RegistrationStatus.COMPLETED)
    continuing = [r for r in registrations if r.track is Track.CONTINUING and r.counts]
    years = []
    for year in sorted({y for r in continuing if (y := _year(r)) is not None}):
        of_year = [r for r in continuing if _year(r) == year]
        funded = next((r for r in of_year if r.funded), None)
        years.append(
            ContinuingYear(
                year=year,
                funded_registration_id=funded.registration_id if funded else None,
                funded_completed=funded is not None
                and funded.status is RegistrationStatus.COMPLETED,
                modules_completed=sum(
                    1 for r in of_year if r.status is RegistrationStatus.COMPLETED
                ),
                unfunded=sum(1 for r in of_year if not r.funded),
            )
        )
    in_continuing = completed >= MANDATORY_INITIAL_MODULES
    done_this_year = any(y.year == today.year and y.modules_completed for y in years)
    return ModuleRecord(
        conseiller=conseiller,
        next_track=next_track(registrations),
        initial=InitialModules(
            required=MANDATORY_INITIAL_MODULES,
            completed=completed,
            in_progress=sum(1 for r in initial if r.status is RegistrationStatus.ACCEPTED),
            owed=max(0, MANDATORY_INITIAL_MODULES - completed),
        ),
        years=years,
        owed_this_year=1 if in_continuing and not done_this_year else 0,
        registrations=list(registrations),
    )
