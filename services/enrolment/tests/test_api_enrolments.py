"""Structures, enrolments and reference data over HTTP, with a real broker."""

from __future__ import annotations

from typing import Any

import pytest
from conum_runtime.testing.events import validated
from conum_runtime.testing.harness import bearer, read_topic, running

from .conftest import AppFactory, enrolment_body, new_structure, structure_body

pytestmark = pytest.mark.kafka


async def test_enrolment_is_routed_and_published_as_its_contract_says(
    make_app: AppFactory, kafka_bootstrap: str, topic_prefix: str
) -> None:
    async with running(make_app()) as client:
        naq = await new_structure(client, "structure-naq")
        reunion = await new_structure(client, "national", seed=2, department="974")
        enrolled = await client.post(
            "/enrolments", json=enrolment_body(naq), headers=bearer("structure-naq")
        )
        assert enrolled.status_code == 201, enrolled.text
        assert enrolled.json()["training_organisation"]["id"] == "la-fabrik"
        overseas = await client.post(
            "/enrolments",
            json=enrolment_body(reunion, 2, employment="hiring_promise"),
            headers=bearer("national"),
        )
        assert overseas.json()["training_organisation"]["id"] == "pop-school"
        assert overseas.json()["region"] == "FR-LRE"
        conseillers = await read_topic(
            kafka_bootstrap,
            topic_prefix + "conum.enrolment.conseiller",
            until=lambda r: len(r) >= 2,
        )
        structures = await read_topic(
            kafka_bootstrap, topic_prefix + "conum.enrolment.structure", until=lambda r: len(r) >= 2
        )
    for record in conseillers + structures:
        event = validated(record.envelope.type, record.value)
        assert record.key == record.envelope.subject.encode()
        assert record.envelope.region == getattr(event, "region")  # noqa: B009
    regions = {r.envelope.region for r in conseillers}
    assert regions == {"FR-NAQ", "FR-LRE"}


def without(body: dict[str, Any], field: str) -> dict[str, Any]:
    """The body with a required field missing."""
    return {name: value for name, value in body.items() if name != field}


async def test_bad_input_gets_a_clear_refusal_and_changes_nothing(make_app: AppFactory) -> None:
    async with running(make_app()) as client:
        naq = await new_structure(client, "structure-naq")
        assert (
            await client.post("/enrolments", json=enrolment_body(naq), headers=bearer("national"))
        ).status_code == 201
        token = bearer("structure-naq")
        cases: list[tuple[str, dict[str, Any], int, str | None]] = [
            ("/structures", structure_body(9, siret="73282932000075"), 422, "invalid_siret"),
            ("/structures", structure_body(9, department="20"), 422, "invalid_request"),
            ("/structures", structure_body(9, name=" "), 422, "invalid_request"),
            ("/structures", structure_body(1), 409, "structure_already_registered"),
            ("/structures", structure_body(9, kind="club"), 422, None),
            (
                "/enrolments",
                enrolment_body("0d3c2b1a-0000-4000-8000-000000000001", 5),
                422,
                "unknown_structure",
            ),
            ("/enrolments", enrolment_body(naq), 409, "already_in_open_training"),
            (
                "/enrolments",
                enrolment_body(naq, 6, remote=True, remote_impossibility_reason="confinement"),
                422,
                "remote_training_refused",
            ),
            ("/enrolments", enrolment_body(naq, 7, remote=True), 422, "remote_training_refused"),
            ("/enrolments", enrolment_body(naq, 8, scheme="2030"), 422, None),
            ("/enrolments", enrolment_body(naq, 8, remote=0), 422, "invalid_request"),
            ("/enrolments", enrolment_body(naq, 8, remote="false"), 422, "invalid_request"),
            ("/enrolments", enrolment_body(naq, 8) | {"extra": 1}, 422, None),
            ("/enrolments", without(enrolment_body(naq, 8), "person"), 422, None),
            ("/structures", without(structure_body(9), "department"), 422, None),
        ]
        for path, body, status, code in cases:
            answer = await client.post(path, json=body, headers=token)
            assert answer.status_code == status, (body, answer.text)
            if code is not None:
                assert answer.json()["code"] == code, answer.text
                assert "awa" not in answer.json()["detail"]
        listed = await client.get("/enrolments", headers=bearer("national"))
        assert len(listed.json()["items"]) == 1
        structures = await client.get("/structures", headers=bearer("national"))
        assert len(structures.json()["items"]) == 1


async def test_every_call_is_authenticated(make_app: AppFactory) -> None:
    async with running(make_app()) as client:
        for method, path in (("GET", "/enrolments"), ("POST", "/structures"), ("GET", "/cohorts")):
            assert (await client.request(method, path)).status_code == 401
            unknown = await client.request(method, path, headers=bearer("nobody"))
            assert unknown.status_code == 401
        refused = await client.post(
            "/structures", json=structure_body(), headers=bearer("certifier-naq")
        )
        assert refused.status_code == 403


