"""Over HTTP: the structures' habilitation, the reference data read from files and reloaded, the
OpenAPI document."""

from __future__ import annotations

import json
from pathlib import Path

from conum_enrolment.reference import DATA
from conum_runtime.testing.events import validated
from conum_runtime.testing.harness import bearer, read_topic, running

from .conftest import AppFactory, new_structure


async def test_habilitation_is_asked_by_the_structure_and_granted_by_a_national_coordinator(
    make_app: AppFactory, kafka_bootstrap: str, topic_prefix: str
) -> None:
    async with running(make_app()) as client:
        naq = await new_structure(client, "structure-naq")
        grant = f"/structures/{naq}/habilitations/aidants_connect/grant"
        early = await client.post(grant, headers=bearer("national"))
        assert early.status_code == 409 and early.json()["code"] == "habilitation_not_requested"
        asked = await client.post(
            f"/structures/{naq}/habilitations",
            json={"scheme": "aidants_connect"},
            headers=bearer("structure-naq"),
        )
        assert asked.status_code == 201
        assert (await client.post(grant, headers=bearer("structure-naq"))).status_code == 403
        assert (await client.post(grant, headers=bearer("hub-naq"))).status_code == 403
        granted = await client.post(grant, headers=bearer("national"))
        assert granted.json()["habilitations"][0]["granted_on"] == "2026-03-02"
        records = await read_topic(
            kafka_bootstrap, topic_prefix + "conum.enrolment.structure", until=lambda r: len(r) >= 3
        )
    assert [r.envelope.type.split(".")[-2] for r in records] == [
        "registered",
        "habilitation_requested",
        "habilitation_granted",
    ]
    for record in records:
        validated(record.envelope.type, record.value)


async def test_reference_data_is_read_from_files_and_reloaded_by_a_command(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    async with running(app) as client:
        landes = await client.get("/reference/departments/40", headers=bearer("hub-naq"))
        assert landes.json() == {
            "code": "40",
            "name": "Landes",
            "region": "FR-NAQ",
            "region_name": "Nouvelle-Aquitaine",
            "training_organisations": {
                "2021": {"id": "afpa-simplon", "name": "Consortium Afpa – Simplon.co"},
                "2024": {"id": "la-fabrik", "name": "La Fabrik de la Médiation Numérique"},
            },
        }  # the full-title organisations are the certification service's
        mayotte = await client.get("/reference/departments/976", headers=bearer("hub-naq"))
        assert mayotte.json()["training_organisations"]["2024"]["id"] == "pop-school"
        not_a_code = await client.get("/reference/departments/20", headers=bearer("hub-naq"))
        assert not_a_code.status_code == 422
        assert (
            await client.post("/reference/reload", headers=bearer("hub-naq"))
        ).status_code == 403
        reloaded = await client.post("/reference/reload", headers=bearer("operator"))
        assert reloaded.json() == {"training_organisations": 5, "schemes": ["2021", "2024"]}

        raw = json.loads((DATA / "training_organisations.json").read_text())
        raw["schemes"]["2024"]["default"] = "nobody"
        (tmp_path / "training_organisations.json").write_text(json.dumps(raw))
        app.state.new_uow().reference.directory = tmp_path
        refused = await client.post("/reference/reload", headers=bearer("national"))
        assert (refused.status_code, refused.json()["code"]) == (422, "invalid_reference_data")
        kept = await client.get("/reference/departments/40", headers=bearer("hub-naq"))
        assert kept.json()["training_organisations"]["2024"]["id"] == "la-fabrik"


async def test_http_api_is_documented_by_its_openapi(make_app: AppFactory) -> None:
    async with running(make_app()) as client:
        document = (await client.get("/openapi.json")).json()
    paths = document["paths"]
    for path, method in (
        ("/structures", "post"),
        ("/structures/{structure_id}/habilitations/{scheme}/grant", "post"),
        ("/enrolments", "get"),
        ("/enrolments/{conseiller_id}/withdrawal", "post"),
        ("/enrolments/{conseiller_id}/attendance/{day}", "put"),
        ("/cohorts/{cohort_id}/referent", "post"),
        ("/reference/reload", "post"),
    ):
        assert method in paths[path], path
    assert "next_cursor" in document["components"]["schemas"]["EnrolmentPage"]["properties"]
    withdrawal = paths["/enrolments/{conseiller_id}/withdrawal"]["post"]["responses"]
    assert {"403", "404", "409"} <= set(withdrawal)
    department = paths["/reference/departments/{code}"]["get"]["responses"]
    assert "404" in department and "403" not in department
