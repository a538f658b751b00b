"""The conseillers' training facts in key order for reconciliation (decision 0036): pages in
the order of conseiller ids, for national coordinators and operators only."""

from __future__ import annotations

from pathlib import Path

import pytest
from conum_certification import testing as kit
from conum_certification.app import create_app
from conum_runtime.testing.events import envelope_for, publish_events
from conum_runtime.testing.harness import bearer, eventually, running, tokens_json
from conum_runtime.testing.services import service_settings

pytestmark = pytest.mark.kafka

LISTING = "/reconciliation/conseillers"
TOKENS = tokens_json(
    ("coordinator", "national_coordinator", "national"),
    ("coordinator-naq", "national_coordinator", "FR-NAQ"),
    ("operator", "operator", "national"),
    ("certifier", "certifier", "national"),
    ("structure", "host_structure", "FR-NAQ"),
)


async def test_training_facts_are_listed_in_key_order(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    training, withdrawn, elsewhere, partial = sorted(kit.new_id() for _ in range(4))
    events = [
        (kit.enrolled(training), "FR-NAQ"),
        (kit.path_assigned(training), "FR-NAQ"),
        (kit.training_started(training), "FR-NAQ"),
        (kit.enrolled(withdrawn), "FR-NAQ"),
        (kit.withdrawn(withdrawn), "FR-NAQ"),
        (kit.enrolled(elsewhere, region="FR-OCC", department="31"), "FR-OCC"),
        (kit.path_assigned(partial), "FR-NAQ"),  # its enrolment has not arrived
    ]
    await publish_events(
        kafka_bootstrap, topic_prefix, [(e, envelope_for(e, region)) for e, region in events]
    )
    settings = service_settings(
        f"sqlite+aiosqlite:///{tmp_path}/certification.db", kafka_bootstrap, topic_prefix, TOKENS
    )
    async with running(create_app(settings)) as client:

        async def every_one() -> list[dict[str, object]] | None:
            answer = await client.get(LISTING, headers=bearer("operator"))
            items: list[dict[str, object]] = answer.json()["items"]
            ready = len(items) == 4 and items[0]["training"] == "in_training"
            return items if ready else None

        items = await eventually(every_one)
        first = await client.get(LISTING, params={"limit": 2}, headers=bearer("coordinator"))
        rest = await client.get(
            LISTING, params={"cursor": first.json()["next_cursor"]}, headers=bearer("coordinator")
        )
        regional = await client.get(LISTING, headers=bearer("coordinator-naq"))
        refused = [
            (await client.get(LISTING, headers=bearer(token))).status_code
            for token in ("certifier", "structure")
        ]

    assert [item["conseiller_id"] for item in items] == [training, withdrawn, elsewhere, partial]
    assert first.json()["items"] + rest.json()["items"] == items
    assert [(item["training"], item["path_hours"]) for item in items] == [
        ("in_training", 175),
        ("withdrawn", None),
        ("enrolled", None),
        ("awaiting_enrolment", 175),
    ]
    assert items[0]["training_starts_on"] == kit.TRAINING_START.isoformat()
    assert [item["conseiller_id"] for item in regional.json()["items"]] == [
        training,
        withdrawn,
        partial,
    ]
    assert refused == [403, 403]
