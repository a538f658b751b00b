"""Over HTTP and the real broker: a regional instance, a bound certifier, the Pix certifier and the
conseiller's parties each act on and see their own only."""

from __future__ import annotations

import pytest
from conum_certification import testing as kit
from conum_certification.app import create_app
from conum_runtime.testing.harness import bearer, running

from .conftest import (
    AFPA,
    CSV,
    HEADER,
    NAQ,
    NATIONAL,
    PIX,
    SESSION,
    in_training,
    new_session_over_http,
    settings,
    wait_in_training,
)

pytestmark = pytest.mark.kafka


async def test_a_regional_instance_refuses_writes_for_other_regions(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    app = create_app(settings(sqlite_url, kafka_bootstrap, topic_prefix, region="FR-NAQ"))
    session = {**SESSION, "region": "FR-OCC"}
    async with running(app) as client:
        refused = await client.post("/exam-sessions", json=session, headers=NATIONAL)
        assert (refused.status_code, refused.json()["code"]) == (403, "wrong_region")
        ours = await client.post(
            "/exam-sessions", json={**session, "region": "FR-NAQ"}, headers=NATIONAL
        )
        assert ours.status_code == 201
        assert (
            await client.get("/regions/FR-OCC/certification", headers=NATIONAL)
        ).status_code == 403


async def test_a_certifier_token_naming_its_certifier_acts_on_its_sessions_only(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    conseiller_id = kit.new_id()
    await in_training(kafka_bootstrap, topic_prefix, conseiller_id)
    app = create_app(settings(sqlite_url, kafka_bootstrap, topic_prefix))
    others = {**SESSION, "certifier": "another-certifier"}
    async with running(app) as client:
        await wait_in_training(client, conseiller_id)
        refused = await client.post("/exam-sessions", json=others, headers=AFPA)
        assert (refused.status_code, refused.json()["code"]) == (403, "not_their_session")
        theirs = await new_session_over_http(client, certifier="another-certifier")
        url = f"/exam-sessions/{theirs}"
        body = {"conseiller_id": conseiller_id}
        convene = await client.post(f"{url}/convocations", json=body, headers=AFPA)
        assert (convene.status_code, convene.json()["code"]) == (404, "unknown_exam_session")
        assert (await client.get(url, headers=AFPA)).status_code == 404
        assert (await client.post(f"{url}/convocations", json=body, headers=NAQ)).status_code == 201
        result = {**body, "result": "passed", "decided_on": "2026-06-25"}
        decided = await client.post(f"{url}/results", json=result, headers=AFPA)
        assert (decided.status_code, decided.json()["code"]) == (404, "unknown_exam_session")
        imported = await client.post(
            "/imports/results",
            content=HEADER + f"{conseiller_id},ccp1,{theirs},passed,,2026-06-25\n",
            headers={**AFPA, **CSV},
        )
        assert imported.json()["rejected"][0]["reason"] == "unknown_exam_session"
        ours = await client.post("/exam-sessions", json=SESSION, headers=AFPA)
        assert ours.status_code == 201
        shown = await client.get(f"/exam-sessions/{ours.json()['exam_session_id']}", headers=AFPA)
        assert shown.status_code == 200 and shown.json()["certifier"] == "afpa"


async def test_pix_results_are_recorded_by_the_pix_certifier(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    conseiller_id = kit.new_id()
    await in_training(kafka_bootstrap, topic_prefix, conseiller_id)
    app = create_app(settings(sqlite_url, kafka_bootstrap, topic_prefix))
    pix = {"conseiller_id": conseiller_id, "score": 512, "certified": False}
    async with running(app) as client:
        await wait_in_training(client, conseiller_id)
        by_afpa = await client.post(
            "/pix-results", json={**pix, "recorded_on": "2026-06-05"}, headers=AFPA
        )
        assert (by_afpa.status_code, by_afpa.json()["code"]) == (403, "not_the_pix_certifier")
        by_pix = await client.post(
            "/pix-results", json={**pix, "recorded_on": "2026-06-05"}, headers=PIX
        )
        assert by_pix.status_code == 201, by_pix.text
        again = await client.post(
            "/pix-results", json={**pix, "recorded_on": "2026-06-05"}, headers=PIX
        )
        assert (again.status_code, again.json()["code"]) == (409, "pix_result_already_recorded")
        unbound = await client.post(
            "/pix-results", json={**pix, "recorded_on": "2026-06-12"}, headers=NAQ
        )
        assert unbound.status_code == 201  # a token naming no certifier acts for Pix too
        rows = f"{conseiller_id},pix,,certified,700,2026-06-19\n"
        imported = await client.post(
            "/imports/results", content=HEADER + rows, headers={**AFPA, **CSV}
        )
        assert imported.json()["rejected"][0]["reason"] == "not_the_pix_certifier"
        by_file = await client.post(
            "/imports/results", content=HEADER + rows, headers={**PIX, **CSV}
        )
        assert by_file.json() == {"applied": 1, "rejected": []}
        record = await client.get(f"/conseillers/{conseiller_id}/certification", headers=PIX)
        assert [p["score"] for p in record.json()["pix_results"]] == [512, 512, 700]


async def test_a_certification_record_is_seen_by_the_conseillers_parties_only(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    conseiller_id = kit.new_id()
    await in_training(kafka_bootstrap, topic_prefix, conseiller_id, department="40")
    app = create_app(settings(sqlite_url, kafka_bootstrap, topic_prefix))
    url = f"/conseillers/{conseiller_id}/certification"

    async def status_for(token: str) -> int:
        return (await client.get(url, headers=bearer(token))).status_code

    async with running(app) as client:
        await wait_in_training(client, conseiller_id)
        seen = {
            token: await status_for(token)
            for token in (
                "their-structure",
                "structure-naq",
                "la-fabrik",
                "pix-naq",
                "certifier-naq",
                "other-structure",
                "pop-school",
                "afpa-naq",
                "certifier-occ",
            )
        }
        assert seen == {
            "their-structure": 200,
            "structure-naq": 200,  # a token naming no structure: every structure of its region
            "la-fabrik": 200,
            "pix-naq": 200,
            "certifier-naq": 200,
            "other-structure": 404,
            "pop-school": 404,
            "afpa-naq": 404,  # not convened by Afpa (yet)
            "certifier-occ": 404,
        }
        session = await client.post("/exam-sessions", json=SESSION, headers=AFPA)
        convened = await client.post(
            f"/exam-sessions/{session.json()['exam_session_id']}/convocations",
            json={"conseiller_id": conseiller_id},
            headers=AFPA,
        )
        assert convened.status_code == 201, convened.text
        assert await status_for("afpa-naq") == 200  # Afpa convened the conseiller

        enrolment = {"conseiller_id": conseiller_id, "starts_on": "2026-09-07"}
        another = await client.post(
            "/full-title-enrolments", json=enrolment, headers=bearer("other-structure")
        )
        assert (another.status_code, another.json()["code"]) == (404, "unknown_conseiller")
        by_certifier = await client.post("/full-title-enrolments", json=enrolment, headers=AFPA)
        assert (by_certifier.status_code, by_certifier.json()["code"]) == (
            403,
            "role_not_allowed",
        )
        theirs = await client.post(
            "/full-title-enrolments", json=enrolment, headers=bearer("their-structure")
        )
        assert theirs.status_code == 201 and theirs.json()["organisation"]["id"] == "la-melee"
        twice = await client.post(
            "/full-title-enrolments", json=enrolment, headers=bearer("structure-naq")
        )
        assert (twice.status_code, twice.json()["code"]) == (409, "already_enrolled_in_full_title")
