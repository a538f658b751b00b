"""A real service (certification) trusting a test issuer: its JWTs name the caller next to the
static tokens, refusals are 401 problems with a stable code and a challenge, and every write
lands in the instance's audit trail, which national coordinators read at ``GET /audit``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conum_certification.app import create_app
from conum_runtime.testing.harness import bearer, running, tokens_json
from conum_runtime.testing.issuer import SigningKey, TestIssuer, served_issuer
from conum_runtime.testing.services import service_settings
from sqlalchemy import select

pytestmark = pytest.mark.kafka

SESSION = {"exam_on": "2027-03-01", "region": "FR-NAQ", "certifier": "afpa"}
AUDIT_FIELDS = {
    "id",
    "at",
    "subject",
    "role",
    "region",
    "bound_to",
    "method",
    "route",
    "resource_id",
    "status",
}


@pytest.fixture
def issuer() -> Iterator[TestIssuer]:
    with served_issuer() as served:
        yield served


def jwt_bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_jwts_and_static_tokens_name_callers_and_every_write_is_audited(
    database_url: str, kafka_bootstrap: str, topic_prefix: str, issuer: TestIssuer
) -> None:
    settings = service_settings(
        database_url,
        kafka_bootstrap,
        topic_prefix,
        tokens_json(("static-certifier", "certifier", "FR-NAQ", "afpa")),
        **issuer.settings(),
    )
    app = create_app(settings)
    certifier = jwt_bearer(issuer.token("certifier", "FR-NAQ", "afpa", subject="agent-7"))
    national = jwt_bearer(issuer.token("national_coordinator", "national", subject="anct-1"))
    async with running(app) as client:
        created = await client.post("/exam-sessions", json=SESSION, headers=certifier)
        assert created.status_code == 201, created.text
        session_id = created.json()["exam_session_id"]
        by_static = await client.post(
            "/exam-sessions", json=SESSION, headers=bearer("static-certifier")
        )
        assert by_static.status_code == 201
        other_region = await client.post(
            "/exam-sessions", json=SESSION | {"region": "FR-IDF"}, headers=certifier
        )
        assert other_region.status_code == 403
        missing = await client.post(
            f"/exam-sessions/{uuid.uuid4()}/convocations",
            json={"conseiller_id": str(uuid.uuid4())},
            headers=certifier,
        )
        assert missing.status_code == 404
        read = await client.get(f"/exam-sessions/{session_id}", headers=certifier)
        assert read.status_code == 200

        as_certifier = await client.get("/audit", headers=certifier)
        assert (as_certifier.status_code, as_certifier.json()["code"]) == (
            403,
            "role_not_allowed",
        )
        trail = await client.get("/audit", headers=national)
        assert trail.status_code == 200, trail.text
        items: list[dict[str, Any]] = trail.json()["items"]

        assert [(i["method"], i["route"], i["status"]) for i in items] == [
            ("POST", "/exam-sessions", 201),
            ("POST", "/exam-sessions", 201),
            ("POST", "/exam-sessions", 403),
            ("POST", "/exam-sessions/{exam_session_id}/convocations", missing.status_code),
        ]  # the read is not a write
        first = items[0]
        assert set(first) == AUDIT_FIELDS
        at = datetime.fromisoformat(first["at"])
        assert at.tzinfo is not None and abs(datetime.now(UTC) - at) < timedelta(minutes=5)
        assert (first["subject"], first["role"], first["region"], first["bound_to"]) == (
            "oidc:agent-7",
            "certifier",
            "FR-NAQ",
            "afpa",
        )
        assert first["resource_id"] == session_id  # a creation: the key of what it emitted
        assert items[1]["subject"].startswith("token:")
        assert "static-certifier" not in items[1]["subject"]
        assert items[3]["resource_id"].startswith("exam_session_id=")

        mine = await client.get("/audit", params={"actor": "oidc:agent-7"}, headers=national)
        assert len(mine.json()["items"]) == 3
        later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
        assert (await client.get("/audit", params={"since": later}, headers=national)).json()[
            "items"
        ] == []
        page = (await client.get("/audit", params={"limit": 2}, headers=national)).json()
        assert len(page["items"]) == 2
        rest = await client.get(
            "/audit", params={"limit": 2, "cursor": page["next_cursor"]}, headers=national
        )
        assert [i["id"] for i in rest.json()["items"]] == [i["id"] for i in items[2:]]
        assert rest.json()["next_cursor"] is None


async def test_refused_tokens_are_401_problems_with_a_code_and_a_challenge(
    sqlite_url: str, kafka_bootstrap: str, topic_prefix: str, issuer: TestIssuer
) -> None:
    settings = service_settings(
        sqlite_url, kafka_bootstrap, topic_prefix, tokens_json(), **issuer.settings()
    )
    app = create_app(settings)
    cases = {
        "token_expired": issuer.token("certifier", "FR-NAQ", lifetime=-3600),
        "bad_signature": issuer.token(
            "certifier", "FR-NAQ", key=SigningKey.rsa(kid=issuer.keys[0].kid)
        ),
        "wrong_issuer": issuer.token("certifier", "FR-NAQ", iss="https://elsewhere"),
        "wrong_audience": issuer.token("certifier", "FR-NAQ", aud="another-api"),
        "unknown_key": issuer.token("certifier", "FR-NAQ", key=SigningKey.ec()),
        "missing_claim": issuer.token("certifier", "FR-NAQ", conum_role=None),
        "unauthenticated": "not-a-known-token",
    }
    async with running(app) as client:
        for code, token in cases.items():
            answer = await client.post("/exam-sessions", json=SESSION, headers=jwt_bearer(token))
            assert answer.status_code == 401, (code, answer.text)
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["code"] == code
            assert answer.headers["www-authenticate"].startswith('Bearer realm="conum"')
            if code != "unauthenticated":
                assert 'error="invalid_token"' in answer.headers["www-authenticate"]
        anonymous = await client.post("/exam-sessions", json=SESSION)
        assert anonymous.headers["www-authenticate"] == 'Bearer realm="conum"'

        host = app.state.host
        async with host.sessions() as session:
            connection = await session.connection()
            rows = (await connection.execute(select(host.tables.audit))).all()
        assert rows == []  # no one authenticated: nothing to name

    document = app.openapi()
    audit = document["paths"]["/audit"]["get"]
    assert audit["x-roles"] == ["national_coordinator"]
    assert {"since", "actor", "cursor", "limit"} <= {p["name"] for p in audit["parameters"]}
