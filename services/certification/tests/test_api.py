"""The certification service in-process over a real Kafka broker: consumed streams, HTTP
API, published events, authentication and region scoping."""

from __future__ import annotations

import pytest
from conum_certification import testing as kit
from conum_certification.app import create_app
from conum_runtime.testing.events import validated
from conum_runtime.testing.harness import bearer, read_topic, running

from .conftest import (
    CSV,
    HEADER,
    NAQ,
    NATIONAL,
    OCC,
    PIX,
    SESSION,
    in_training,
    new_session_over_http,
    publish,
    settings,
    wait_in_training,
)

pytestmark = pytest.mark.kafka


async def test_from_enrolment_streams_to_double_certification(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    conseiller_id = kit.new_id()
    # the path (positioning topic) is published before the enrolment: kept, then completed
    await publish(
        kafka_bootstrap,
        topic_prefix,
        kit.path_assigned(conseiller_id),
        kit.enrolled(conseiller_id, department="64"),
        kit.training_started(conseiller_id),
    )
    app = create_app(settings(sqlite_url, kafka_bootstrap, topic_prefix))
    async with running(app) as client:
        await wait_in_training(client, conseiller_id)
        created = await client.post(
            "/exam-sessions",
            json={"exam_on": "2026-06-18", "region": "FR-NAQ", "certifier": "afpa"},
            headers=NAQ,
        )
        assert created.status_code == 201, created.text
        session_id = created.json()["exam_session_id"]
        convened = await client.post(
            f"/exam-sessions/{session_id}/convocations",
            json={"conseiller_id": conseiller_id},
            headers=NAQ,
        )
        assert convened.status_code == 201, convened.text
        body = {
            "conseiller_id": conseiller_id,
            "score": 640,
            "certified": True,
            "recorded_on": "2026-06-05",
        }
        assert (await client.post("/pix-results", json=body, headers=PIX)).status_code == 201
        result = {"conseiller_id": conseiller_id, "result": "passed", "decided_on": "2026-06-25"}
        passed = await client.post(f"/exam-sessions/{session_id}/results", json=result, headers=NAQ)
        assert passed.status_code == 201, passed.text
        again = await client.post(f"/exam-sessions/{session_id}/results", json=result, headers=NAQ)
        assert (again.status_code, again.json()["code"]) == (409, "result_already_recorded")
        remn = await client.post(
            "/full-title-enrolments",
            json={"conseiller_id": conseiller_id, "starts_on": "2026-09-07"},
            headers=bearer("their-structure"),
        )
        assert remn.status_code == 201, remn.text
        assert remn.json()["organisation"]["id"] == "la-melee"

        view = (await client.get(f"/conseillers/{conseiller_id}/certification", headers=NAQ)).json()
        assert view["ccp1"] == "passed"
        assert view["double_certification"] == {
            "ccp1_passed_on": "2026-06-25",
            "pix_certified_on": "2026-06-05",
        }
        region = (await client.get("/regions/FR-NAQ/certification", headers=NAQ)).json()
        assert region == {
            "region": "FR-NAQ",
            "convened": 1,
            "awaiting_result": 0,
            "passed": 1,
            "failed": 0,
            "pix_certified": 1,
            "double_certified": 1,
            "full_title_enrolled": 1,
        }

        records = await read_topic(
            kafka_bootstrap,
            topic_prefix + "conum.certification.conseiller",
            until=lambda found: len(found) >= 5,
        )
    types = [r.envelope.type.split(".")[-2] for r in records]
    assert types == ["convened", "result_recorded", "passed", "double_certified", "enrolled"]
    for record in records:
        validated(record.envelope.type, record.value)  # every payload meets its contract
        assert record.key == conseiller_id.encode()
        assert record.envelope.region == "FR-NAQ"


async def test_http_input_is_authenticated_validated_and_region_scoped(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    conseiller_id = kit.new_id()
    await in_training(kafka_bootstrap, topic_prefix, conseiller_id)
    app = create_app(settings(sqlite_url, kafka_bootstrap, topic_prefix))
    session = SESSION
    async with running(app) as client:
        await wait_in_training(client, conseiller_id)
        assert (await client.post("/exam-sessions", json=session)).status_code == 401
        assert (
            await client.post("/exam-sessions", json=session, headers=bearer("nope"))
        ).status_code == 401
        not_certifier = await client.post(
            "/exam-sessions", json=session, headers=bearer("structure-naq")
        )
        assert (not_certifier.status_code, not_certifier.json()["code"]) == (
            403,
            "role_not_allowed",
        )
        other_region = await client.post("/exam-sessions", json=session, headers=OCC)
        assert (other_region.status_code, other_region.json()["code"]) == (403, "wrong_region")
        for malformed in (
            {**session, "exam_on": "soon"},
            {**session, "region": "naq"},
            {**session, "certifier": "Afpa SA"},
            {**session, "room": "B12"},
        ):
            answer = await client.post("/exam-sessions", json=malformed, headers=NAQ)
            assert answer.status_code == 422, malformed
        session_id = await new_session_over_http(client)

        result = {"conseiller_id": conseiller_id, "result": "passed", "decided_on": "2026-06-25"}
        missing = await client.post(
            f"/exam-sessions/{session_id}/results", json=result, headers=NAQ
        )
        assert (missing.status_code, missing.json()["code"]) == (409, "convocation_missing")
        occ_convenes = await client.post(
            f"/exam-sessions/{session_id}/convocations",
            json={"conseiller_id": conseiller_id},
            headers=OCC,
        )  # another region's session does not exist for it
        assert (occ_convenes.status_code, occ_convenes.json()["code"]) == (
            404,
            "unknown_exam_session",
        )
        assert (await client.get(f"/exam-sessions/{session_id}", headers=OCC)).status_code == 404
        not_an_id = await client.get("/exam-sessions/42", headers=NAQ)
        assert not_an_id.status_code == 422
        unknown = await client.get(f"/exam-sessions/{kit.new_id()}", headers=NAQ)
        assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_exam_session")
        early_id = await new_session_over_http(client, exam_on="2026-03-01")
        early_convocation = await client.post(
            f"/exam-sessions/{early_id}/convocations",
            json={"conseiller_id": conseiller_id},
            headers=NAQ,
        )
        assert early_convocation.status_code == 422
        assert early_convocation.json()["code"] == "exam_before_training_start"
        nobody = await client.post(
            f"/exam-sessions/{session_id}/convocations",
            json={"conseiller_id": kit.new_id()},
            headers=NAQ,
        )
        assert (nobody.status_code, nobody.json()["code"]) == (404, "unknown_conseiller")
        pix = {
            "conseiller_id": conseiller_id,
            "score": 640,
            "certified": True,
            "recorded_on": "2026-06-05",
        }
        for bad in ({"score": 1025}, {"score": "640"}, {"certified": 1}, {"certified": "yes"}):
            answer = await client.post("/pix-results", json={**pix, **bad}, headers=NAQ)
            assert answer.status_code == 422, bad  # strict: 1 is not true, "640" not 640
        occ_pix = await client.post("/pix-results", json=pix, headers=OCC)
        assert (occ_pix.status_code, occ_pix.json()["code"]) == (404, "unknown_conseiller")

        hidden = await client.get(f"/conseillers/{conseiller_id}/certification", headers=OCC)
        assert (hidden.status_code, hidden.json()["code"]) == (404, "unknown_conseiller")
        bad_id = await client.get("/conseillers/Dupont/certification", headers=NAQ)
        assert bad_id.status_code == 422
        other = await client.get("/regions/FR-NAQ/certification", headers=OCC)
        assert (other.status_code, other.json()["code"]) == (403, "wrong_region")
        assert (
            await client.get("/regions/FR-NAQ/certification", headers=NATIONAL)
        ).status_code == 200
        assert (await client.get("/regions/naq/certification", headers=NATIONAL)).status_code == 422

        not_csv = await client.post("/imports/results", json={"rows": []}, headers=NAQ)
        assert (not_csv.status_code, not_csv.json()["code"]) == (415, "unsupported_media_type")
        bad_header = await client.post(
            "/imports/results", content="nom,resultat\n", headers={**NAQ, **CSV}
        )
        assert (bad_header.status_code, bad_header.json()["code"]) == (422, "invalid_csv")
        not_utf8 = await client.post(
            "/imports/results", content=HEADER.encode("utf-16"), headers={**NAQ, **CSV}
        )
        assert (not_utf8.status_code, not_utf8.json()["code"]) == (422, "invalid_csv")
        by_structure = await client.post(
            "/imports/results", content=HEADER, headers={**bearer("structure-naq"), **CSV}
        )
        assert by_structure.status_code == 403
        row = f"{conseiller_id},ccp1,{session_id},passed,,2026-06-25\n"
        imported = await client.post(
            "/imports/results", content=HEADER + row, headers={**NAQ, **CSV}
        )
        assert imported.json() == {
            "applied": 0,
            "rejected": [
                {
                    "row": 2,
                    "reason": "convocation_missing",
                    "detail": imported.json()["rejected"][0]["detail"],
                }
            ],
        }
        by_occ = await client.post("/imports/results", content=HEADER + row, headers={**OCC, **CSV})
        assert by_occ.json()["rejected"][0]["reason"] == "unknown_exam_session"
        view = (await client.get(f"/conseillers/{conseiller_id}/certification", headers=NAQ)).json()
        assert view["convocations"] == [] and view["ccp1"] == "not_convened"


async def test_a_results_file_may_reach_a_mebibyte(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    app = create_app(settings(sqlite_url, kafka_bootstrap, topic_prefix))
    blank_lines = "\n" * 200_000  # above the 64 KiB of JSON bodies, below 1 MiB
    async with running(app) as client:
        large = await client.post(
            "/imports/results", content=HEADER + blank_lines, headers={**NAQ, **CSV}
        )
        assert large.status_code == 200, large.text
        assert large.json() == {"applied": 0, "rejected": []}
        too_large = await client.post(
            "/imports/results", content=HEADER + "\n" * 1_048_576, headers={**NAQ, **CSV}
        )
        assert too_large.status_code == 413
        operation = app.openapi()["paths"]["/imports/results"]["post"]
    body = operation["requestBody"]
    assert body["content"] == {"text/csv": {"schema": {"type": "string"}}}
    assert "conseiller_id,kind,exam_session_id,result,score,decided_on" in body["description"]
    assert set(operation["responses"]) == {"200", "401", "403", "413", "415", "422"}
