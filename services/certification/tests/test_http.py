"""The certification service in-process over a real Kafka broker: consumed streams, HTTP
API, published events, authentication and region scoping."""

from __future__ import annotations

from pathlib import Path

import pytest
from conum_certification.app import create_app
from conum_contracts.decoding import decode_event
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.harness import bearer, eventually, read_topic, running, tokens_json

pytestmark = pytest.mark.kafka

TOKENS = tokens_json(
    ("certifier-naq", "certifier", "FR-NAQ"),
    ("certifier-occ", "certifier", "FR-OCC"),
    ("certifier-national", "certifier", "national"),
    ("afpa-naq", "certifier", "FR-NAQ", "afpa"),
    ("structure-naq", "host_structure", "FR-NAQ"),
)
NAQ, OCC, NATIONAL = bearer("certifier-naq"), bearer("certifier-occ"), bearer("certifier-national")
CSV = {"Content-Type": "text/csv"}


def settings(
    tmp_path: Path, bootstrap: str, prefix: str, region: str = "national"
) -> ServiceSettings:
    return ServiceSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/certification.db",
        kafka_bootstrap_servers=bootstrap,
        topic_prefix=prefix,
        tokens=TOKENS,
        relay_poll_interval=0.05,
        region=region,
    )


async def wait_in_training(client, conseiller_id: str) -> dict:
    async def probe() -> dict | None:
        answer = await client.get(f"/conseillers/{conseiller_id}/certification", headers=NAQ)
        found = answer.json() if answer.status_code == 200 else None
        ready = found and found["training"] == "in_training" and found["path_hours"]
        return found if ready else None

    return await eventually(probe)