async def test_regional_actor_cannot_read_or_change_another_regions_data(
    make_app: AppFactory,
) -> None:
    async with running(make_app()) as client:
        naq = await new_structure(client, "structure-naq")
        enrolled = await client.post(
            "/enrolments", json=enrolment_body(naq), headers=bearer("structure-naq")
        )
        conseiller_id = enrolled.json()["conseiller_id"]
        ara = bearer("structure-ara")
        assert (await client.get(f"/structures/{naq}", headers=ara)).status_code == 404
        assert (await client.get(f"/enrolments/{conseiller_id}", headers=ara)).status_code == 404
        assert (await client.get("/enrolments", headers=ara)).json()["items"] == []
        other = await client.get("/enrolments?region=FR-NAQ", headers=ara)
        assert other.status_code == 403 and other.json()["code"] == "wrong_region"
        changed = await client.post("/enrolments", json=enrolment_body(naq, 2), headers=ara)
        assert changed.status_code == 422 and changed.json()["code"] == "unknown_structure"
        withdrawn = await client.post(
            f"/enrolments/{conseiller_id}/withdrawal",
            json={"reason": "left_structure"},
            headers=ara,
        )
        assert withdrawn.status_code == 404
        elsewhere = await client.post(
            "/structures", json=structure_body(2, department="40"), headers=ara
        )
        assert elsewhere.status_code == 403 and elsewhere.json()["code"] == "wrong_region"
        habilitation = await client.post(
            f"/structures/{naq}/habilitations", json={"scheme": "aidants_connect"}, headers=ara
        )
        assert habilitation.status_code == 404
        mine = await client.get(f"/enrolments/{conseiller_id}", headers=bearer("structure-naq"))
        assert mine.json()["state"] == "enrolled"


async def test_regional_instance_acts_only_in_its_own_region(make_app: AppFactory) -> None:
    async with running(make_app(region="FR-NAQ")) as client:
        national = bearer("national")
        assert (
            await client.post("/structures", json=structure_body(1, "13"), headers=national)
        ).status_code == 403
        assert (
            await client.post("/structures", json=structure_body(2, "64"), headers=national)
        ).status_code == 201
        listed = await client.get("/structures?region=FR-PAC", headers=national)
        assert listed.status_code == 403


async def test_personal_data_only_for_roles_that_need_it(make_app: AppFactory) -> None:
    async with running(make_app()) as client:
        naq = await new_structure(client, "structure-naq")
        enrolled = await client.post(
            "/enrolments", json=enrolment_body(naq), headers=bearer("structure-naq")
        )
        conseiller_id = enrolled.json()["conseiller_id"]
        for token, sees in (
            ("structure-naq", True),
            ("organisation-naq", True),
            ("national", True),
            ("hub-naq", False),
            ("certifier-naq", False),
            ("operator", False),
        ):
            one = await client.get(f"/enrolments/{conseiller_id}", headers=bearer(token))
            listed = await client.get("/enrolments", headers=bearer(token))
            for item in (one.json(), listed.json()["items"][0]):
                assert (item["person"] is not None) is sees, token
                assert ("awa1@example.org" in str(item)) is sees, token


async def test_lists_filter_by_region_organisation_and_state_with_a_cursor(
    make_app: AppFactory,
) -> None:
    async with running(make_app()) as client:
        national = bearer("national")
        naq = await new_structure(client, "national")
        reunion = await new_structure(client, "national", seed=2, department="974")
        for n in range(5):
            await client.post("/enrolments", json=enrolment_body(naq, n), headers=national)
        await client.post("/enrolments", json=enrolment_body(reunion, 9), headers=national)
        seen: list[str] = []
        cursor: str | None = None
        while True:
            query = "/enrolments?region=FR-NAQ&state=enrolled&limit=2"
            page = await client.get(
                query + (f"&cursor={cursor}" if cursor else ""), headers=national
            )
            seen += [item["conseiller_id"] for item in page.json()["items"]]
            cursor = page.json()["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == 5 and seen == sorted(seen)
        pop = await client.get("/enrolments?training_organisation=pop-school", headers=national)
        assert [i["region"] for i in pop.json()["items"]] == ["FR-LRE"]
        none = await client.get("/enrolments?state=in_training", headers=national)
        assert none.json()["items"] == []
        bad = await client.get("/enrolments?cursor=not*a*cursor", headers=national)
        assert bad.status_code == 422
        assert (await client.get("/enrolments?state=sleeping", headers=national)).status_code == 422
