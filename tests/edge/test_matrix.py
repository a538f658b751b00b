"""Who may do what, where: every operation of every service × every role × three regions ×
bound and unbound tokens, each presented as a static token, and for two services those of the
national and one regional level again as OpenID Connect access tokens of a test issuer,
generated from the routes (their OpenAPI document and its ``x-roles``), so that a new endpoint
is covered without anyone adding it here.

For each operation:
- without a token, 401;
- a role the route does not allow, 403 ``role_not_allowed``, whatever it names;
- a role it allows, on a resource of the world (:mod:`.world`): 404 when the resource is out of
  the caller's scope (another region, or a bound token that is not one of its parties), never
  404 when it is in scope. A region named in the path is public: another one is 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from conum_kernel.access import Role
from conum_runtime.testing.issuer import TestIssuer, served_issuer
from conum_runtime.testing.served import served
from conum_runtime.testing.services import service_settings
from hypothesis import HealthCheck, find, settings

from .conftest import EVERY_TOKEN, SERVICES, TOKENS_JSON, Token, app_factory
from .world import IDF, NAQ, WORLDS, Resource, World

pytestmark = pytest.mark.kafka

REGIONS_OF = {"national": {NAQ, IDF}, NAQ: {NAQ}, IDF: {IDF}}


@dataclass
class Served:
    client: httpx.Client
    schema: schemathesis.BaseSchema
    world: World
    present: Callable[[Token], str] = field(default=lambda token: token.name)
    """The bearer token a caller presents."""
    tokens: list[Token] = field(default_factory=lambda: list(EVERY_TOKEN))
    """The callers tried."""


@pytest.fixture(scope="module")
def issuer() -> Iterator[TestIssuer]:
    with served_issuer() as served_:
        yield served_


def as_jwt(issuer: TestIssuer) -> Callable[[Token], str]:
    """Each caller as an access token of the issuer (the same role, region and binding)."""
    minted: dict[str, str] = {}

    def present(token: Token) -> str:
        if token.name not in minted:
            minted[token.name] = issuer.token(
                token.role.value, token.region, token.bound_to, subject=token.name, lifetime=3600
            )
        return minted[token.name]

    return present


JWT_SERVICES = ("enrolment", "modules")
"""The services whose matrix is run again with OpenID Connect tokens: the verifier and its
claims are the runtime's, the same in every service; these two have the most roles."""


@pytest.fixture(
    params=[(name, "static") for name in SERVICES] + [(name, "jwt") for name in JWT_SERVICES]
)
def service(
    request: pytest.FixtureRequest,
    kafka_bootstrap: str,
    topic_prefix: str,
    tmp_path: Path,
    issuer: TestIssuer,
) -> Iterator[Served]:
    name, kind = request.param
    settings_ = service_settings(
        f"sqlite+aiosqlite:///{tmp_path}/{name}.db",
        kafka_bootstrap,
        topic_prefix,
        TOKENS_JSON,
        **issuer.settings(),
    )
    with (
        served(app_factory(name)(settings_)) as base_url,
        httpx.Client(base_url=base_url) as client,
    ):
        world = WORLDS[name](client, kafka_bootstrap, topic_prefix)
        document = client.get("/openapi.json").json()
        schema = schemathesis.openapi.from_dict(document)
        if kind == "jwt":  # the claims read as the static tokens' fields: one region suffices
            tokens = [token for token in EVERY_TOKEN if token.region != IDF]
            yield Served(client, schema, world, as_jwt(issuer), tokens)
        else:
            yield Served(client, schema, world)


def a_valid_case(operation: schemathesis.APIOperation) -> schemathesis.Case:
    """The simplest request the document declares valid (deterministic)."""
    return find(
        operation.as_strategy(),
        lambda _case: True,
        settings=settings(database=None, derandomize=True, suppress_health_check=list(HealthCheck)),
    )


def aimed_at(case: schemathesis.Case, resource: Resource | None) -> dict[str, Any]:
    """The case's request, its ids replaced by the resource's."""
    path = dict(case.path_parameters or {})
    body = case.body
    if resource is not None:
        path |= {k: v for k, v in resource.params.items() if k in path}
        if isinstance(body, dict):
            body = body | {k: v for k, v in resource.params.items() if k in body}
    url = case.operation.path.format(**path)
    request: dict[str, Any] = {"method": case.method, "url": url, "params": case.query or {}}
    if body is not None and case.media_type == "application/json":
        request["json"] = body
    elif body is not None:
        request["content"] = body if isinstance(body, bytes) else str(body).encode()
        request["headers"] = {"content-type": case.media_type or "text/plain"}
    return request


def call(service: Served, request: dict[str, Any], token: Token | None) -> httpx.Response:
    headers = dict(request.get("headers", {}))
    if token is not None:
        headers["Authorization"] = f"Bearer {service.present(token)}"
    return service.client.request(**(request | {"headers": headers}))


def code_of(answer: httpx.Response) -> str | None:
    body = answer.json()
    return body.get("code") if isinstance(body, dict) else None


def in_scope(token: Token, resource: Resource) -> bool:
    if resource.region not in REGIONS_OF[token.region]:
        return False
    return (
        not token.bound_to
        or not resource.parties
        or token.bound_to in resource.parties.get(token.role.value, ())
    )


@pytest.mark.timeout(900)  # the modules service: about 20 operations × 35 tokens × 2 regions
def test_every_operation_answers_every_role_in_every_region_as_the_rules_say(
    service: Served,
) -> None:
    seen: list[str] = []
    problems: list[str] = []
    for result in service.schema.get_all_operations():
        operation = result.ok()
        roles = operation.definition.raw.get("x-roles")
        allowed = {Role(role) for role in roles} if roles else set(Role)
        case = a_valid_case(operation)
        params = set(case.path_parameters or {})
        label = operation.label
        seen.append(label)

        anonymous = call(service, aimed_at(case, None), None)
        if anonymous.status_code != 401:
            problems.append(f"{label} without a token: {anonymous.status_code}")
        for token in service.tokens:
            if token.role in allowed:
                continue
            answer = call(service, aimed_at(case, None), token)
            if (answer.status_code, code_of(answer)) != (403, "role_not_allowed"):
                problems.append(f"{label} as {token.name}: {answer.status_code} {answer.text}")
        if not params:
            continue
        for region in (NAQ, IDF):
            resource = service.world.resource_for(params, region)
            if resource is None:
                continue
            for token in (t for t in service.tokens if t.role in allowed):
                answer = call(service, aimed_at(case, resource), token)
                expected_out = 403 if params == {"region"} else 404
                if in_scope(token, resource):
                    if answer.status_code == 404 or code_of(answer) == "wrong_region":
                        problems.append(
                            f"{label} {region} as {token.name} (in scope): {answer.text}"
                        )
                elif answer.status_code != expected_out:
                    problems.append(
                        f"{label} {region} as {token.name} (out of scope): "
                        f"{answer.status_code} {answer.text[:200]}"
                    )
    print(f"{len(seen)} operations × {len(service.tokens)} tokens")
    assert seen
    assert not problems, "\n".join(problems[:40])
