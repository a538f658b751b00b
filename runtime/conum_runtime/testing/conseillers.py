"""A conseiller's events as the services that publish them write them, for the tests of the
services that consume them (each service's ``testing`` gives them its own defaults).

``enrolment_id``: :data:`FIRST` names the conseiller's first enrolment (an id derived from
the conseiller's, so that a test may name it again), ``None`` an event published before
revision 2 (no enrolment id), any other value is the id itself. Nothing here runs in a
service.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from conum_contracts.enrolment import ConseillerEnrolledV3, ConseillerWithdrawnV1
from conum_contracts.positioning import PathAssignedV2

from conum_runtime.testing.events import example_event

FIRST = "first"
"""The conseiller's first enrolment (a fixed id derived from the conseiller's)."""

WEEKS = {70: 5, 175: 10, 315: 15}
"""Weeks of the 2024 scheme's paths, for a path given without them."""


def new_id() -> str:
    return str(uuid.uuid4())


def first_enrolment(conseiller_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"enrolment:{conseiller_id}"))


def enrolment_of(conseiller_id: str, enrolment_id: str | None) -> str | None:
    """The id an event carries for ``enrolment_id`` (see the module's note)."""
    return first_enrolment(conseiller_id) if enrolment_id == FIRST else enrolment_id


def enrolled(
    conseiller_id: str,
    *,
    region: str = "FR-NAQ",
    department: str = "40",
    scheme: str = "2024",
    organisation: str = "la-fabrik",
    enrolled_on: date = date(2026, 3, 2),
    enrolment_id: str | None = FIRST,
    **fields: Any,
) -> ConseillerEnrolledV3:
    """An enrolment with its sealed ``person`` (which no consumer may keep); ``fields``
    replace more of the contract's example (``structure_id``…)."""
    event: ConseillerEnrolledV3 = example_event(
        ConseillerEnrolledV3,
        conseiller_id=conseiller_id,
        region=region,
        department=department,
        scheme=scheme,
        training_organisation={"id": organisation, "name": "Organisation"},
        enrolled_on=enrolled_on.isoformat(),
        enrolment_id=enrolment_of(conseiller_id, enrolment_id),
        **fields,
    )
    return event


def withdrawn(
    conseiller_id: str,
    on: date = date(2026, 4, 1),
    *,
    enrolment_id: str | None = FIRST,
    free_text_only: bool | None = None,
) -> ConseillerWithdrawnV1:
    """A withdrawal for ``left_structure``; ``free_text_only`` (by default, when it names no
    enrolment): as revision 1 published it, a free-text reason and no code."""
    if enrolment_id is None if free_text_only is None else free_text_only:
        return ConseillerWithdrawnV1(
            conseiller_id=conseiller_id, reason="moved away", withdrawn_on=on
        )
    return ConseillerWithdrawnV1(
        conseiller_id=conseiller_id,
        reason="left_structure",
        reason_code="left_structure",
        withdrawn_on=on,
        enrolment_id=enrolment_of(conseiller_id, enrolment_id),
    )


def path_assigned(
    conseiller_id: str,
    *,
    region: str = "FR-NAQ",
    scheme: str = "2024",
    path_hours: int = 175,
    weeks: int | None = None,
    assigned_on: date = date(2026, 3, 9),
    enrolment_id: str | None = FIRST,
) -> PathAssignedV2:
    """A path assigned by the positioning service (``weeks``: the path's by default)."""
    return PathAssignedV2(
        conseiller_id=conseiller_id,
        region=region,
        scheme=scheme,
        path_hours=path_hours,
        weeks=WEEKS[path_hours] if weeks is None else weeks,
        alternance_days_per_week=1,
        rubric_version="v1",
        assigned_on=assigned_on,
        enrolment_id=enrolment_of(conseiller_id, enrolment_id),
    )
