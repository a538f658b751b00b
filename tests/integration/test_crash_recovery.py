"""A service killed (SIGKILL) after its database commit, before the relay published: the event
is delivered after the restart. Nothing is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from conum_devtools.processes import free_ports
from conum_runtime.testing.harness import bearer, read_topic, tokens_json

pytestmark = pytest.mark.kafka

TOKENS = tokens_json(("structure", "host_structure", "FR-NAQ"))


@contextmanager
def enrolment_process(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "conum_enrolment"],
            env=os.environ | env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def wait_until_serving(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"service exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base_url}/openapi.json", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"service did not serve within 60 s: {log.read_text()[-2000:]}")


def unsent_outbox_types(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT event_type FROM outbox WHERE sent_at IS NULL ORDER BY id"
        ).fetchall()
    return [row[0] for row in rows]


async def test_an_event_committed_before_a_sigkill_is_published_after_restart(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    database = tmp_path / "enrolment.db"
    (port,) = free_ports(1)
    base_url = f"http://127.0.0.1:{port}"
    env = {
        "CONUM_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "CONUM_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "CONUM_TOPIC_PREFIX": topic_prefix,
        "CONUM_TOKENS": TOKENS,
        "CONUM_HTTP_PORT": str(port),
        "CONUM_RELAY_POLL_INTERVAL": "0.05",
    }
    log = tmp_path / "enrolment.log"

    # 1. The relay is paused: the commit happens, the publication cannot.
    with enrolment_process(env | {"CONUM_RELAY_ENABLED": "false"}, log) as process:
        wait_until_serving(base_url, process, log)
        async with httpx.AsyncClient(base_url=base_url, headers=bearer("structure")) as client:
            structure = await client.post(
                "/structures",
                json={
                    "siret": "73282932000074",
                    "name": "Mairie",
                    "kind": "collectivite",
                    "department": "33",
                },
            )
            assert structure.status_code == 201, structure.text
            enrolled = await client.post(
                "/enrolments",
                json={
                    "structure_id": structure.json()["structure_id"],
                    "scheme": "2024",
                    "employment": "hiring_promise",
                    "person": {
                        "first_name": "Léa",
                        "last_name": "Martin",
                        "email": "lea.martin@example.org",
                    },
                },
            )
            assert enrolled.status_code == 201, enrolled.text
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert unsent_outbox_types(database) == [
        "fr.conum.enrolment.structure.registered.v2",
        "fr.conum.enrolment.conseiller.enrolled.v3",
    ]

    # 2. Restarted with its relay: what was committed is published.
    with enrolment_process(env, log) as process:
        wait_until_serving(base_url, process, log)
        records = await read_topic(
            kafka_bootstrap,
            topic_prefix + "conum.enrolment.conseiller",
            until=lambda found: len(found) >= 1,
        )
    assert records[0].envelope.type == "fr.conum.enrolment.conseiller.enrolled.v3"
    assert records[0].key == enrolled.json()["conseiller_id"].encode()
    assert unsent_outbox_types(database) == []
    written = log.read_text()
    assert "trace_id=" in written
    assert "lea.martin" not in written and "Martin" not in written  # no personal data in logs
