"""The HTTP API over a real broker: sovereignty, inquiries, region scoping, bad input."""

from __future__ import annotations

import logging
from datetime import date

import httpx
import pytest
from conum_contracts.decoding import decode_event
from conum_contracts.positioning import PathAssignedV2, TestCompletedV1, TestScheduledV1
from conum_positioning.testing import OUTPUT, new_id
from conum_runtime.testing.harness import bearer, read_topic
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from .conftest import STRUCTURE_ID, Send, enrol, result_body

pytestmark = pytest.mark.kafka


DAY = date(2026, 3, 12)


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
