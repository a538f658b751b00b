"""The HTTP API over a real broker: a hub's instance (FR-NAQ) fed by the streams of the other
services; then La Mednum's national instance and two regional instances running together,
each seeing only what it should. A refusal is a 4xx problem naming its reason and changes
nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from conum_contracts.base import EventModel
from conum_contracts.modules import RegistrationAcceptedV2
from conum_modules import testing as kit
from conum_modules.app import create_app
from conum_runtime.consumer import Outcome
from conum_runtime.testing.events import envelope_for, publish_events, validated
from conum_runtime.testing.harness import bearer, eventually, read_topic, running, tokens_json
from conum_runtime.testing.services import service_settings
from fastapi import FastAPI

pytestmark = pytest.mark.kafka

TODAY = date(2026, 9, 1)
MONDAY = "2026-09-14"
TOKENS = tokens_json(
    ("coordinator", "national_coordinator", "national"),
    ("operator", "operator", "national"),
    ("hub-naq", "regional_hub", "FR-NAQ", "hubikoop"),
    ("hub-idf", "regional_hub", "FR-IDF", "hub-idf"),
    ("structure-naq", "host_structure", "FR-NAQ", kit.STRUCTURE_ID),
    ("other-structure-naq", "host_structure", "FR-NAQ", kit.OTHER_STRUCTURE_ID),
    ("structure-idf", "host_structure", "FR-IDF"),
)


def app_of(database_url: str, kafka: str, prefix: str, region: str) -> FastAPI:
    settings = service_settings(database_url, kafka, prefix, TOKENS, region=region)
    return create_app(settings, clock=lambda: TODAY)


async def send(kafka: str, prefix: str, *events: tuple[EventModel, str]) -> None:
    await publish_events(kafka, prefix, [(e, envelope_for(e, region)) for e, region in events])


def catalogue() -> list[tuple[EventModel, str]]:
    return [(kit.published(module), "national") for module in kit.CATALOGUE]


async def known(client: httpx.AsyncClient, conseiller_id: str, token: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        answer = await client.get(f"/conseillers/{conseiller_id}/modules", headers=bearer(token))
        body: dict[str, Any] = answer.json()
        return body if answer.status_code == 200 and body["convened_for"] else None

    return await eventually(probe)


async def modules_known(client: httpx.AsyncClient, count: int) -> None:
    async def probe() -> bool:
        answer = await client.get("/modules", headers=bearer("operator"))
        return len(answer.json()) >= count

    await eventually(probe)


def session_body(
    module_id: str = kit.PRISE_EN_MAIN, region: str = "FR-NAQ", **more: Any
) -> dict[str, Any]:
    return {
        "module_id": module_id,
        "region": region,
        "days": [{"on": MONDAY, "mode": "in_person"}],
        "capacity": 2,
        "place": "Médiathèque de Mont-de-Marsan",
    } | more


@pytest.fixture
async def naq(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> AsyncIterator[httpx.AsyncClient]:
    async with running(app_of(sqlite_url, kafka_bootstrap, topic_prefix, "FR-NAQ")) as client:
        yield client


async def test_a_hub_schedules_and_a_structure_registers_its_conseiller(
    naq: httpx.AsyncClient, kafka_bootstrap: str, topic_prefix: str
) -> None:
    convened, not_convened = kit.new_id(), kit.new_id()
    await send(
        kafka_bootstrap,
        topic_prefix,
        *catalogue(),
        (kit.enrolled(convened), "FR-NAQ"),
        (kit.convened(convened), "FR-NAQ"),
        (kit.enrolled(not_convened), "FR-NAQ"),
    )
    await modules_known(naq, len(kit.CATALOGUE))
    await known(naq, convened, "hub-naq")

    pattern = session_body(
        kit.INTERVENIR,
        days=[
            {"on": MONDAY, "mode": "in_person"},
            {"on": "2026-09-16", "mode": "remote"},
        ],
    )
    refused = await naq.post("/sessions", json=pattern, headers=bearer("hub-naq"))
    assert (refused.status_code, refused.json()["code"]) == (422, "in_person_day_first")
    assert refused.headers["content-type"] == "application/problem+json"
    created = await naq.post("/sessions", json=session_body(), headers=bearer("hub-naq"))
    assert created.status_code == 201, created.text
    session = created.json()
    assert (session["hub"], session["seats_free"], session["hours"]) == ("hubikoop", 2, 7)
    url = f"/sessions/{session['session_id']}/registrations"

    missing = await naq.post(
        url, json={"conseiller_id": not_convened}, headers=bearer("structure-naq")
    )
    assert (missing.status_code, missing.json()["code"]) == (409, "convocation_missing")
    not_theirs = await naq.post(
        url, json={"conseiller_id": convened}, headers=bearer("other-structure-naq")
    )
    assert (not_theirs.status_code, not_theirs.json()["code"]) == (404, "unknown_conseiller")
    accepted = await naq.post(
        url, json={"conseiller_id": convened}, headers=bearer("structure-naq")
    )
    assert accepted.status_code == 201, accepted.text
    body = accepted.json()
    assert (body["status"], body["track"], body["funded"], body["funding_year"]) == (
        "accepted",
        "initial",
        True,
        2026,
    )
    again = await naq.post(url, json={"conseiller_id": convened}, headers=bearer("hub-naq"))
    assert (again.status_code, again.json()["code"]) == (409, "already_registered")
    record = await naq.get(f"/conseillers/{convened}/modules", headers=bearer("structure-naq"))
    assert record.json()["initial"] == {"required": 2, "completed": 0, "in_progress": 1, "owed": 2}

    records = await read_topic(
        kafka_bootstrap,
        topic_prefix + "conum.modules.registration",
        until=lambda found: len(found) >= 1,
    )
    assert len(records) == 1  # the refusals published nothing
    event = validated(records[0].envelope.type, records[0].value)
    assert isinstance(event, RegistrationAcceptedV2)
    assert (records[0].key, records[0].envelope.region) == (convened.encode(), "FR-NAQ")


async def test_a_regional_instance_refuses_writes_for_another_region(
    naq: httpx.AsyncClient,
) -> None:
    other = await naq.post(
        "/sessions", json=session_body(region="FR-IDF"), headers=bearer("hub-naq")
    )
    assert (other.status_code, other.json()["code"]) == (403, "wrong_region")
    idf_hub = await naq.post("/sessions", json=session_body(), headers=bearer("hub-idf"))
    assert (idf_hub.status_code, idf_hub.json()["code"]) == (403, "wrong_region")
    catalogue_write = await naq.post(
        "/modules",
        json={"title": "Prise en main", "kind": "prise_en_main"},
        headers=bearer("coordinator"),
    )
    assert (catalogue_write.status_code, catalogue_write.json()["code"]) == (
        403,
        "national_instance_only",
    )
    figures = await naq.get("/regions/FR-IDF/figures", headers=bearer("coordinator"))
    assert (figures.status_code, figures.json()["code"]) == (403, "wrong_region")


async def test_the_national_instance_and_two_regional_instances_each_see_what_they_should(
    tmp_path: Any, kafka_bootstrap: str, topic_prefix: str
) -> None:
    def app(region: str) -> FastAPI:
        return app_of(
            f"sqlite+aiosqlite:///{tmp_path}/{region}.db", kafka_bootstrap, topic_prefix, region
        )

    instances = {region: app(region) for region in ("national", "FR-NAQ", "FR-IDF")}
    naq_conseiller, idf_conseiller = kit.new_id(), kit.new_id()
    async with (
        running(instances["national"]) as national,
        running(instances["FR-NAQ"]) as naq,
        running(instances["FR-IDF"]) as idf,
    ):
        # La Mednum's instance published the starting catalogue when it started
        for regional in (naq, idf):
            await modules_known(regional, len(kit.CATALOGUE))
        await send(
            kafka_bootstrap,
            topic_prefix,
            (kit.enrolled(naq_conseiller), "FR-NAQ"),
            (kit.convened(naq_conseiller), "FR-NAQ"),
            (
                kit.enrolled(idf_conseiller, region="FR-IDF", structure_id=kit.OTHER_STRUCTURE_ID),
                "FR-IDF",
            ),
            (kit.convened(idf_conseiller, region="FR-IDF"), "FR-IDF"),
        )
        await known(naq, naq_conseiller, "coordinator")
        await known(idf, idf_conseiller, "coordinator")
        await known(national, naq_conseiller, "coordinator")
        await known(national, idf_conseiller, "coordinator")
        for client, stranger in ((naq, idf_conseiller), (idf, naq_conseiller)):
            answer = await client.get(
                f"/conseillers/{stranger}/modules", headers=bearer("coordinator")
            )
            assert answer.status_code == 404  # another region's conseiller: skipped

        sessions = {}
        for client, region, token, conseiller in (
            (naq, "FR-NAQ", "hub-naq", naq_conseiller),
            (idf, "FR-IDF", "hub-idf", idf_conseiller),
        ):
            created = await client.post(
                "/sessions", json=session_body(region=region), headers=bearer(token)
            )
            assert created.status_code == 201, created.text
            sessions[region] = created.json()["session_id"]
            registered = await client.post(
                f"/sessions/{sessions[region]}/registrations",
                json={"conseiller_id": conseiller},
                headers=bearer(token),
            )
            assert registered.status_code == 201, registered.text

        async def copied() -> list[dict[str, Any]] | None:
            answer = await national.get("/sessions", headers=bearer("coordinator"))
            items: list[dict[str, Any]] = answer.json()["items"]
            return items if sum(item["seats_taken"] for item in items) == 2 else None

        everywhere = await eventually(copied)
        assert {item["session_id"]: item["region"] for item in everywhere} == {
            sessions["FR-NAQ"]: "FR-NAQ",
            sessions["FR-IDF"]: "FR-IDF",
        }
        for client, region in ((naq, "FR-NAQ"), (idf, "FR-IDF")):
            own = (await client.get("/sessions", headers=bearer("coordinator"))).json()["items"]
            assert [item["session_id"] for item in own] == [sessions[region]]
        hub_view = (await national.get("/sessions", headers=bearer("hub-naq"))).json()["items"]
        assert [item["session_id"] for item in hub_view] == [sessions["FR-NAQ"]]
        record = (
            await national.get(
                f"/conseillers/{naq_conseiller}/modules", headers=bearer("coordinator")
            )
        ).json()
        assert [r["status"] for r in record["registrations"]] == ["accepted"]

        stranger = await naq.post(
            f"/sessions/{sessions['FR-NAQ']}/registrations",
            json={"conseiller_id": idf_conseiller},
            headers=bearer("hub-idf"),
        )
        assert stranger.status_code == 404  # an FR-IDF hub on the FR-NAQ instance sees nothing
        held_regionally = await national.post(
            f"/sessions/{sessions['FR-NAQ']}/cancellation",
            json={"reason": "no trainer"},
            headers=bearer("hub-naq"),
        )
        assert (held_regionally.status_code, held_regionally.json()["code"]) == (
            403,
            "regional_instance_only",
        )

        module = await national.post(
            "/modules",
            json={"title": "Intervenir auprès des publics allophones", "kind": "intervenir"},
            headers=bearer("coordinator"),
        )
        assert module.status_code == 201, module.text
        for regional in (naq, idf):
            await modules_known(regional, len(kit.CATALOGUE) + 1)

        for region in ("FR-NAQ", "FR-IDF"):
            outcomes = instances[region].state.host.outcomes
            assert outcomes[Outcome.OTHER_REGION] >= 2, (region, outcomes)