async def test_from_enrolment_streams_to_double_certification(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, kit
) -> None:
    conseiller_id = kit.new_id()
    # the path (positioning topic) is published before the enrolment: kept, then completed
    await kit.publish_events(
        kafka_bootstrap,
        topic_prefix,
        [
            (kit.path_assigned(conseiller_id), "FR-NAQ"),
            (kit.enrolled(conseiller_id, department="64"), "FR-NAQ"),
            (kit.training_started(conseiller_id), "FR-NAQ"),
        ],
    )
    app = create_app(settings(tmp_path, kafka_bootstrap, topic_prefix))
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
        assert (await client.post("/pix-results", json=body, headers=NAQ)).status_code == 201
        result = {"conseiller_id": conseiller_id, "result": "passed", "decided_on": "2026-06-25"}
        passed = await client.post(f"/exam-sessions/{session_id}/results", json=result, headers=NAQ)
        assert passed.status_code == 201, passed.text
        again = await client.post(f"/exam-sessions/{session_id}/results", json=result, headers=NAQ)
        assert (again.status_code, again.json()["code"]) == (409, "result_already_recorded")
        remn = await client.post(
            "/full-title-enrolments",
            json={"conseiller_id": conseiller_id, "starts_on": "2026-09-07"},
            headers=bearer("structure-naq"),
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
        decode_event(record.envelope.type, record.value)  # every payload meets its contract
        assert record.key == conseiller_id.encode()
        assert record.envelope.region == "FR-NAQ"


async def test_http_input_is_authenticated_validated_and_region_scoped(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str, kit
) -> None:
    conseiller_id = kit.new_id()
    await kit.publish_events(
        kafka_bootstrap,
        topic_prefix,
        [
            (e, "FR-NAQ")
            for e in (
                kit.enrolled(conseiller_id),
                kit.path_assigned(conseiller_id),
                kit.training_started(conseiller_id),
            )
        ],
    )
    app = create_app(settings(tmp_path, kafka_bootstrap, topic_prefix))
    session = {"exam_on": "2026-06-18", "region": "FR-NAQ", "certifier": "afpa"}
    async with running(app) as client:
        await wait_in_training(client, conseiller_id)
        assert (await client.post("/exam-sessions", json=session)).status_code == 401
        assert (
            await client.post("/exam-sessions", json=session, headers=bearer("nope"))
        ).status_code == 401
        not_certifier = await client.post(
            "/exam-sessions", json=session, headers=bearer("structure-naq")
        )
        assert not_certifier.status_code == 403
        other_region = await client.post("/exam-sessions", json=session, headers=OCC)
        assert (other_region.status_code, other_region.json()["code"]) == (403, "wrong_region")
        malformed = await client.post(
            "/exam-sessions", json={**session, "exam_on": "soon"}, headers=NAQ
        )
        assert malformed.status_code == 422
        session_id = (await client.post("/exam-sessions", json=session, headers=NAQ)).json()[
            "exam_session_id"
        ]

        result = {"conseiller_id": conseiller_id, "result": "passed", "decided_on": "2026-06-25"}
        missing = await client.post(
            f"/exam-sessions/{session_id}/results", json=result, headers=NAQ
        )
        assert (missing.status_code, missing.json()["code"]) == (409, "convocation_missing")
        occ_convenes = await client.post(
            f"/exam-sessions/{session_id}/convocations",
            json={"conseiller_id": conseiller_id},
            headers=OCC,
        )
        assert (occ_convenes.status_code, occ_convenes.json()["code"]) == (403, "wrong_region")
        early = await client.post(
            "/exam-sessions", json={**session, "exam_on": "2026-03-01"}, headers=NAQ
        )
        early_convocation = await client.post(
            f"/exam-sessions/{early.json()['exam_session_id']}/convocations",
            json={"conseiller_id": conseiller_id},
            headers=NAQ,
        )
        assert early_convocation.json()["code"] == "exam_before_training_start"
        pix = {
            "conseiller_id": conseiller_id,
            "score": 1025,
            "certified": True,
            "recorded_on": "2026-06-05",
        }
        assert (await client.post("/pix-results", json=pix, headers=NAQ)).status_code == 422

        hidden = await client.get(f"/conseillers/{conseiller_id}/certification", headers=OCC)
        assert hidden.status_code == 404
        assert (await client.get("/regions/FR-NAQ/certification", headers=OCC)).status_code == 403
        assert (
            await client.get("/regions/FR-NAQ/certification", headers=NATIONAL)
        ).status_code == 200

        header = "conseiller_id,kind,exam_session_id,result,score,decided_on\n"
        not_csv = await client.post("/imports/results", json={"rows": []}, headers=NAQ)
        assert not_csv.status_code == 415
        bad_header = await client.post(
            "/imports/results", content="nom,resultat\n", headers={**NAQ, **CSV}
        )
        assert (bad_header.status_code, bad_header.json()["code"]) == (422, "invalid_csv")
        row = f"{conseiller_id},ccp1,{session_id},passed,,2026-06-25\n"
        imported = await client.post(
            "/imports/results", content=header + row, headers={**NAQ, **CSV}
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
        by_occ = await client.post("/imports/results", content=header + row, headers={**OCC, **CSV})
        assert by_occ.json()["rejected"][0]["reason"] == "wrong_region"
        view = (await client.get(f"/conseillers/{conseiller_id}/certification", headers=NAQ)).json()
        assert view["convocations"] == [] and view["ccp1"] == "not_convened"


async def test_a_regional_instance_refuses_writes_for_other_regions(
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    app = create_app(settings(tmp_path, kafka_bootstrap, topic_prefix, region="FR-NAQ"))
    session = {"exam_on": "2026-06-18", "region": "FR-OCC", "certifier": "afpa"}
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
    tmp_path: Path, kafka_bootstrap: str, topic_prefix: str
) -> None:
    others = {"exam_on": "2026-06-18", "region": "FR-NAQ", "certifier": "another-certifier"}
    app = create_app(settings(tmp_path, kafka_bootstrap, topic_prefix))
    async with running(app) as client:
        refused = await client.post("/exam-sessions", json=others, headers=bearer("afpa-naq"))
        created = await client.post("/exam-sessions", json=others, headers=NAQ)
        session_id = created.json()["exam_session_id"]
        convene = await client.post(
            f"/exam-sessions/{session_id}/convocations",
            json={"conseiller_id": "0d3c2b1a-0000-4000-8000-000000000001"},
            headers=bearer("afpa-naq"),
        )
    assert refused.status_code == 403 and refused.json()["code"] == "not_their_session"
    assert created.status_code == 201
    assert convene.status_code == 403 and convene.json()["code"] == "not_their_session"
