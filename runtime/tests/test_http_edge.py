"""The HTTP edge every service shares: one problem shape, limits, strict JSON text, true
OpenAPI and ``Allow`` headers. A bare application with the runtime's edge, no broker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import httpx
import pytest
from conum_kernel.refusals import Conflict, Forbidden, Invalid, NotFound
from conum_runtime.db import create_engine, session_factory
from conum_runtime.http.fields import Name, RequestBody, StrictBool, json_integer
from conum_runtime.http.problems import MEDIA_TYPE, problems
from conum_runtime.http.routing import install_edge, new_router
from fastapi import FastAPI
from pydantic import Field
from sqlalchemy import text


class Person(RequestBody):
    name: Name
    age: Annotated[int, Field(ge=0, le=150), json_integer]
    remote: StrictBool = False


class Unknown(NotFound):
    code = "unknown_thing"


REFUSALS: dict[str, Exception] = {
    "invalid": Invalid("bad"),
    "not_found": Unknown("no such thing"),
    "conflict": Conflict("already"),
    "forbidden": Forbidden("not yours"),
}


def edge_app() -> FastAPI:
    app = FastAPI()
    router = new_router()

    @router.post("/people", status_code=201, responses=problems(409))
    async def create(person: Person) -> Person:
        return person

    @router.get("/people")
    async def list_people() -> list[Person]:
        return []

    @router.get("/refusals/{kind}", responses=problems(403, 404, 409))
    async def refuse(kind: str) -> None:
        raise REFUSALS[kind]

    @router.post("/imports", max_body_size=1_048_576)
    async def upload(person: Person) -> Person:
        return person

    app.include_router(router)
    install_edge(app, [router])
    return app


@pytest.fixture
async def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=edge_app())
    return httpx.AsyncClient(transport=transport, base_url="http://edge")


def is_problem(answer: httpx.Response, status: int, code: str) -> bool:
    body = answer.json()
    return (
        answer.status_code == status
        and answer.headers["content-type"] == MEDIA_TYPE
        and body["code"] == code
        and body["type"] == f"urn:conum:problem:{code}"
        and body["status"] == status
    )


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("invalid", 422, "refused"),
        ("not_found", 404, "unknown_thing"),
        ("conflict", 409, "refused"),
        ("forbidden", 403, "refused"),
    ],
)
async def test_a_refusal_answers_the_status_of_its_category(
    client: httpx.AsyncClient, kind: str, status: int, code: str
) -> None:
    assert is_problem(await client.get(f"/refusals/{kind}"), status, code)


async def test_a_validation_error_names_the_field_without_echoing_the_value(
    client: httpx.AsyncClient,
) -> None:
    secret = "é" * 20_000
    answer = await client.post("/people", json={"name": "Awa", "age": secret})
    assert is_problem(answer, 422, "invalid_request")
    assert answer.json()["errors"][0]["location"] == "body.age"
    assert secret[:10] not in answer.text and len(answer.content) < 2_000


@pytest.mark.parametrize("text", ["\ud800", "Awa\u0000", "a\udfffb"])
async def test_unstorable_text_is_refused_with_its_location(
    client: httpx.AsyncClient, text: str
) -> None:
    body = json.dumps({"name": text, "age": 30})  # json escapes the surrogate: valid JSON
    answer = await client.post(
        "/people", content=body, headers={"content-type": "application/json"}
    )
    assert is_problem(answer, 422, "invalid_request")
    assert answer.json()["errors"][0] == {
        "location": "body.name",
        "message": "text must be valid Unicode without NUL characters",
        "type": "invalid_text",
    }


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b'{"name": "\xff", "age": 3}', 400, "malformed_body"),  # not UTF-8
        (b'{"name": "Awa", "age": ', 400, "malformed_body"),  # not JSON
        (b"[" * 5000 + b"]" * 5000, 400, "malformed_body"),  # nested too deeply
    ],
)
async def test_a_body_that_is_not_json_text_is_a_bad_request(
    client: httpx.AsyncClient, content: bytes, status: int, code: str
) -> None:
    answer = await client.post(
        "/people", content=content, headers={"content-type": "application/json"}
    )
    assert is_problem(answer, status, code)


async def test_a_body_of_another_media_type_is_refused(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/people", content=b"name=Awa", headers={"content-type": "text/plain"}
    )
    assert is_problem(answer, 415, "unsupported_media_type")


@pytest.mark.parametrize("value", [0, 1, "true", None])
async def test_booleans_are_strict(client: httpx.AsyncClient, value: object) -> None:
    answer = await client.post("/people", json={"name": "Awa", "age": 30, "remote": value})
    assert is_problem(answer, 422, "invalid_request")


@pytest.mark.parametrize(("value", "status"), [(30, 201), (30.0, 201), ("30", 422), (True, 422)])
async def test_integers_are_json_integers(
    client: httpx.AsyncClient, value: object, status: int
) -> None:
    answer = await client.post("/people", json={"name": "Awa", "age": value})
    assert answer.status_code == status


async def test_an_oversized_body_is_refused_by_its_declared_length(
    client: httpx.AsyncClient,
) -> None:
    body = b'{"name": "' + b"a" * 5_000_000 + b'", "age": 3}'
    answer = await client.post(
        "/people", content=body, headers={"content-type": "application/json"}
    )
    assert is_problem(answer, 413, "body_too_large")


async def test_an_oversized_streamed_body_is_refused_too(client: httpx.AsyncClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"a" * 10_000

    answer = await client.post(
        "/people", content=chunks(), headers={"content-type": "application/json"}
    )
    assert is_problem(answer, 413, "body_too_large")


async def test_a_route_may_declare_a_larger_limit(client: httpx.AsyncClient) -> None:
    body = json.dumps({"name": "a" * 150, "age": 3, "remote": False}) + " " * 200_000
    answer = await client.post(
        "/imports", content=body, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 200, answer.text


async def test_method_not_allowed_lists_every_method_of_the_path(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.request("OPTIONS", "/people")
    assert is_problem(answer, 405, "method_not_allowed")
    assert answer.headers["allow"] == "GET, POST"


async def test_the_document_declares_the_edges_statuses_in_the_problem_shape() -> None:
    document = edge_app().openapi()
    create = document["paths"]["/people"]["post"]["responses"]
    assert sorted(create) == ["201", "400", "409", "413", "415", "422"]
    assert create["409"]["content"][MEDIA_TYPE]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
    assert sorted(document["paths"]["/people"]["get"]["responses"]) == ["200"]
    assert {"Problem", "FieldError"} <= set(document["components"]["schemas"])
    age = document["components"]["schemas"]["Person"]["properties"]["age"]
    assert (age["minimum"], age["maximum"]) == (0, 150)


async def test_an_undeclared_query_parameter_is_refused(client: httpx.AsyncClient) -> None:
    answer = await client.get("/people", params={"regoin": "FR-NAQ"})
    assert is_problem(answer, 422, "invalid_request")
    assert answer.json()["errors"][0]["location"] == "query.regoin"


async def test_a_busy_store_is_a_503_to_retry_that_changed_nothing(tmp_path: Path) -> None:
    """A request that waited past the store's queue timeout (one SQLite connection per
    process, held here by another unit of work) is told to retry, not that the service
    failed."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/store.db", queue_timeout=0.2)
    sessions = session_factory(engine)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE things (name TEXT NOT NULL)"))
    app = FastAPI()
    router = new_router()

    @router.post("/things", status_code=201, responses=problems(503))
    async def add(thing: Person) -> Person:
        async with sessions() as session:
            await session.execute(text("INSERT INTO things VALUES (:name)"), {"name": thing.name})
            await session.commit()
        return thing

    app.include_router(router)
    install_edge(app, [router])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://edge") as client:
        async with sessions() as holder:
            await holder.execute(text("SELECT 1"))
            answer = await client.post("/things", json={"name": "Awa", "age": 30})
        assert is_problem(answer, 503, "store_busy")
        assert answer.headers["retry-after"] == "1"
        assert (await client.post("/things", json={"name": "Awa", "age": 30})).status_code == 201
    async with sessions() as session:
        assert (await session.execute(text("SELECT count(*) FROM things"))).scalar_one() == 1
    await engine.dispose()
