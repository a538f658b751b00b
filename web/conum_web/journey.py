"""A conseiller's journey as the services know it, read together: the enrolment (path, cohort,
state), the positioning, attendance, the cohort, certifications and modules.

Each part is read with the person's own token, so each service decides what this person may
see: a part the service does not know (yet) is absent, a part it refuses is explained. Only the
enrolment is required: without it (404), there is no journey for this person to see.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from conum_web.problems import Explained, explain
from conum_web.services import Api, ServiceProblem


@dataclass
class Journey:
    enrolment: dict[str, Any]
    positioning: dict[str, Any] | None = None
    attendance: dict[str, Any] | None = None
    cohort: dict[str, Any] | None = None
    certification: dict[str, Any] | None = None
    modules: dict[str, Any] | None = None
    refused: dict[str, Explained] = field(default_factory=dict)
    """The parts a service could not give, with why."""

    @property
    def conseiller_id(self) -> str:
        return str(self.enrolment["conseiller_id"])

    @property
    def is_open(self) -> bool:
        return self.enrolment["state"] not in ("completed", "withdrawn")


async def _part(journey: Journey, name: str, reading: Awaitable[Any]) -> None:
    try:
        setattr(journey, name, await reading)
    except ServiceProblem as problem:
        journey.refused[name] = explain(problem)


async def journey_of(api: Api, conseiller_id: str) -> Journey | None:
    """The journey, or None when the enrolment service shows this person no such conseiller."""
    enrolment = await api.found("enrolment", f"/enrolments/{conseiller_id}")
    if enrolment is None:
        return None
    journey = Journey(enrolment)
    parts = [
        _part(journey, "positioning", api.found("positioning", f"/positionings/{conseiller_id}")),
        _part(
            journey, "attendance", api.found("enrolment", f"/enrolments/{conseiller_id}/attendance")
        ),
        _part(
            journey,
            "certification",
            api.found("certification", f"/conseillers/{conseiller_id}/certification"),
        ),
    ]
    if enrolment.get("cohort_id"):
        cohort = f"/cohorts/{enrolment['cohort_id']}"
        parts.append(_part(journey, "cohort", api.found("enrolment", cohort)))
    if api.has_hub:
        modules = f"/conseillers/{conseiller_id}/modules"
        parts.append(_part(journey, "modules", api.found("hub", modules)))
    await asyncio.gather(*parts)
    return journey


def person_name(enrolment: dict[str, Any]) -> str:
    """The conseiller's name as the enrolment gives it to this person, or why it cannot."""
    person = enrolment.get("person")
    if person:
        return f"{person['first_name']} {person['last_name']}"
    if enrolment.get("person_erased"):
        return "Données personnelles effacées"
    return f"Conseiller {str(enrolment['conseiller_id'])[:8]}"
