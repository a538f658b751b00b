"""The certification service in-process over a real Kafka broker: consumed streams, HTTP
API, published events, authentication and region scoping."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from conum_certification import testing as kit
from conum_certification.app import create_app
from conum_contracts.base import EventModel
from conum_runtime.settings import ServiceSettings
from conum_runtime.testing.events import envelope_for, publish_events, validated
from conum_runtime.testing.harness import bearer, eventually, read_topic, running, tokens_json
from conum_runtime.testing.services import service_settings

pytestmark = pytest.mark.kafka

OTHER_STRUCTURE = "11111111-2222-4333-8444-555555555555"
TOKENS = tokens_json(
    ("certifier-naq", "certifier", "FR-NAQ"),
    ("certifier-occ", "certifier", "FR-OCC"),
    ("certifier-national", "certifier", "national"),
    ("afpa-naq", "certifier", "FR-NAQ", "afpa"),
    ("pix-naq", "certifier", "FR-NAQ", "pix"),
    ("structure-naq", "host_structure", "FR-NAQ"),
    ("their-structure", "host_structure", "FR-NAQ", kit.STRUCTURE_ID),
    ("other-structure", "host_structure", "FR-NAQ", OTHER_STRUCTURE),
    ("la-fabrik", "training_organisation", "FR-NAQ", kit.ORGANISATION),
    ("pop-school", "training_organisation", "FR-NAQ", "pop-school"),
)
NAQ, OCC, NATIONAL = bearer("certifier-naq"), bearer("certifier-occ"), bearer("certifier-national")
AFPA, PIX = bearer("afpa-naq"), bearer("pix-naq")
CSV = {"Content-Type": "text/csv"}
HEADER = "conseiller_id,kind,exam_session_id,result,score,decided_on\n"
SESSION = {"exam_on": "2026-06-18", "region": "FR-NAQ", "certifier": "afpa"}


def settings(
    sqlite_url: str, bootstrap: str, prefix: str, region: str = "national"
) -> ServiceSettings:
    return service_settings(sqlite_url, bootstrap, prefix, TOKENS, region=region)


async def publish(bootstrap: str, prefix: str, *events: EventModel, region: str = "FR-NAQ") -> None:
    await publish_events(bootstrap, prefix, [(e, envelope_for(e, region)) for e in events])


async def in_training(bootstrap: str, prefix: str, conseiller_id: str, **fields: Any) -> None:
    """The enrolment, the path and the training start of a conseiller, on their topics."""
    await publish(
        bootstrap,
        prefix,
        kit.enrolled(conseiller_id, **fields),
        kit.path_assigned(conseiller_id),
        kit.training_started(conseiller_id),
    )


async def wait_in_training(client: httpx.AsyncClient, conseiller_id: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        answer = await client.get(f"/conseillers/{conseiller_id}/certification", headers=NAQ)
        found = answer.json() if answer.status_code == 200 else None
        ready = found and found["training"] == "in_training" and found["path_hours"]
        return found if ready else None

    found: dict[str, Any] = await eventually(probe)
    return found


async def new_session(client: httpx.AsyncClient, **fields: str) -> str:
    created = await client.post("/exam-sessions", json={**SESSION, **fields}, headers=NAQ)
    assert created.status_code == 201, created.text
    session_id: str = created.json()["exam_session_id"]
    return session_id


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
        session_id = await new_session(client)

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
        early_id = await new_session(client, exam_on="2026-03-01")
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
        theirs = await new_session(client, certifier="another-certifier")
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
