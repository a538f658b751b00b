"""A CCP1 convocation becomes exactly one e-mail, with a valid iCalendar event, in the local
SMTP server (read through its API), also after the notifier is killed and its group's offsets
are set back to the start of every topic it reads (every event delivered again); an erased
person gets no e-mail; no name nor address reaches the notifier's log or store.

The journey of ``deploy/local/journey.py`` runs on the enrolment (served over HTTP, as the
notifier reads contacts from it), positioning and certification services over the secured
broker; the notifier runs as a process of its own, SIGKILLed twice.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from conum_certification.app import create_app as create_certification
from conum_devtools.mailbox import Mailbox
from conum_devtools.network.tokens import NOTIFIER, structure_token
from conum_devtools.network.wave import luhn_siret
from conum_devtools.processes import free_port
from conum_enrolment.app import create_app as create_enrolment
from conum_notifier.app import SERVICE
from conum_notifier.domain import day_in_words
from conum_operations.reconciliation import KafkaProbe
from conum_positioning.app import create_app as create_positioning
from conum_runtime.broker_access import consumed_topics
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import bearer, harness_connection, running
from conum_runtime.testing.served import served
from conum_runtime.testing.services import service_settings
from icalendar import Calendar

from .test_full_journey import load_journey

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
TOKENS_FILE = ROOT / "deploy/local/tokens.json"
ERASED = {
    "first_name": "Eulalie",
    "last_name": "Brossard-Kerhoas",
    "email": "eulalie.b@example.org",
}
CONVOCATION = "Convocation à l'épreuve du CCP1 le "


def count(database: Path, query: str) -> int:
    try:
        with sqlite3.connect(database, timeout=1) as connection:
            return int(connection.execute(query).fetchone()[0])
    except sqlite3.OperationalError:  # not migrated yet, or busy a moment
        return 0


async def until(
    what: str, probe: Any, process: subprocess.Popen[bytes], timeout: float = 120
) -> None:
    deadline = time.monotonic() + timeout
    while not await probe():
        assert process.poll() is None, f"the notifier exited while waiting for {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.2)


class Notifier:
    """The notifier as a process of its own, started again and again on one store."""

    def __init__(self, tmp_path: Path, environment: dict[str, str]) -> None:
        self.database = tmp_path / "notifier.db"
        self.log = tmp_path / "notifier.log"
        self.environment = environment | {
            "CONUM_DATABASE_URL": f"sqlite+aiosqlite:///{self.database}"
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, smtp_port: int) -> subprocess.Popen[bytes]:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "conum_notifier"],
                env=os.environ | self.environment | {"CONUM_NOTIFIER_SMTP_PORT": str(smtp_port)},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        return self.process

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(timeout=30) == -signal.SIGKILL

    def rows(self, where: str) -> int:
        return count(self.database, f"SELECT count(*) FROM notifications WHERE {where}")


async def replay_from_the_start(bootstrap: str, group: str, topics: list[str]) -> None:
    """Set the group's offsets back to 0 on every partition: each event is delivered again.
    Joins the group as its only member (the killed one's session expires first)."""
    consumer = AIOKafkaConsumer(
        *topics,
        **harness_connection(bootstrap).options(),
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        wanted = sum(len(consumer.partitions_for_topic(t) or ()) for t in topics)
        while len(consumer.assignment()) < wanted or wanted == 0:
            await consumer.getmany(timeout_ms=500)
            wanted = sum(len(consumer.partitions_for_topic(t) or ()) for t in topics)
        await consumer.commit(dict.fromkeys(consumer.assignment(), 0))
    finally:
        await consumer.stop()


async def enrol_and_erase(enrolment: httpx.AsyncClient) -> str:
    token = bearer(structure_token("FR-NAQ"))
    structure = await enrolment.post(
        "/structures",
        headers=token,
        json={
            "siret": luhn_siret("4410928371234"),
            "name": "Mairie",
            "kind": "collectivite",
            "department": "33",
        },
    )
    assert structure.status_code == 201, structure.text
    enrolled = await enrolment.post(
        "/enrolments",
        headers=token,
        json={
            "structure_id": structure.json()["structure_id"],
            "scheme": "2024",
            "employment": "recruited",
            "person": ERASED,
        },
    )
    assert enrolled.status_code == 201, enrolled.text
    conseiller = str(enrolled.json()["conseiller_id"])
    erased = await enrolment.post(
        f"/enrolments/{conseiller}/erasure", headers=token, json={"reason": "person_request"}
    )
    assert erased.status_code == 201, erased.text
    return conseiller


async def received(mailbox: Mailbox) -> list[dict[str, Any]]:
    """The messages the mailbox received, read through its API."""
    async with httpx.AsyncClient(base_url=mailbox.url) as client:
        messages: list[dict[str, Any]] = (await client.get("/api/messages")).json()["messages"]
    return messages


async def first_attachment(mailbox: Mailbox, message_id: str) -> bytes:
    async with httpx.AsyncClient(base_url=mailbox.url) as client:
        return (await client.get(f"/api/messages/{message_id}/attachments/0")).content


async def duplicates_absorbed(notifier: Notifier) -> float:
    """Events the running notifier received again and its inbox absorbed (its metrics)."""
    port = notifier.environment["CONUM_HTTP_PORT"]
    async with httpx.AsyncClient() as client:
        metrics = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("conum_events_handled_total{") and 'outcome="duplicate"' in line
    )


def written_by(notifier: Notifier) -> tuple[str, bytes]:
    """The notifier's log, and every byte of its store."""
    stored = b"".join(path.read_bytes() for path in notifier.database.parent.glob("notifier.db*"))
    return notifier.log.read_text(), stored


async def test_a_convocation_is_one_email_with_its_calendar_event_after_crashes_and_replays(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    tokens = TOKENS_FILE.read_text()

    def settings(name: str) -> ServiceSettings:
        url = f"sqlite+aiosqlite:///{tmp_path}/{name}.db"
        return service_settings(url, kafka_bootstrap, topic_prefix, tokens)

    consumed = consumed_topics(SERVICE.consumed)
    topics = [topic_prefix + topic for topic in consumed]
    group = f"{topic_prefix}conum-notifier-national"
    steps: list[str] = []
    with (
        served(create_enrolment(settings("enrolment"))) as enrolment_url,
        Mailbox(tmp_path / "mailbox") as mailbox,
    ):
        async with (
            httpx.AsyncClient(base_url=enrolment_url, timeout=10) as enrolment,
            running(create_positioning(settings("positioning"))) as positioning,
            running(create_certification(settings("certification"))) as certification,
        ):
            erased = await enrol_and_erase(enrolment)
            journey = load_journey()
            await journey.run_journey(enrolment, positioning, certification, say=steps.append)
        found = re.search(r"conseiller enrolled with .*: (\S+)$", "\n".join(steps), re.M)
        assert found is not None
        conseiller = found[1]
        notifier = Notifier(
            tmp_path,
            {
                "CONUM_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
                "CONUM_TOPIC_PREFIX": topic_prefix,
                "CONUM_TOKENS_FILE": str(TOKENS_FILE),
                "CONUM_HTTP_PORT": str(free_port()),
                "CONUM_NOTIFIER_ENROLMENT_URL": enrolment_url,
                "CONUM_NOTIFIER_ENROLMENT_TOKEN": NOTIFIER,
                "CONUM_NOTIFIER_POLL_INTERVAL": "0.1",
            },
        )
        convocation = "kind = 'ccp1_convocation'"

        # 1. The SMTP server does not answer: the convocation is consumed, tried, left pending.
        process = notifier.start(smtp_port=free_port())
        tried = f"{convocation} AND attempts >= 1 AND status = 'pending'"
        await until("a first try of the convocation", lambda: _true(notifier.rows(tried)), process)
        notifier.kill()
        assert await received(mailbox) == []

        # 2. Every event delivered again, the SMTP server answering: one e-mail each; then
        # 3. killed once all was sent, every event delivered again, restarted: nothing more.
        options = harness_connection(kafka_bootstrap).options()
        async with KafkaProbe(options, topic_prefix=topic_prefix) as probe:
            for replay in (1, 2):
                await replay_from_the_start(kafka_bootstrap, group, topics)
                process = notifier.start(smtp_port=mailbox.smtp_port)

                async def caught_up() -> bool:
                    if notifier.rows("status IN ('sent', 'skipped')") != 4:
                        return False
                    return (await probe.lag({"notifier": consumed}))["notifier"] == 0

                await until("every event applied again, every e-mail sent", caught_up, process)
                await asyncio.sleep(1)  # rounds of the sender after the replay: nothing to send
                assert await duplicates_absorbed(notifier) >= 4  # the replay did deliver again
                notifier.kill()
                messages = await received(mailbox)
                assert len(messages) == 3, (replay, [m["subject"] for m in messages])
                assert notifier.rows(convocation + " AND status = 'sent'") == 1, replay

        [message] = [m for m in messages if m["subject"].startswith(CONVOCATION)]
        calendar = Calendar.from_ical(await first_attachment(mailbox, message["id"]))

    subjects = sorted(m["subject"] for m in messages)
    assert subjects[0].startswith(CONVOCATION)
    assert subjects[1].startswith("Votre parcours de formation : ")
    assert subjects[2].startswith("Votre test de positionnement le ")
    assert re.fullmatch(r"Camille Durand <camille\.\d+@example\.org>", message["to"])
    [attachment] = message["attachments"]
    assert attachment["content_type"] == "text/calendar; method=PUBLISH; charset=utf-8"
    assert str(calendar["METHOD"]) == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Épreuve du CCP1"
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Paris"
    assert f"le {day_in_words(event.decoded('DTSTART').date())}" in message["subject"]
    assert notifier.rows(f"conseiller_id = '{erased}' AND reason = 'person_erased'") == 1
    tried_twice = f"{convocation} AND conseiller_id = '{conseiller}' AND attempts = 2"
    assert notifier.rows(tried_twice) == 1  # the failed try, then the one that went
    assert all(ERASED["email"] not in m["to"] for m in messages)

    log, stored = written_by(notifier)
    assert "trace_id=" in log and "(ccp1_convocation) sent" in log
    for trace in ("Camille", "Durand", "@example.org", "Eulalie", "Brossard"):
        assert trace not in log
        assert trace.encode() not in stored


async def _true(value: int) -> bool:
    return bool(value)
