"""The HTTP API over a real broker: sovereignty, inquiries, region scoping, bad input."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from conum_contracts.decoding import decode_event
from conum_contracts.positioning import PathAssignedV2, TestCompletedV1, TestScheduledV1
from conum_positioning.app import create_app
from conum_positioning.testing import OUTPUT, enrolled, new_id, withdrawn
from conum_runtime.auth import digest
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.events import envelope_for as envelope_of
from conum_runtime.testing.harness import bearer, eventually, read_topic, running
from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from .conftest import Send

pytestmark = pytest.mark.kafka

DAY = date(2026, 3, 12)
NOTE = "Très à l'aise à l'oral, note-secrète-42"
STRUCTURE_ID = "0b7e4c2d-9a1f-4e3b-8c5d-6f7a8b9c0d1e"  # the example enrolment's structure
TOKENS = json.dumps(
    [
        {"sha256": digest(token), "role": role, "region": region, "actor_id": actor_id}
        for token, role, region, actor_id in [
            ("org-naq", "training_organisation", "FR-NAQ", ""),
            ("org-occ", "training_organisation", "FR-OCC", ""),
            ("org-national", "training_organisation", "national", ""),
            ("pop-school", "training_organisation", "FR-NAQ", "pop-school"),
            ("structure-naq", "host_structure", "FR-NAQ", ""),
            ("other-structure", "host_structure", "FR-NAQ", "11111111-2222-4333-8444-555555555555"),
            ("hub-naq", "regional_hub", "FR-NAQ", ""),
            ("coordinator", "national_coordinator", "national", ""),
        ]
    ]
)


def settings(database_url: str, bootstrap: str, prefix: str, region: str = "national") -> Any:
    return ServiceSettings(
        database_url=database_url,
        kafka_bootstrap_servers=bootstrap,
        topic_prefix=prefix,
        tokens=TOKENS,
        relay_poll_interval=0.05,
        region=region,
    )


@pytest.fixture
def spans() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def app(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str, spans: InMemorySpanExporter
) -> FastAPI:
    return create_app(
        settings(sqlite_url, kafka_bootstrap, topic_prefix),
        span_processors=(SimpleSpanProcessor(spans),),
        clock=lambda: DAY,
    )


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with running(app) as client:
        yield client


async def enrol(client: httpx.AsyncClient, send: Send, conseiller_id: str, **fields: Any) -> None:
    event = enrolled(conseiller_id, **fields)
    await send(event, envelope_of(event, event.region))
    await known(client, conseiller_id)


async def known(client: httpx.AsyncClient, conseiller_id: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        answer = await client.get(f"/positionings/{conseiller_id}", headers=bearer("coordinator"))
        return answer.json() if answer.status_code == 200 else None

    return await eventually(probe)


def result_body(digital: int = 72, support: int = 70) -> dict[str, Any]:
    return {"digital_score": digital, "support_score": support, "interview_note": NOTE}


async def test_the_result_is_sovereign_over_http(
    client: httpx.AsyncClient,
    send: Send,
    kafka_bootstrap: str,
    topic_prefix: str,
    spans: InMemorySpanExporter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)  # the level the service runs at
    conseiller_id = new_id()
    url = f"/positionings/{conseiller_id}"
    await enrol(client, send, conseiller_id)

    refused = await client.post(
        f"{url}/result", json=result_body(), headers=bearer("structure-naq")
    )
    assert refused.status_code == 403  # a structure cannot record (nor change) a result
    first = await client.post(f"{url}/result", json=result_body(), headers=bearer("org-naq"))
    assert first.status_code == 201, first.text
    assert (first.json()["path_hours"], first.json()["weeks"]) == (70, 5)

    second = await client.post(f"{url}/result", json=result_body(10, 10), headers=bearer("org-naq"))
    assert (second.status_code, second.json()["code"]) == (409, "result_already_recorded")

    asked = await client.post(
        f"{url}/inquiries",
        json={"opened_by": "learner", "question": "Why only 70 h?"},
        headers=bearer("structure-naq"),
    )
    assert asked.status_code == 201, asked.text
    inquiry_id = asked.json()["inquiry_id"]
    answer_url = f"{url}/inquiries/{inquiry_id}/answer"
    by_structure = await client.post(
        answer_url, json={"answer": "x"}, headers=bearer("structure-naq")
    )
    assert by_structure.status_code == 403
    answered = await client.post(
        answer_url, json={"answer": "Both scores reached 70."}, headers=bearer("org-naq")
    )
    assert answered.status_code == 200 and answered.json()["answered_on"] == DAY.isoformat()
    again = await client.post(answer_url, json={"answer": "again"}, headers=bearer("org-naq"))
    assert (again.status_code, again.json()["code"]) == (409, "inquiry_already_answered")
    after_inquiry = (await client.get(url, headers=bearer("structure-naq"))).json()
    assert after_inquiry["result"]["result_id"] == first.json()["result_id"]  # the result stands

    no_reason = await client.post(
        f"{url}/reopenings", json={"reason": ""}, headers=bearer("org-naq")
    )
    assert no_reason.status_code == 422
    blank = await client.post(f"{url}/reopenings", json={"reason": "  "}, headers=bearer("org-naq"))
    assert (blank.status_code, blank.json()["code"]) == (422, "invalid_request")
    by_structure = await client.post(
        f"{url}/reopenings", json={"reason": "we disagree"}, headers=bearer("structure-naq")
    )
    assert by_structure.status_code == 403
    reopened = await client.post(
        f"{url}/reopenings", json={"reason": "scores entered swapped"}, headers=bearer("org-naq")
    )
    assert reopened.status_code == 201 and reopened.json()["state"] == "reopened"
    redone = await client.post(f"{url}/result", json=result_body(45, 45), headers=bearer("org-naq"))
    assert redone.status_code == 201 and redone.json()["path_hours"] == 175

    history = (await client.get(f"{url}/history", headers=bearer("org-naq"))).json()
    assert [act["kind"] for act in history] == [
        "scheduled",
        "result_recorded",
        "inquiry_opened",
        "inquiry_answered",
        "reopened",
        "result_recorded",
    ]
    assert "scores entered swapped" in history[4]["detail"]
    shown = (await client.get(url, headers=bearer("org-naq"))).json()
    assert [(r["path_hours"], r["current"]) for r in shown["results"]] == [(70, False), (175, True)]

    records = await read_topic(
        kafka_bootstrap, topic_prefix + OUTPUT, until=lambda found: len(found) >= 5
    )
    events = [decode_event(r.envelope.type, r.value) for r in records]
    assert [type(e) for e in events] == [
        TestScheduledV1,
        TestCompletedV1,
        PathAssignedV2,
        TestCompletedV1,
        PathAssignedV2,
    ]
    assigned = events[-1]
    assert isinstance(assigned, PathAssignedV2)
    assert (assigned.region, assigned.scheme, assigned.rubric_version) == ("FR-NAQ", "2024", "v1")
    assert all(r.key == conseiller_id.encode() for r in records)

    for span in spans.get_finished_spans():
        for value in (span.attributes or {}).values():
            assert "note-secrète-42" not in str(value)
    assert all("note-secrète-42" not in record.getMessage() for record in caplog.records)


async def test_another_regions_or_organisations_learner_does_not_exist_for_a_caller(
    client: httpx.AsyncClient, send: Send
) -> None:
    conseiller_id = new_id()
    url = f"/positionings/{conseiller_id}"
    await enrol(client, send, conseiller_id)
    assert (await client.get(url, headers=bearer("org-occ"))).status_code == 404
    other = await client.post(f"{url}/result", json=result_body(), headers=bearer("org-occ"))
    assert (other.status_code, other.json()["code"]) == (404, "unknown_positioning")
    not_theirs = await client.post(
        f"{url}/result", json=result_body(), headers=bearer("pop-school")
    )
    assert (not_theirs.status_code, not_theirs.json()["code"]) == (404, "unknown_positioning")
    assert (await client.get(url, headers=bearer("other-structure"))).status_code == 404
    national = await client.post(
        f"{url}/result", json=result_body(), headers=bearer("org-national")
    )
    assert national.status_code == 201
    shown = (await client.get(url, headers=bearer("structure-naq"))).json()
    assert shown["structure_id"] == STRUCTURE_ID and shown["state"] == "completed"


async def test_bad_requests_get_a_reason_and_change_nothing(
    client: httpx.AsyncClient, send: Send
) -> None:
    conseiller_id = new_id()
    url = f"/positionings/{conseiller_id}"
    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, headers=bearer("nobody"))).status_code == 401
    missing = await client.post(f"{url}/result", json=result_body(), headers=bearer("org-naq"))
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_positioning")
    await enrol(client, send, conseiller_id)
    for body in (
        result_body(101, 50),
        result_body(50, -1),
        {"digital_score": 50, "support_score": 50},
        {**result_body(), "path_hours": 70},
        {**result_body(), "interview_note": ""},
    ):
        answer = await client.post(f"{url}/result", json=body, headers=bearer("org-naq"))
        assert answer.status_code == 422, body
    blank = await client.post(
        f"{url}/result", json={**result_body(), "interview_note": "   "}, headers=bearer("org-naq")
    )
    assert (blank.status_code, blank.json()["code"]) == (422, "invalid_request")
    early = await client.post(
        f"{url}/inquiries",
        json={"opened_by": "structure", "question": "?"},
        headers=bearer("structure-naq"),
    )
    assert (early.status_code, early.json()["code"]) == (409, "no_result_to_question")
    wrong_source = await client.post(
        f"{url}/inquiries",
        json={"opened_by": "mayor", "question": "?"},
        headers=bearer("structure-naq"),
    )
    assert wrong_source.status_code == 422
    unknown = await client.post(
        f"{url}/inquiries/{new_id()}/answer", json={"answer": "a"}, headers=bearer("org-naq")
    )
    assert unknown.status_code == 404
    shown = (await client.get(url, headers=bearer("org-naq"))).json()
    assert shown["state"] == "scheduled" and shown["results"] == [] and shown["inquiries"] == []


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
