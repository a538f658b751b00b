"""Erasure on an immutable log (decision 0021), over a real broker and real stores: people
are enrolled over HTTP and their events flow to positioning, certification and the national
view; one is erased; then no topic's log segment on the broker's disk and no store of any
service yields that person's names or e-mail, the others' persons still open with their keys,
and the national figures are the same as before."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from conum_certification.app import create_app as create_certification
from conum_contracts.decoding import decode_event
from conum_contracts.enrolment import ConseillerEnrolledV3
from conum_devtools.session_servers import PostgresServer
from conum_enrolment.app import create_app as create_enrolment
from conum_enrolment.domain import Person
from conum_enrolment.store.repositories import StoredKeyVault, unseal
from conum_national.app import create_app as create_national
from conum_positioning.app import create_app as create_positioning
from conum_runtime.db import create_engine, session_factory
from conum_runtime.testing.harness import bearer, eventually, read_topic, running, tokens_json
from conum_runtime.testing.services import service_settings
from fastapi import FastAPI
from sqlalchemy import text

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(300)]

TOKENS = tokens_json(
    ("structure-naq", "host_structure", "FR-NAQ"),
    ("organisation-naq", "training_organisation", "FR-NAQ"),
    ("national", "national_coordinator", "national"),
)
SERVICES: dict[str, Callable[..., FastAPI]] = {
    "enrolment": create_enrolment,
    "positioning": create_positioning,
    "certification": create_certification,
    "national": create_national,
}
# Names found nowhere else, so that any byte of them in a file is this test's.
PEOPLE = [
    Person("Zephyrine", "Quaglietti", "zephyrine.quaglietti@example.org"),
    Person("Barnabe", "Ostrowiecki", "barnabe.ostrowiecki@example.org"),
    Person("Philomene", "Kerguelenne", "philomene.kerguelenne@example.org"),
]
ERASED, KEPT = PEOPLE[0], PEOPLE[1:]


def traces(person: Person) -> list[bytes]:
    return [person.first_name.encode(), person.last_name.encode(), person.email.encode()]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_urls(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return {name: f"sqlite+aiosqlite:///{tmp_path}/{name}.db" for name in SERVICES}
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return {name: server.create_database(f"e_{name}_{uuid.uuid4().hex[:8]}") for name in SERVICES}


async def funnel(national: httpx.AsyncClient) -> dict[str, Any]:
    answer = await national.get("/national/tables/funnel", headers=bearer("national"))
    assert answer.status_code == 200, answer.text
    table: dict[str, Any] = answer.json()
    return table


def files_bytes(directory: Path, pattern: str) -> bytes:
    """Every byte of the files matching ``pattern`` under ``directory``."""
    return b"".join(path.read_bytes() for path in directory.rglob(pattern) if path.is_file())


def segment_topics(directory: Path, prefix: str) -> set[str]:
    """The topics of this test with a log segment on disk (``<topic>-<partition>/*.log``)."""
    return {
        path.parent.name.rsplit("-", 1)[0]
        for path in directory.rglob("*.log")
        if path.parent.name.startswith(prefix)
    }


async def store_texts(url: str, tmp_path: Path) -> bytes:
    """Every byte of a store: the SQLite files, or every row of every PostgreSQL table."""
    if url.startswith("sqlite"):
        return files_bytes(tmp_path, Path(url.split("///", 1)[1]).name + "*")
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            tables = (
                await connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            ).scalars()
            found = []
            for table in list(tables):
                rows = await connection.execute(text(f'SELECT t::text FROM "{table}" t'))
                found.extend(row[0] for row in rows)
        return "\n".join(found).encode()
    finally:
        await engine.dispose()


async def test_an_erased_person_is_found_in_no_topic_and_no_store(
    tmp_path: Path,
    kafka_bootstrap: str,
    kafka_data_dir: Path,
    topic_prefix: str,
    database_urls: dict[str, str],
) -> None:
    apps = {
        name: make(service_settings(database_urls[name], kafka_bootstrap, topic_prefix, TOKENS))
        for name, make in SERVICES.items()
    }
    async with (
        running(apps["enrolment"]) as enrolment,
        running(apps["positioning"]) as positioning,
        running(apps["certification"]),
        running(apps["national"]) as national,
    ):
        structure = await enrolment.post(
            "/structures",
            json={
                "siret": "73282932000074",
                "name": "Médiathèque de Dax",
                "kind": "collectivite",
                "department": "40",
            },
            headers=bearer("national"),
        )
        assert structure.status_code == 201, structure.text
        ids = []
        for person in PEOPLE:
            enrolled = await enrolment.post(
                "/enrolments",
                json={
                    "structure_id": structure.json()["structure_id"],
                    "scheme": "2024",
                    "employment": "recruited",
                    "person": {
                        "first_name": person.first_name,
                        "last_name": person.last_name,
                        "email": person.email,
                    },
                },
                headers=bearer("structure-naq"),
            )
            assert enrolled.status_code == 201, enrolled.text
            ids.append(enrolled.json()["conseiller_id"])
        erased_id = ids[0]

        async def flowed() -> dict[str, Any] | None:
            for conseiller_id in ids:
                scheduled = await positioning.get(
                    f"/positionings/{conseiller_id}", headers=bearer("organisation-naq")
                )
                if scheduled.status_code != 200:
                    return None
            table = await funnel(national)
            return table if str(len(PEOPLE)) in str(table["rows"]) else None

        before = await eventually(flowed)

        erasure = await enrolment.post(
            f"/enrolments/{erased_id}/erasure",
            json={"reason": "person_request"},
            headers=bearer("structure-naq"),
        )
        assert erasure.status_code == 201, erasure.text
        shown = await enrolment.get(f"/enrolments/{erased_id}", headers=bearer("national"))
        assert shown.json()["person"] is None and shown.json()["person_erased"] is True
        assert await funnel(national) == before

        async def relayed() -> bool:
            return await apps["enrolment"].state.host.relay.backlog() == 0

        await eventually(relayed)

    # The persons still held open with their keys; the erased one's key is gone.
    records = await read_topic(
        kafka_bootstrap,
        topic_prefix + "conum.enrolment.conseiller",
        until=lambda found: sum(".enrolled." in r.envelope.type for r in found) >= len(PEOPLE),
    )
    enrolled_events = {
        r.key.decode(): decode_event(r.envelope.type, r.value)
        for r in records
        if r.key is not None and ".enrolled." in r.envelope.type
    }
    assert {r.envelope.type for r in records if ".enrolled." in r.envelope.type} == {
        "fr.conum.enrolment.conseiller.enrolled.v3"
    }
    engine = create_engine(database_urls["enrolment"])
    try:
        async with session_factory(engine)() as session:
            vault = StoredKeyVault(session)
            assert await vault.key_of(erased_id) is None
            for conseiller_id, person in zip(ids[1:], KEPT, strict=True):
                event = enrolled_events[conseiller_id]
                assert isinstance(event, ConseillerEnrolledV3) and event.sealed_person
                key = await vault.key_of(conseiller_id)
                assert key is not None
                assert unseal(event.sealed_person, key) == person
    finally:
        await engine.dispose()

    # Every log segment of every topic on the broker's disk.
    assert segment_topics(kafka_data_dir, topic_prefix) >= {
        topic_prefix + "conum.enrolment.conseiller",
        topic_prefix + "conum.positioning.conseiller",
    }
    logged = files_bytes(kafka_data_dir, "*.log")
    assert erased_id.encode() in logged  # the scan reads the records of this test
    for trace in traces(ERASED):
        assert trace not in logged
    for person in KEPT:  # v2 only (the default): nobody is in clear on the log
        for trace in traces(person):
            assert trace not in logged

    # Every store of every service.
    for name, url in database_urls.items():
        stored = await store_texts(url, tmp_path)
        for trace in traces(ERASED):
            assert trace not in stored, f"{name} still holds the erased person"
        if name == "enrolment":  # the scan sees what is there: the others are kept
            assert KEPT[0].email.encode() in stored
        else:
            assert KEPT[0].email.encode() not in stored
