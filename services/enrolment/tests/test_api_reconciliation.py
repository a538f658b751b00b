"""The enrolments in key order for reconciliation (decision 0036): pages in the order of
conseiller ids, bounded by ``cursor`` and ``until``, for national coordinators and operators
only, never a person."""

from __future__ import annotations

import pytest
from conum_runtime.testing.harness import bearer, running

from .conftest import AppFactory
from .test_api_enrolments import enrolment_body, new_structure

pytestmark = pytest.mark.kafka

LISTING = "/reconciliation/conseillers"


async def test_enrolments_are_listed_in_key_order_a_page_at_a_time(make_app: AppFactory) -> None:
    async with running(make_app()) as client:
        naq = await new_structure(client, "structure-naq")
        reunion = await new_structure(client, "national", seed=2, department="974")
        ids = []
        for n, (structure, token) in enumerate(
            [(naq, "structure-naq"), (naq, "structure-naq"), (reunion, "national")]
        ):
            answer = await client.post(
                "/enrolments", json=enrolment_body(structure, n), headers=bearer(token)
            )
            assert answer.status_code == 201, answer.text
            ids.append(answer.json()["conseiller_id"])
        withdrawn = await client.post(
            f"/enrolments/{ids[0]}/withdrawal",
            json={"reason": "health"},
            headers=bearer("national"),
        )
        assert withdrawn.status_code == 200, withdrawn.text

        first = await client.get(LISTING, params={"limit": 2}, headers=bearer("operator"))
        assert first.status_code == 200, first.text
        cursor = first.json()["next_cursor"]
        second = await client.get(
            LISTING, params={"limit": 2, "cursor": cursor}, headers=bearer("national")
        )
        until = await client.get(
            LISTING, params={"until": sorted(ids)[1]}, headers=bearer("national")
        )
        refused = [
            (await client.get(LISTING, headers=bearer(token))).status_code
            for token in ("structure-naq", "hub-naq", "organisation-naq")
        ]
        bad = await client.get(LISTING, params={"cursor": "x"}, headers=bearer("national"))
        too_many = await client.get(LISTING, params={"limit": 5001}, headers=bearer("national"))
        unknown = await client.get(LISTING, params={"after": ids[0]}, headers=bearer("national"))

    items = first.json()["items"] + second.json()["items"]
    assert [item["conseiller_id"] for item in items] == sorted(ids)
    assert cursor == sorted(ids)[1] and second.json()["next_cursor"] is None
    assert [item["conseiller_id"] for item in until.json()["items"]] == sorted(ids)[:2]
    by_id = {item["conseiller_id"]: item for item in items}
    assert by_id[ids[0]]["state"] == "withdrawn" and by_id[ids[0]]["withdrawn_on"] is not None
    assert by_id[ids[2]]["region"] == "FR-LRE"
    assert by_id[ids[1]]["training_organisation_id"] == "la-fabrik"
    compared = "enrolment_id state region scheme structure_id training_organisation_id enrolled_on"
    days = "path_hours starts_on planned_end_on completed_on withdrawn_on"
    assert set(by_id[ids[1]]) == {"conseiller_id", *compared.split(), *days.split()}
    assert "example.org" not in first.text + second.text  # never a person
    assert refused == [403, 403, 403]
    assert (bad.status_code, too_many.status_code, unknown.status_code) == (422, 422, 422)
