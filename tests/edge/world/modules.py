"""The worlds of the modules service (La Mednum's national instance and the hubs') and of
the national view."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
from conum_contracts.base import EventModel
from conum_contracts.certification import Ccp1ConvenedV2
from conum_contracts.modules import RegistrationAcceptedV2, SessionDay, SessionScheduledV2
from conum_modules.testing import CATALOGUE
from conum_runtime.testing.conseillers import path_assigned

from .common import (
    CERTIFIER,
    HUBS,
    IDF,
    NAQ,
    NATIONAL,
    ORGANISATION,
    STRUCTURES,
    Resource,
    World,
    enrolled,
    eventually,
    parties,
    publish,
)


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
            (enrolled(conseiller_id, STRUCTURES[region], region), region),
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
    publish(kafka, prefix, events)
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
            (enrolled(conseiller_id, STRUCTURES[region], region), region),
            (
                path_assigned(
                    conseiller_id,
                    region=region,
                    assigned_on=date(2026, 3, 12),
                    enrolment_id=None,
                ),
                region,
            ),
        ]
    publish(kafka, prefix, events)
    for region, conseiller_id in conseillers.items():
        url = f"/national/conseillers/{conseiller_id}"

        def positioned(url: str = url) -> bool:
            answer = client.get(url, headers=NATIONAL)
            return answer.status_code == 200 and answer.json()["step"] == "positioned"

        eventually(positioned)
        world.add(Resource({"conseiller_id": conseiller_id}, region, {}))
        world.add(Resource({"region": region}, region, {}))
    return world
