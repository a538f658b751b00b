"""The worlds of the services a conseiller's journey goes through: enrolment, positioning,
certification."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import httpx
from conum_contracts.base import EventModel
from conum_contracts.enrolment import TrainingStartedV1
from conum_enrolment.testing import valid_siret
from conum_runtime.testing.conseillers import path_assigned

from .common import (
    CERTIFIER,
    DEPARTMENT,
    IDF,
    NAQ,
    NATIONAL,
    ORGANISATION,
    STRUCTURES,
    Resource,
    World,
    enrolled,
    eventually,
    expect,
    parties,
    publish,
)


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


def positioning_world(client: httpx.Client, kafka: str, prefix: str) -> World:
    world = World()
    conseillers = {region: str(uuid.uuid4()) for region in (NAQ, IDF)}
    structures = STRUCTURES
    publish(
        kafka,
        prefix,
        [(enrolled(conseillers[r], structures[r], r), r) for r in (NAQ, IDF)],
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
            (enrolled(conseiller_id, structures[region], region), region),
            (
                path_assigned(
                    conseiller_id,
                    region=region,
                    path_hours=70,
                    assigned_on=starts_on - timedelta(days=7),
                    enrolment_id=None,
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
    publish(kafka, prefix, events)
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
