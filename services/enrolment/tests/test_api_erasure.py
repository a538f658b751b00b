"""``POST /enrolments/{id}/erasure`` over HTTP: who may erase, what the reads show after."""

from __future__ import annotations

import pytest
from conum_runtime.testing.harness import bearer, running

from .conftest import AppFactory, bind_structure_token
from .test_api_ownership import enrol, published, structure

pytestmark = pytest.mark.kafka


async def test_the_enrolling_structure_erases_its_conseiller_once(make_app: AppFactory) -> None:
    app = make_app()
    async with running(app) as client:
        mine, theirs = await structure(client, 1), await structure(client, 2)
        own, other = await enrol(client, mine, "2024", 1), await enrol(client, theirs, "2024", 2)
        bind_structure_token(app, "mairie", mine)
        token = bearer("mairie")

        refused = await client.post(
            f"/enrolments/{other}/erasure", json={"reason": "person_request"}, headers=token
        )
        assert (refused.status_code, refused.json()["code"]) == (404, "unknown_enrolment")
        organisation = await client.post(
            f"/enrolments/{own}/erasure",
            json={"reason": "person_request"},
            headers=bearer("fabrik-naq"),
        )
        assert organisation.status_code == 403
        wrong = await client.post(
            f"/enrolments/{own}/erasure", json={"reason": "because"}, headers=token
        )
        assert wrong.status_code == 422

        erased = await client.post(
            f"/enrolments/{own}/erasure", json={"reason": "person_request"}, headers=token
        )
        assert erased.status_code == 201, erased.text
        assert erased.json()["reason"] == "person_request"
        assert erased.json()["requested_by"] == "host_structure"
        assert "awa1" not in erased.text

        again = await client.post(
            f"/enrolments/{own}/erasure", json={"reason": "other"}, headers=bearer("national")
        )
        assert (again.status_code, again.json()["code"]) == (409, "already_erased")

        read = (await client.get(f"/enrolments/{own}", headers=bearer("national"))).json()
        assert (read["person"], read["person_erased"], read["state"]) == (None, True, "enrolled")
        listed = (await client.get("/enrolments", headers=bearer("national"))).json()["items"]
        by_id = {item["conseiller_id"]: item for item in listed}
        assert by_id[own]["person"] is None
        assert by_id[other]["person"]["email"] == "awa2@example.org"
        assert not by_id[other]["person_erased"]

        # the same person may be enrolled again: a new conseiller, as nobody is known by it
        again_enrolled = await enrol(client, mine, "2024", 1)
        assert again_enrolled != own
        await published(app)


async def test_a_national_coordinator_erases_in_any_region(make_app: AppFactory) -> None:
    app = make_app()
    async with running(app) as client:
        conseiller = await enrol(client, await structure(client, 3), "2024", 3)
        erased = await client.post(
            f"/enrolments/{conseiller}/erasure",
            json={"reason": "unlawfully_processed"},
            headers=bearer("national"),
        )
        assert erased.status_code == 201, erased.text
        assert erased.json()["requested_by"] == "national_coordinator"
        await published(app)
