"""A poison message, a fix, a re-drive: the event is applied once, however often it is sent
back (its ``ce_id`` is in the consumer's inbox)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conum_contracts.enrolment import ConseillerEnrolledV3
from conum_positioning import app as positioning
from conum_positioning.app import create_app
from conum_positioning.testing import OUTPUT, enrolled
from conum_runtime import redrive
from conum_runtime.testing.events import envelope_for, publish_events
from conum_runtime.testing.harness import (
    bearer,
    eventually,
    harness_connection,
    read_topic,
    running,
    tokens_json,
)
from conum_runtime.testing.services import service_settings

pytestmark = pytest.mark.kafka

TOKENS = tokens_json(("coordinator", "national_coordinator", "national"))


async def test_a_dead_letter_re_driven_after_a_fix_is_applied_once(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = service_settings(
        f"sqlite+aiosqlite:///{tmp_path}/positioning.db", kafka_bootstrap, topic_prefix, TOKENS
    )
    operator = harness_connection(kafka_bootstrap)  # the dead-letter tool's clients

    async def broken(*_args: Any) -> None:
        raise RuntimeError("a bug in the handler")

    conseiller_id = str(uuid.uuid4())
    event: ConseillerEnrolledV3 = enrolled(conseiller_id)
    consumed = positioning.SERVICE.consumed.with_handler(ConseillerEnrolledV3, broken)
    monkeypatch.setattr(positioning, "SERVICE", replace(positioning.SERVICE, consumed=consumed))
    async with running(create_app(settings)):
        await publish_events(
            kafka_bootstrap, topic_prefix, [(event, envelope_for(event, "FR-NAQ"))]
        )

        async def dead_lettered() -> list[redrive.DeadLetter]:
            return await redrive.read_dead_letters(operator, "positioning", topic_prefix)

        (letter,) = await eventually(dead_lettered)
    assert letter.reason.startswith("handler failed: RuntimeError")
    assert letter.event_type == "fr.conum.enrolment.conseiller.enrolled.v3"

    monkeypatch.undo()  # the fix is deployed
    async with running(create_app(settings)) as client:
        assert await redrive.redrive(operator, "positioning", [letter], topic_prefix)

        async def scheduled() -> bool:
            answer = await client.get(
                f"/positionings/{conseiller_id}", headers=bearer("coordinator")
            )
            return answer.status_code == 200

        await eventually(scheduled)
        await redrive.redrive(operator, "positioning", [letter], topic_prefix)  # again
        listed = await redrive.read_dead_letters(operator, "positioning", topic_prefix)
        assert [(d.id, d.redriven) for d in listed] == [(letter.id, True)]

        async def duplicate_seen() -> bool:
            status = await client.get("/operations/status", headers=bearer("coordinator"))
            return status.json()["consumed"].get("duplicate", 0) >= 1

        await eventually(duplicate_seen)
    published = await read_topic(
        kafka_bootstrap, topic_prefix + OUTPUT, until=lambda records: len(records) >= 1
    )
    assert [r.envelope.subject for r in published] == [conseiller_id]  # test.scheduled, once
