"""Each conseiller's current journey in key order for reconciliation (decision 0036): pages in
the order of conseiller ids, each what ``GET /national/conseillers/{id}`` says of it, for
national coordinators and operators only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conum_national.app import create_app
from conum_national.testing import scripted_plans, scripted_stream
from conum_runtime.testing.events import publish_events
from conum_runtime.testing.harness import eventually, running

from .test_api import HUB, NATIONAL, OPERATOR, settings_for

pytestmark = pytest.mark.kafka

LISTING = "/reconciliation/conseillers"
PLANS = scripted_plans(24, seed=11)
COMPARED = ("region", "step", "enrolment_id", "structure_id", "enrolled_on", "withdrawn_on")


async def test_current_journeys_are_listed_in_key_order_as_the_view_holds_them(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    await publish_events(kafka_bootstrap, topic_prefix, scripted_stream(PLANS))
    expected = sorted({plan.conseiller_id for plan in PLANS})
    settings = settings_for(
        f"sqlite+aiosqlite:///{tmp_path}/national.db", kafka_bootstrap, topic_prefix
    )
    async with running(create_app(settings)) as client:

        async def every_page() -> list[dict[str, Any]] | None:
            items: list[dict[str, Any]] = []
            params: dict[str, Any] = {"limit": 7}
            while True:
                answer = await client.get(LISTING, params=params, headers=OPERATOR)
                assert answer.status_code == 200, answer.text
                items += answer.json()["items"]
                if answer.json()["next_cursor"] is None:
                    break
                params["cursor"] = answer.json()["next_cursor"]
            return items if [item["conseiller_id"] for item in items] == expected else None

        items = await eventually(every_page, timeout=90)
        views = {
            cid: (await client.get(f"/national/conseillers/{cid}", headers=NATIONAL)).json()
            for cid in expected
        }
        refused = (await client.get(LISTING, headers=HUB)).status_code

    for item in items:
        view = views[item["conseiller_id"]]
        assert {name: item[name] for name in COMPARED} == {name: view[name] for name in COMPARED}
    assert {item["step"] for item in items} > {"withdrawn"}  # a mix of steps
    assert refused == 403
