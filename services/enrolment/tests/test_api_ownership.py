"""Within one region, a token bound to an organisation or a structure acts on its own learners
only: another's does not exist for it (404), and lists leave it out."""

from __future__ import annotations

import httpx
import pytest
from conum_enrolment.testing import valid_siret
from conum_runtime.testing.harness import bearer, eventually, running
from fastapi import FastAPI

from .conftest import AppFactory, bind_structure_token

pytestmark = pytest.mark.kafka


async def published(app: FastAPI) -> None:
    """Wait until the relay has published every event written (then the service stops clean)."""

    async def empty() -> bool:
        return await app.state.host.relay.backlog() == 0

    await eventually(empty)


async def structure(client: httpx.AsyncClient, seed: int) -> str:
    body = {"siret": valid_siret(seed), "name": "Mairie", "kind": "collectivite"}
    answer = await client.post(
        "/structures", json=body | {"department": "40"}, headers=bearer("national")
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["structure_id"])


async def enrol(client: httpx.AsyncClient, structure_id: str, scheme: str, n: int) -> str:
    body = {
        "structure_id": structure_id,
        "scheme": scheme,
        "employment": "recruited",
        "person": {"first_name": "Awa", "last_name": "Diallo", "email": f"awa{n}@example.org"},
    }
    answer = await client.post("/enrolments", json=body, headers=bearer("national"))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["conseiller_id"])


async def test_an_organisation_neither_reads_nor_withdraws_another_organisations_learner(
    make_app: AppFactory,
) -> None:
    async with running(make_app()) as client:
        host = await structure(client, 1)
        fabrik_learner = await enrol(client, host, "2024", 1)  # La Fabrik trains 2024
        afpa_learner = await enrol(client, host, "2021", 2)  # Afpa–Simplon trains 2021 here
        afpa = bearer("afpa-naq")
        url = f"/enrolments/{fabrik_learner}"
        read = await client.get(url, headers=afpa)
        assert (read.status_code, read.json()["code"]) == (404, "unknown_enrolment")
        assert "awa1@example.org" not in read.text
        withdrawn = await client.post(
            f"{url}/withdrawal", json={"reason": "left_structure"}, headers=afpa
        )
        assert (withdrawn.status_code, withdrawn.json()["code"]) == (404, "unknown_enrolment")
        for path in (f"{url}/attendance",):
            assert (await client.get(path, headers=afpa)).status_code == 404
        recorded = await client.put(
            f"{url}/attendance/2026-03-02", json={"present": True}, headers=afpa
        )
        assert recorded.status_code == 404
        listed = (await client.get("/enrolments", headers=afpa)).json()["items"]
        assert [item["conseiller_id"] for item in listed] == [afpa_learner]
        asked = await client.get(
            "/enrolments?training_organisation=la-fabrik", headers=afpa
        )  # asking for another's learners shows none
        assert asked.json()["items"] == []
        fabrik = await client.get(url, headers=bearer("fabrik-naq"))
        assert fabrik.status_code == 200 and fabrik.json()["person"]["email"] == "awa1@example.org"
        mine = await client.post(
            f"{url}/withdrawal", json={"reason": "left_structure"}, headers=bearer("fabrik-naq")
        )
        assert mine.status_code == 200 and mine.json()["state"] == "withdrawn"
        assert (await client.get(url, headers=bearer("national"))).json()["state"] == "withdrawn"


async def test_a_structure_neither_reads_nor_withdraws_another_structures_conseiller(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with running(app) as client:
        mine, theirs = await structure(client, 1), await structure(client, 2)
        own = await enrol(client, mine, "2024", 1)
        other = await enrol(client, theirs, "2024", 2)
        bind_structure_token(app, "mairie", mine)
        token = bearer("mairie")
        assert (await client.get(f"/enrolments/{other}", headers=token)).status_code == 404
        assert (await client.get(f"/structures/{theirs}", headers=token)).status_code == 404
        withdrawn = await client.post(
            f"/enrolments/{other}/withdrawal", json={"reason": "left_structure"}, headers=token
        )
        assert withdrawn.status_code == 404
        habilitation = await client.post(
            f"/structures/{theirs}/habilitations",
            json={"scheme": "aidants_connect"},
            headers=token,
        )
        assert habilitation.status_code == 404
        enrolled_elsewhere = await client.post(
            "/enrolments",
            json={
                "structure_id": theirs,
                "scheme": "2024",
                "employment": "recruited",
                "person": {"first_name": "A", "last_name": "B", "email": "ab@example.org"},
            },
            headers=token,
        )
        assert enrolled_elsewhere.json()["code"] == "unknown_structure"
        enrolments = (await client.get("/enrolments", headers=token)).json()["items"]
        assert [item["conseiller_id"] for item in enrolments] == [own]
        structures = (await client.get("/structures", headers=token)).json()["items"]
        assert [item["structure_id"] for item in structures] == [mine]
        assert (await client.get("/cohorts", headers=token)).json()["items"] == []
        withdrawn = await client.post(
            f"/enrolments/{own}/withdrawal", json={"reason": "changed_job"}, headers=token
        )
        assert withdrawn.status_code == 200
        await published(app)


async def test_only_the_structure_the_organisation_or_a_national_coordinator_withdraws(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with running(app) as client:
        conseiller_id = await enrol(client, await structure(client, 1), "2024", 1)
        url = f"/enrolments/{conseiller_id}/withdrawal"
        for token in ("hub-naq", "certifier-naq", "operator"):
            refused = await client.post(
                url, json={"reason": "left_structure"}, headers=bearer(token)
            )
            assert (refused.status_code, refused.json()["code"]) == (403, "role_not_allowed")
        by_national = await client.post(
            url, json={"reason": "left_structure"}, headers=bearer("national")
        )
        assert by_national.status_code == 200
        await published(app)


async def test_another_regions_resource_named_by_id_is_not_found_never_forbidden(
    make_app: AppFactory,
) -> None:
    async with running(make_app()) as client:
        host = await structure(client, 1)
        conseiller_id = await enrol(client, host, "2024", 1)
        ara = bearer("structure-ara")
        for answer in (
            await client.get(f"/structures/{host}", headers=ara),
            await client.get(f"/enrolments/{conseiller_id}", headers=ara),
            await client.get(f"/enrolments/{conseiller_id}/attendance", headers=ara),
            await client.post(
                f"/enrolments/{conseiller_id}/withdrawal",
                json={"reason": "left_structure"},
                headers=ara,
            ),
            await client.post(
                f"/structures/{host}/habilitations", json={"scheme": "aidants_connect"}, headers=ara
            ),
        ):
            assert answer.status_code == 404, answer.text
        unknown = "0d3c2b1a-0000-4000-8000-000000000001"
        assert (await client.get(f"/cohorts/{unknown}", headers=ara)).status_code == 404
        not_an_id = await client.get("/enrolments/not-an-id", headers=ara)
        assert not_an_id.status_code == 422
