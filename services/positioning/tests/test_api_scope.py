"""Over HTTP and the real broker: enrolment events redelivered or out of order, the distribution of
paths scoped to the caller, a regional instance refusing other regions' writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
from conum_positioning.app import create_app
from conum_positioning.testing import OUTPUT, enrolled, new_id, withdrawn
from conum_runtime.testing.events import envelope_for as envelope_of
from conum_runtime.testing.harness import bearer, eventually, read_topic, running
from fastapi import FastAPI

from .conftest import Send, enrol, known, result_body, settings


async def test_redelivered_and_out_of_order_enrolment_events(
    client: httpx.AsyncClient, send: Send, app: FastAPI, kafka_bootstrap: str, topic_prefix: str
) -> None:
    twice = new_id()
    event = enrolled(twice)
    envelope = envelope_of(event, "FR-NAQ")
    await send(event, envelope)
    await send(event, envelope)  # the same record again: a producer retry or a replay
    await send(event, envelope_of(event, "FR-NAQ"))  # the same enrolment under another ce_id
    late = new_id()
    await send(withdrawn(late, date(2026, 3, 10)), envelope_of(withdrawn(late), "FR-NAQ"))
    await send(
        *(lambda e: (e, envelope_of(e, "FR-NAQ")))(enrolled(late, enrolled_on=date(2026, 3, 2)))
    )
    closed = await known(client, late)
    assert closed["state"] == "closed" and closed["closed_on"] == "2026-03-10"
    assert [a["kind"] for a in closed["history"]] == ["scheduled", "closed"]
    refused = await client.post(
        f"/positionings/{late}/result", json=result_body(), headers=bearer("org-naq")
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "positioning_closed")

    async def all_handled() -> bool:
        handled: int = sum(app.state.host.outcomes.values())
        return handled >= 5

    await eventually(all_handled)
    assert (await known(client, twice))["history"][0]["kind"] == "scheduled"
    records = await read_topic(
        kafka_bootstrap, topic_prefix + OUTPUT, until=lambda found: len(found) >= 1
    )
    assert [r.key for r in records] == [twice.encode()]  # one test scheduled, none when closed


async def test_the_distribution_of_paths_is_scoped_to_the_caller(
    client: httpx.AsyncClient, send: Send
) -> None:
    for region, department, scores in (("FR-NAQ", "40", (80, 80)), ("FR-OCC", "31", (20, 20))):
        conseiller_id = new_id()
        await enrol(client, send, conseiller_id, region=region, department=department)
        recorded = await client.post(
            f"/positionings/{conseiller_id}/result",
            json=result_body(*scores),
            headers=bearer("org-national"),
        )
        assert recorded.status_code == 201
    url = "/distributions/paths"
    national = (await client.get(url, headers=bearer("coordinator"))).json()["paths"]
    assert [(p["region"], p["scheme"], p["path_hours"], p["count"]) for p in national] == [
        ("FR-NAQ", "2024", 70, 1),
        ("FR-OCC", "2024", 315, 1),
    ]
    regional = (await client.get(url, headers=bearer("hub-naq"))).json()["paths"]
    assert [p["region"] for p in regional] == ["FR-NAQ"]
    other = await client.get(url, params={"region": "FR-OCC"}, headers=bearer("hub-naq"))
    assert other.status_code == 403
    only_2021 = await client.get(url, params={"scheme": "2021"}, headers=bearer("coordinator"))
    assert only_2021.json()["paths"] == []
    assert (await client.get(url, headers=bearer("structure-naq"))).status_code == 403


async def test_a_regional_instance_refuses_writes_for_other_regions(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    from conum_positioning.handlers import events as handlers

    app = create_app(settings(database_url, kafka_bootstrap, topic_prefix, region="FR-NAQ"))
    foreign = new_id()
    async with running(app) as client:
        event = enrolled(foreign, region="FR-OCC", department="31")
        async with app.state.new_uow() as uow:  # as if it had been stored before
            await handlers.on_conseiller_enrolled(event, envelope_of(event, "FR-OCC"), uow)
            await uow.commit()
        answer = await client.post(
            f"/positionings/{foreign}/result", json=result_body(), headers=bearer("org-national")
        )
        assert (answer.status_code, answer.json()["code"]) == (404, "unknown_positioning")
        shown = await client.get(f"/positionings/{foreign}", headers=bearer("coordinator"))
        assert shown.status_code == 404
