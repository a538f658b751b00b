"""Factories for the enrolment service's tests (and the end-to-end tests that drive it): valid
SIRETs, and paths as the positioning service assigns them. No assertions here."""

from __future__ import annotations

from datetime import date

from conum_contracts.positioning import PathAssignedV2
from conum_runtime.testing import conseillers


def valid_siret(seed: int) -> str:
    """A 14-digit SIRET passing the Luhn checksum, different for every ``seed``."""
    body = f"{seed:013d}"[-13:]
    for check in range(10):
        candidate = body + str(check)
        total = 0
        for position, digit in enumerate(reversed(candidate)):
            value = int(digit) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0 and not candidate.startswith("356000000"):
            return candidate
    raise ValueError(f"no SIRET for seed {seed}")


def path_assigned(
    conseiller_id: str,
    *,
    scheme: str = "2021",
    path_hours: int = 280,
    weeks: int = 16,
    assigned_on: date = date(2026, 3, 4),
    region: str = "FR-NAQ",
    enrolment_id: str | None = None,
) -> PathAssignedV2:
    """``enrolment_id`` None: a path as published before revision 2."""
    return conseillers.path_assigned(
        conseiller_id,
        region=region,
        scheme=scheme,
        path_hours=path_hours,
        weeks=weeks,
        assigned_on=assigned_on,
        enrolment_id=enrolment_id,
    )
