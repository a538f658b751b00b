"""The notifier's world: notifications of two regions, as the notifier keeps them."""

from __future__ import annotations

import uuid

import httpx
from conum_contracts.base import EventModel
from conum_contracts.positioning import PathAssignedV2
from conum_runtime.testing.events import example_event

from .common import IDF, NAQ, NATIONAL, Resource, World, eventually, publish


def notifier_world(client: httpx.Client, kafka: str, prefix: str) -> World:
    """A notification in FR-NAQ and one in FR-IDF (paths assigned), as the notifier keeps
    them (its sender finds no contact service here: they stay pending or fail)."""
    world = World()
    events: list[tuple[EventModel, str]] = [
        (example_event(PathAssignedV2, conseiller_id=str(uuid.uuid4()), region=region), region)
        for region in (NAQ, IDF)
    ]
    publish(kafka, prefix, events)

    def both() -> bool:
        answer = client.get("/notifications", headers=NATIONAL)
        return answer.status_code == 200 and len(answer.json()["items"]) == 2

    eventually(both)
    for item in client.get("/notifications", headers=NATIONAL).json()["items"]:
        world.add(Resource({"notification_id": item["notification_id"]}, item["region"], {}))
    return world
