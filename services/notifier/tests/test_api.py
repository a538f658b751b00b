"""The notifier over a real broker: an event published on Kafka becomes an e-mail, and the
operators' view tells what went, without personal data; the sender's figures are scraped."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from conum_contracts.certification import Ccp1ConvenedV2
from conum_contracts.positioning import PathAssignedV2
from conum_notifier.app import create_app
from conum_notifier.handlers.commands import Contact
from conum_notifier.settings import NotifierSettings
from conum_notifier.testing import KeptMail, StaticContacts
from conum_runtime.testing.events import envelope_for, example_event, publish_events
from conum_runtime.testing.harness import bearer, eventually, running, tokens_json
from conum_runtime.testing.services import service_settings

pytestmark = pytest.mark.kafka

TOKENS = tokens_json(
    ("operator", "operator", "national"),
    ("operator-naq", "operator", "FR-NAQ"),
    ("structure", "host_structure", "FR-NAQ"),
)
PERSON = Contact("Honorine", "Tavernier-Loubet", "honorine.tavernier@example.org")


async def test_an_event_on_kafka_is_sent_and_shown_to_operators_without_the_person(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    conseiller, elsewhere = str(uuid.uuid4()), str(uuid.uuid4())
    mail = KeptMail()
    app = create_app(
        service_settings(
            f"sqlite+aiosqlite:///{tmp_path}/notifier.db", kafka_bootstrap, topic_prefix, TOKENS
        ),
        notifier=NotifierSettings(poll_interval=0.05),
        contacts=StaticContacts({conseiller: PERSON}),
        mailer=mail,
    )
    exam_on = date.today() + timedelta(days=30)
    convened = example_event(
        Ccp1ConvenedV2, conseiller_id=conseiller, region="FR-NAQ", exam_on=exam_on
    )
    path = example_event(PathAssignedV2, conseiller_id=elsewhere, region="FR-IDF")
    events = [(convened, envelope_for(convened, "FR-NAQ")), (path, envelope_for(path, "FR-IDF"))]
    async with running(app) as client:
        await publish_events(kafka_bootstrap, topic_prefix, events)

        async def closed() -> bool:
            answer = await client.get("/notifications/summary", headers=bearer("operator"))
            counts = {(c["kind"], c["status"]): c["count"] for c in answer.json()}
            return counts == {("ccp1_convocation", "sent"): 1, ("path_assigned", "failed"): 1}

        await eventually(closed)
        listed = await client.get("/notifications", headers=bearer("operator"))
        regional = await client.get("/notifications", headers=bearer("operator-naq"))
        pending = await client.get(
            "/notifications", params={"status": "pending"}, headers=bearer("operator")
        )
        refused = await client.get("/notifications", headers=bearer("structure"))
        metrics = await client.get("/metrics")

    items = listed.json()["items"]
    assert len(items) == 2 and listed.json()["next_cursor"] is None
    sent = next(item for item in items if item["kind"] == "ccp1_convocation")
    assert sent["status"] == "sent" and sent["attempts"] == 1
    assert sent["event_id"] == events[0][1].id and sent["days"] == [convened.exam_on.isoformat()]
    failed = next(item for item in items if item["kind"] == "path_assigned")
    assert (failed["status"], failed["reason"]) == ("failed", "unknown_conseiller")
    assert [item["region"] for item in regional.json()["items"]] == ["FR-NAQ"]
    assert pending.json()["items"] == []
    assert (refused.status_code, refused.json()["code"]) == (403, "role_not_allowed")
    for answer in (listed, regional):
        assert "Honorine" not in answer.text and "honorine" not in answer.text
    [message] = mail.sent
    assert message["Message-ID"] == f"<{sent['notification_id']}@conum.localhost>"
    assert 'conum_notifications_total{kind="ccp1_convocation",status="sent"} 1.0' in metrics.text


async def test_one_notification_by_id_and_another_regions_does_not_exist(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    conseiller = str(uuid.uuid4())
    app = create_app(
        service_settings(
            f"sqlite+aiosqlite:///{tmp_path}/notifier.db", kafka_bootstrap, topic_prefix, TOKENS
        ),
        notifier=NotifierSettings(sender_enabled=False),
        contacts=StaticContacts(),
        mailer=KeptMail(),
    )
    event = example_event(PathAssignedV2, conseiller_id=conseiller, region="FR-IDF")
    async with running(app) as client:
        await publish_events(
            kafka_bootstrap, topic_prefix, [(event, envelope_for(event, "FR-IDF"))]
        )

        async def listed() -> list[dict[str, object]]:
            answer = await client.get("/notifications", headers=bearer("operator"))
            items: list[dict[str, object]] = answer.json()["items"]
            return items

        [item] = await eventually(listed)
        url = f"/notifications/{item['notification_id']}"
        one = await client.get(url, headers=bearer("operator"))
        hidden = await client.get(url, headers=bearer("operator-naq"))
        missing = await client.get(f"/notifications/{uuid.uuid4()}", headers=bearer("operator"))
    assert one.status_code == 200 and one.json()["status"] == "pending"  # the sender is paused
    assert (hidden.status_code, hidden.json()["code"]) == (404, "unknown_notification")
    assert missing.status_code == 404
