"""The positionings in key order for reconciliation (decision 0036): pages in the order of
conseiller ids, each with the path last assigned in its current round, for national
coordinators and operators only."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from conum_positioning.testing import enrolled, new_id
from conum_runtime.testing.events import envelope_for
from conum_runtime.testing.harness import bearer, eventually

from .conftest import Send, enrol, known, result_body

pytestmark = pytest.mark.kafka

LISTING = "/reconciliation/conseillers"


async def test_positionings_are_listed_in_key_order_with_the_path_of_their_round(
    client: httpx.AsyncClient, send: Send
) -> None:
    reopened, positioned, again, elsewhere = sorted(new_id() for _ in range(4))
    for conseiller_id in (reopened, positioned, again):
        await enrol(client, send, conseiller_id)
    await enrol(client, send, elsewhere, region="FR-OCC", department="31")
    for conseiller_id in (reopened, positioned, again):
        answer = await client.post(
            f"/positionings/{conseiller_id}/result", json=result_body(), headers=bearer("org-naq")
        )
        assert answer.status_code == 201, answer.text
    answer = await client.post(
        f"/positionings/{reopened}/reopenings",
        json={"reason": "scores swapped"},
        headers=bearer("org-naq"),
    )
    assert answer.status_code == 201, answer.text
    event = enrolled(again, enrolled_on=date(2026, 3, 20), enrolment_id=new_id())  # a new round
    await send(event, envelope_for(event, event.region))

    async def new_round() -> bool | None:
        return (await known(client, again))["enrolment_id"] == event.enrolment_id or None

    await eventually(new_round)

    first = await client.get(LISTING, params={"limit": 3}, headers=bearer("coordinator"))
    assert first.status_code == 200, first.text
    rest = await client.get(
        LISTING, params={"cursor": first.json()["next_cursor"]}, headers=bearer("coordinator")
    )
    bounded = await client.get(LISTING, params={"until": positioned}, headers=bearer("coordinator"))
    refused = [
        (await client.get(LISTING, headers=bearer(token))).status_code
        for token in ("org-naq", "hub-naq", "structure-naq")
    ]

    items = first.json()["items"] + rest.json()["items"]
    assert [item["conseiller_id"] for item in items] == [reopened, positioned, again, elsewhere]
    held = {item["conseiller_id"]: (item["state"], item["assigned_path_hours"]) for item in items}
    assert held == {
        reopened: ("reopened", 70),  # while reopened, the reopened result's path
        positioned: ("completed", 70),
        again: ("scheduled", None),  # a new round: the earlier round's path is not this one's
        elsewhere: ("scheduled", None),
    }
    assert items[2]["enrolment_id"] == event.enrolment_id and items[3]["region"] == "FR-OCC"
    assert rest.json()["next_cursor"] is None
    assert [item["conseiller_id"] for item in bounded.json()["items"]] == [reopened, positioned]
    assert refused == [403, 403, 403]
