"""A small world for the edge tests: in each service, resources of two regions (FR-NAQ and
FR-IDF), each owned by named parties, made the way users and other services make them (HTTP
commands, consumed events on the real broker).

``World.known`` gives the fuzzer ids that exist, so generated requests reach the store and
not only the 404 of an unknown id; ``World.resources`` gives the matrix test, for every path
parameter, a resource whose region and parties it knows.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import httpx
from conum_contracts.base import EventModel
from conum_contracts.certification import Ccp1ConvenedV2
from conum_contracts.enrolment import ConseillerEnrolledV3, TrainingStartedV1
from conum_contracts.modules import RegistrationAcceptedV2, SessionDay, SessionScheduledV2
from conum_contracts.positioning import PathAssignedV2
from conum_enrolment.testing import valid_siret
from conum_modules.testing import CATALOGUE
from conum_runtime.testing.events import envelope_for, example_event, publish_events

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


def enrolment_world(client: httpx.Client, _kafka: str, _prefix: str) -> World:
    world = World()
    for seed, region in enumerate((NAQ, IDF), start=1):
        structure = expect(
            client.post(
                "/structures",
                json={
                    "siret": valid_siret(seed),
                    "name": "Médiathèque",
                    "kind": "association",
                    "department": DEPARTMENT[region],
                },
                headers=NATIONAL,
            )
        )["structure_id"]
        world.add(Resource({"structure_id": structure}, region, parties(host_structure=structure)))
        enrolment = expect(
            client.post(
                "/enrolments",
                json={
                    "structure_id": structure,
                    "scheme": "2024",
                    "employment": "recruited",
                    "person": {
                        "first_name": "Awa",
                        "last_name": "Diallo",
                        "email": f"a{seed}@x.org",
                    },
                },
                headers=NATIONAL,
            )
        )
        world.add(
            Resource(
                {"conseiller_id": enrolment["conseiller_id"]},
                region,
                parties(host_structure=structure, training_organisation=ORGANISATION),
            )
        )
    return world


def _enrolled(conseiller_id: str, structure_id: str, region: str) -> EventModel:
    event: EventModel = example_event(
        ConseillerEnrolledV3,
        conseiller_id=conseiller_id,
        structure_id=structure_id,
        region=region,
        department=DEPARTMENT[region],
        scheme="2024",
        training_organisation={"id": ORGANISATION, "name": "La Fabrik"},
        enrolled_on=date(2026, 3, 2).isoformat(),
    )
    return event


def _publish(kafka: str, prefix: str, events: list[tuple[EventModel, str]]) -> None:
    asyncio.run(
        publish_events(
            kafka, prefix, [(event, envelope_for(event, region)) for event, region in events]
        )
    )


def positioning_world(client: httpx.Client, kafka: str, prefix: str) -> World:
    world = World()
    conseillers = {region: str(uuid.uuid4()) for region in (NAQ, IDF)}
    structures = STRUCTURES
    _publish(
        kafka,
        prefix,
        [(_enrolled(conseillers[r], structures[r], r), r) for r in (NAQ, IDF)],
    )
    for region, conseiller_id in conseillers.items():
        url = f"/positionings/{conseiller_id}"
        eventually(lambda url=url: client.get(url, headers=NATIONAL).status_code == 200)
        organisation = {"Authorization": "Bearer training_organisation-national"}
        expect(
            client.post(
                f"{url}/result",
                json={"digital_score": 75, "support_score": 80, "interview_note": "à l'aise"},
                headers=organisation,
            )
        )
        inquiry = expect(
            client.post(
                f"{url}/inquiries",
                json={"opened_by": "structure", "question": "Pourquoi ?"},
                headers={"Authorization": "Bearer host_structure-national"},
            )
        )["inquiry_id"]
        owners = parties(host_structure=structures[region], training_organisation=ORGANISATION)
        world.add(Resource({"conseiller_id": conseiller_id, "inquiry_id": inquiry}, region, owners))
    return world


def certification_world(client: httpx.Client, kafka: str, prefix: str) -> World:
    world = World()
    starts_on = date(2026, 3, 16)
    events: list[tuple[EventModel, str]] = []
    conseillers = {region: str(uuid.uuid4()) for region in (NAQ, IDF)}
    structures = STRUCTURES
    for region, conseiller_id in conseillers.items():
        events += [
            (_enrolled(conseiller_id, structures[region], region), region),
            (
                PathAssignedV2(
                    conseiller_id=conseiller_id,
                    region=region,
                    scheme="2024",
                    path_hours=70,
                    weeks=5,
                    alternance_days_per_week=1,
                    rubric_version="v1",
                    assigned_on=starts_on - timedelta(days=7),
                ),
                region,
            ),
            (
                TrainingStartedV1(
                    conseiller_id=conseiller_id,
                    cohort_id=None,
                    starts_on=starts_on,
                    planned_end_on=starts_on + timedelta(weeks=5),
                ),
                region,
            ),
        ]
    _publish(kafka, prefix, events)
    certifier = {"Authorization": "Bearer certifier-national"}
    for region, conseiller_id in conseillers.items():
        url = f"/conseillers/{conseiller_id}/certification"

        def in_training(url: str = url) -> bool:
            answer = client.get(url, headers=NATIONAL)
            return answer.status_code == 200 and answer.json()["training"] == "in_training"

        eventually(in_training)
        session = expect(
            client.post(
                "/exam-sessions",
                json={"exam_on": "2026-06-15", "region": region, "certifier": CERTIFIER},
                headers=certifier,
            )
        )["exam_session_id"]
        expect(
            client.post(
                f"/exam-sessions/{session}/convocations",
                json={"conseiller_id": conseiller_id},
                headers=certifier,
            )
        )
        owners = parties(
            host_structure=structures[region],
            training_organisation=ORGANISATION,
            certifier={CERTIFIER, "pix"},
        )
        world.add(Resource({"conseiller_id": conseiller_id}, region, owners))
        world.add(
            Resource(
                {"exam_session_id": session, "conseiller_id": conseiller_id},
                region,
                parties(certifier=CERTIFIER),
            )
        )
        world.add(Resource({"region": region}, region, {}))
    return world


def modules_world(client: httpx.Client, kafka: str, prefix: str) -> World:
    """On La Mednum's national instance: the catalogue it publishes when it starts, and its
    copy of each region's session and registration, published as the regional instances
    publish them."""
    world = World()
    world.known["module_id"] = [module.module_id for module in CATALOGUE]
    module_id = CATALOGUE[1].module_id
    events: list[tuple[EventModel, str]] = []
    made: dict[str, tuple[str, str, str]] = {}
    for region in (NAQ, IDF):
        conseiller_id, session_id, registration_id = (str(uuid.uuid4()) for _ in range(3))
        made[region] = (conseiller_id, session_id, registration_id)
        events += [
            (_enrolled(conseiller_id, STRUCTURES[region], region), region),
            (
                Ccp1ConvenedV2(
                    conseiller_id=conseiller_id,
                    region=region,
                    exam_session_id=str(uuid.uuid4()),
                    exam_on=date(2026, 6, 15),
                    certifier=CERTIFIER,
                ),
                region,
            ),
            (
                SessionScheduledV2(
                    session_id=session_id,
                    module_id=module_id,
                    region=region,
                    hub=HUBS[region],
                    days=[SessionDay(on=date(2026, 9, 14), mode="in_person")],
                    capacity=12,
                    place="Médiathèque",
                ),
                region,
            ),
            (
                RegistrationAcceptedV2(
                    registration_id=registration_id,
                    conseiller_id=conseiller_id,
                    session_id=session_id,
                    module_id=module_id,
                    region=region,
                    track="initial",
                    funded=True,
                    funding_year=2026,
                ),
                region,
            ),
        ]
    _publish(kafka, prefix, events)
    for region, (conseiller_id, session_id, registration_id) in made.items():
        for url in (
            f"/registrations/{registration_id}",
            f"/sessions/{session_id}",
            f"/conseillers/{conseiller_id}/modules",
        ):
            eventually(lambda url=url: client.get(url, headers=NATIONAL).status_code == 200)
        eventually(
            lambda session_id=session_id: (
                client.get(f"/sessions/{session_id}", headers=NATIONAL).json()["seats_taken"] == 1
            )
        )
        owners = parties(
            host_structure=STRUCTURES[region],
            training_organisation=ORGANISATION,
            regional_hub=HUBS[region],
        )
        world.add(Resource({"session_id": session_id}, region, {}))  # the region's calendar
        world.add(Resource({"registration_id": registration_id}, region, owners))
        world.add(Resource({"conseiller_id": conseiller_id}, region, owners))
        world.add(Resource({"region": region}, region, {}))
    return world


def national_world(client: httpx.Client, kafka: str, prefix: str) -> World:
    """Conseillers of FR-NAQ and FR-IDF, positioned, as the national view learns them."""
    world = World()
    conseillers = {region: str(uuid.uuid4()) for region in (NAQ, IDF)}
    events: list[tuple[EventModel, str]] = []
    for region, conseiller_id in conseillers.items():
        events += [
            (_enrolled(conseiller_id, STRUCTURES[region], region), region),
            (
                PathAssignedV2(
                    conseiller_id=conseiller_id,
                    region=region,
                    scheme="2024",
                    path_hours=175,
                    weeks=10,
                    alternance_days_per_week=1,
                    rubric_version="v1",
                    assigned_on=date(2026, 3, 12),
                ),
                region,
            ),
        ]
    _publish(kafka, prefix, events)
    for region, conseiller_id in conseillers.items():
        url = f"/national/conseillers/{conseiller_id}"

        def positioned(url: str = url) -> bool:
            answer = client.get(url, headers=NATIONAL)
            return answer.status_code == 200 and answer.json()["step"] == "positioned"

        eventually(positioned)
        world.add(Resource({"conseiller_id": conseiller_id}, region, {}))
        world.add(Resource({"region": region}, region, {}))
    return world


def notifier_world(client: httpx.Client, kafka: str, prefix: str) -> World:
    """A notification in FR-NAQ and one in FR-IDF (paths assigned), as the notifier keeps
    them (its sender finds no contact service here: they stay pending or fail)."""
    world = World()
    events: list[tuple[EventModel, str]] = [
        (example_event(PathAssignedV2, conseiller_id=str(uuid.uuid4()), region=region), region)
        for region in (NAQ, IDF)
    ]
    _publish(kafka, prefix, events)

    def both() -> bool:
        answer = client.get("/notifications", headers=NATIONAL)
        return answer.status_code == 200 and len(answer.json()["items"]) == 2

    eventually(both)
    for item in client.get("/notifications", headers=NATIONAL).json()["items"]:
        world.add(Resource({"notification_id": item["notification_id"]}, item["region"], {}))
    return world


WORLDS: dict[str, Callable[[httpx.Client, str, str], World]] = {
    "enrolment": enrolment_world,
    "positioning": positioning_world,
    "certification": certification_world,
    "modules": modules_world,
    "national": national_world,
    "notifier": notifier_world,
}
