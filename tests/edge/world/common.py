"""The world's vocabulary: its two regions and their parties, a resource and who owns it,
and the ways a world is made (HTTP commands checked, events published on the real broker)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from conum_contracts.base import EventModel
from conum_runtime.testing import conseillers
from conum_runtime.testing.events import envelope_for, publish_events

NAQ, IDF = "FR-NAQ", "FR-IDF"
DEPARTMENT = {NAQ: "40", IDF: "75"}
ORGANISATION = "la-fabrik"
CERTIFIER = "afpa"
NATIONAL = {"Authorization": "Bearer national_coordinator-national"}
HUBS = {NAQ: "hubikoop", IDF: "hub-idf"}
"""The hub of each region (the modules service's reference data); bound hub tokens of FR-NAQ
name Hubikoop, or another hub."""
STRUCTURES = {
    NAQ: "5d1c0e8a-3b7f-4c2e-9a6d-1f2e3d4c5b6a",
    IDF: "6e2d1f9b-4c80-4d3f-8b7e-2a3f4e5d6c7b",
}
"""Host structures of the worlds made from events (bound tokens name the first)."""


@dataclass(frozen=True)
class Resource:
    """Something a path names: its parameters, region, and parties by role (none: every
    caller of the region may see it)."""

    params: dict[str, str]
    region: str
    parties: dict[str, frozenset[str]]


def parties(**by_role: str | set[str]) -> dict[str, frozenset[str]]:
    return {
        role: frozenset({value} if isinstance(value, str) else value)
        for role, value in by_role.items()
    }


@dataclass
class World:
    known: dict[str, list[str]] = field(default_factory=dict)
    resources: list[Resource] = field(default_factory=list)

    def add(self, resource: Resource) -> None:
        self.resources.append(resource)
        for name, value in resource.params.items():
            self.known.setdefault(name, []).append(value)

    def resource_for(self, params: set[str], region: str) -> Resource | None:
        """A resource of ``region`` that names every one of ``params``."""
        return next(
            (r for r in self.resources if r.region == region and params <= set(r.params)), None
        )


def eventually(probe: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise AssertionError("the world did not settle")
        time.sleep(0.1)


def expect(answer: httpx.Response, status: int = 201) -> dict[str, str]:
    assert answer.status_code == status, answer.text
    body: dict[str, str] = answer.json()
    return body


def enrolled(conseiller_id: str, structure_id: str, region: str) -> EventModel:
    """An enrolment (2024 scheme) of one of the world's structures, trained by La Fabrik."""
    return conseillers.enrolled(
        conseiller_id,
        region=region,
        department=DEPARTMENT[region],
        structure_id=structure_id,
        organisation=ORGANISATION,
    )


def publish(kafka: str, prefix: str, events: list[tuple[EventModel, str]]) -> None:
    asyncio.run(
        publish_events(
            kafka, prefix, [(event, envelope_for(event, region)) for event, region in events]
        )
    )
