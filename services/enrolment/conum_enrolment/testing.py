"""Factories for the enrolment service's tests (and the end-to-end tests that drive it): valid
SIRETs, and paths as the positioning service assigns them. No assertions here."""

from __future__ import annotations

from datetime import date

from conum_contracts.positioning import PathAssignedV2
from conum_kernel import siret
from conum_runtime.testing import conseillers


def valid_siret(seed: int) -> str:
    """A 14-digit SIRET passing the Luhn checksum, different for every ``seed``."""
    body = f"{seed:013d}"[-13:]
    if body.startswith(siret.LA_POSTE):
        raise ValueError(f"no SIRET for seed {seed}: La Poste's")
    return siret.completed(body)


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
