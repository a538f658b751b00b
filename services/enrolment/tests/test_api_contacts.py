"""``POST /enrolments/{id}/contact-disclosures``: the notifier, and nobody else, reads whom to
write to; an erased person is nobody (409 ``person_erased``); every disclosure is audited."""

from __future__ import annotations

import pytest
from conum_runtime.auth import static_subject
from conum_runtime.testing.harness import bearer, running

from .conftest import AppFactory
from .test_api_ownership import enrol, published, structure

pytestmark = pytest.mark.kafka


async def test_only_the_notifier_reads_a_contact_and_each_disclosure_is_audited(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with running(app) as client:
        conseiller = await enrol(client, await structure(client, 1), "2024", 1)
        url = f"/enrolments/{conseiller}/contact-disclosures"

        disclosed = await client.post(url, headers=bearer("notifier"))
        assert disclosed.status_code == 200, disclosed.text
        assert disclosed.json() == {
            "conseiller_id": conseiller,
            "first_name": "Awa",
            "last_name": "Diallo",
            "email": "awa1@example.org",
        }
        for token in ("national", "structure-naq", "organisation-naq", "operator", "hub-naq"):
            refused = await client.post(url, headers=bearer(token))
            assert (refused.status_code, refused.json()["code"]) == (403, "role_not_allowed")
        elsewhere = await client.post(url, headers=bearer("notifier-idf"))
        assert (elsewhere.status_code, elsewhere.json()["code"]) == (404, "unknown_enrolment")
        unknown = await client.post(
            "/enrolments/00000000-0000-4000-8000-000000000000/contact-disclosures",
            headers=bearer("notifier"),
        )
        assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_enrolment")

        audit = await client.get(
            "/audit", params={"actor": static_subject("notifier")}, headers=bearer("national")
        )
        rows = [row for row in audit.json()["items"] if row["route"].endswith("disclosures")]
        assert [(r["role"], r["resource_id"], r["status"]) for r in rows].count(
            ("notifier", f"conseiller_id={conseiller}", 200)
        ) == 1
        assert "awa1" not in audit.text and "Diallo" not in audit.text
        await published(app)


async def test_an_erased_person_has_no_contact(make_app: AppFactory) -> None:
    app = make_app()
    async with running(app) as client:
        conseiller = await enrol(client, await structure(client, 2), "2024", 2)
        erased = await client.post(
            f"/enrolments/{conseiller}/erasure",
            json={"reason": "person_request"},
            headers=bearer("national"),
        )
        assert erased.status_code == 201, erased.text
        answer = await client.post(
            f"/enrolments/{conseiller}/contact-disclosures", headers=bearer("notifier")
        )
        assert (answer.status_code, answer.json()["code"]) == (409, "person_erased")
        assert "awa2" not in answer.text
        await published(app)
